//! One window per instance list, through the real socket and the real app: a later start's
//! request brings the window forward and opens the instance it names; an unknown name is said.

use crate::common;

use std::time::Duration;

use common::{HANG, has_label, runtime, wait_for};
use witi_connect::api::ApiKey;
use witi_connect::app::{AppOptions, InstanceMeta};
use witi_connect::single::{self, Request, Start};

#[test]
fn a_second_start_raises_the_window_and_opens_the_instance_it_names() {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("instances.json");
    let socket = single::socket_path(&list);
    let Start::First(claim) = single::start(&socket, &Request::default()).unwrap() else {
        panic!("the first start claims the list")
    };
    let instances = ["Loja Centro", "Loja Norte"]
        .map(|name| InstanceMeta::new(name, "http://127.0.0.1:9", ApiKey::new("single-window-key-01")));
    let options = AppOptions {
        single_window: Some(claim.clone()),
        backend: common::quiet_backend(),
        ..AppOptions::with_instances(instances.into())
    };
    let mut h = common::app(&rt, options);
    h.run_steps(2);
    assert_eq!(h.state().selected().unwrap().meta.name, "Loja Centro");

    // What main() does on a second start with --instance "loja norte": handed on, not run.
    let asked = std::thread::spawn({
        let socket = socket.clone();
        move || single::start(&socket, &Request { open: Some("loja norte".into()) })
    });
    wait_for(&mut h, "the request", HANG, |h| h.state().raised() == 1);
    assert!(matches!(asked.join().unwrap().unwrap(), Start::HandedOn), "the second start exits");
    assert_eq!(h.state().selected().unwrap().meta.name, "Loja Norte");

    // A name the list does not have is said, and the selection stays.
    let socket2 = socket.clone();
    std::thread::spawn(move || single::ask(&socket2, &Request { open: Some("Loja Sul".into()) }).unwrap());
    wait_for(&mut h, "the second request", HANG, |h| h.state().raised() == 2);
    h.run_steps(2);
    assert!(has_label(&h, "No instance is named \"Loja Sul\"."), "the unknown name is said");
    assert_eq!(h.state().selected().unwrap().meta.name, "Loja Norte");

    // At exit the socket goes; the next start claims it afresh.
    drop(h);
    claim.release();
    std::thread::sleep(Duration::from_millis(50));
    assert!(!socket.exists());
    assert!(matches!(single::start(&socket, &Request::default()).unwrap(), Start::First(_)));
}
