//! Keys kept in a keyring are read after the window opens: the list shows at once, those
//! instances start when the keyring answers, a save in between keeps their references, and a
//! key the keyring cannot give is said by name. (A vault of the test's own; the real
//! Secret Service is tests/keyring.rs.)

use crate::common;

use std::sync::{Arc, Condvar, Mutex};

use common::{HANG, has_label, runtime, simulator, wait_for};
use witi_connect::api::ApiKey;
use witi_connect::app::AppOptions;
use witi_connect::keys::{Keys, Vault};
use witi_connect::simulator::SimConfig;
use witi_connect::store::{ConfigFile, SavedInstance, Store};

const KEY: &str = "SLOW-KEYRING-KEY-0001";

/// A keyring that holds one key and answers only once the test opens the gate.
#[derive(Default)]
struct GatedVault {
    open: Mutex<bool>,
    opened: Condvar,
}

impl GatedVault {
    fn open(&self) {
        *self.open.lock().unwrap() = true;
        self.opened.notify_all();
    }
}

/// Opens the gate when the test ends, passed or failed: the runtime's blocking pool must not
/// wait for ever on a read the test never allowed.
struct OpenOnDrop(Arc<GatedVault>);

impl Drop for OpenOnDrop {
    fn drop(&mut self) {
        self.0.open();
    }
}

impl Vault for GatedVault {
    fn get(&self, uid: &str) -> Result<Option<String>, String> {
        let mut open = self.open.lock().unwrap();
        while !*open {
            open = self.opened.wait(open).unwrap();
        }
        match uid {
            "uid-readable" => Ok(Some(KEY.into())),
            _ => Ok(None),
        }
    }
    fn set(&self, _: &str, _: &str, _: &str) -> Result<(), String> {
        Ok(())
    }
    fn delete(&self, _: &str) -> Result<(), String> {
        Ok(())
    }
}

fn reference(id: &str, name: &str, base_url: &str) -> SavedInstance {
    SavedInstance {
        id: id.into(),
        name: name.into(),
        base_url: base_url.into(),
        key: ApiKey::new(""),
        tags: Vec::new(),
        notes: String::new(),
        parked: false,
        keyring: true,
    }
}

#[test]
fn the_window_opens_before_the_keyring_answers_and_nothing_is_lost_meanwhile() {
    let rt = runtime();
    let sim = simulator(&rt, SimConfig::default(), [KEY]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("instances.json");
    let file = ConfigFile {
        instances: vec![
            reference("uid-readable", "Loja Centro", &sim.base_url),
            reference("uid-missing", "Loja Norte", &sim.base_url),
        ],
        ..ConfigFile::default()
    };
    Store::new(&path).save(&file).unwrap();

    let vault = Arc::new(GatedVault::default());
    let _gate = OpenOnDrop(vault.clone());
    let keys = Arc::new(Keys::new(Ok(vault.clone() as Arc<dyn Vault>)));
    let mut options = AppOptions { backend: common::quiet_backend(), ..AppOptions::default() };
    options.load_instances(Store::new(&path).with_keys(keys));
    let mut h = common::app(&rt, options);
    h.run_steps(3);
    // The window is up with both instances listed; nobody polled (no key yet).
    assert!(has_label(&h, "Loja Centro") && has_label(&h, "Loja Norte"));
    assert!(h.state().instances().iter().all(|i| i.status.is_none() && i.poll_error.is_none()));

    // A save while the keyring has not answered (a tag added) keeps both references.
    let mut meta = h.state().instances()[1].meta.clone();
    meta.tags = vec!["norte".into()];
    let id = h.state().instances()[1].id;
    h.state_mut().act(witi_connect::app::intent::Action::Update(id, meta));
    wait_for(&mut h, "the save", HANG, |_| std::fs::read_to_string(&path).unwrap().contains("norte"));
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches("\"keyring\": true").count(), 2, "{text}");

    vault.open();
    wait_for(&mut h, "Loja Centro polled with the key read", HANG, |h| {
        h.state().instances()[0].status.is_some()
    });
    wait_for(&mut h, "Loja Norte's missing key said", HANG, |h| {
        has_label(h, "The API key of “Loja Norte” could not be read")
    });
    assert!(h.state().instances()[1].fatal.is_some(), "it cannot connect, and says so");
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches("\"keyring\": true").count(), 2, "still both references: {text}");
}

/// Opens after the first `first` reads: what came before must already be running.
struct SecondGate {
    first: usize,
    reads: Mutex<usize>,
    open: Mutex<bool>,
    opened: Condvar,
}

impl Vault for SecondGate {
    fn get(&self, uid: &str) -> Result<Option<String>, String> {
        let n = {
            let mut reads = self.reads.lock().unwrap();
            *reads += 1;
            *reads
        };
        if n > self.first {
            let mut open = self.open.lock().unwrap();
            while !*open {
                open = self.opened.wait(open).unwrap();
            }
        }
        Ok(Some(format!("{uid}-key")))
    }
    fn set(&self, _: &str, _: &str, _: &str) -> Result<(), String> {
        Ok(())
    }
    fn delete(&self, _: &str) -> Result<(), String> {
        Ok(())
    }
}

struct OpenSecondOnDrop(Arc<SecondGate>);

impl Drop for OpenSecondOnDrop {
    fn drop(&mut self) {
        *self.0.open.lock().unwrap() = true;
        self.0.opened.notify_all();
    }
}

#[test]
fn instances_start_as_their_keys_come_a_batch_at_a_time() {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("instances.json");
    let file = ConfigFile {
        instances: (0..450)
            .map(|i| reference(&format!("uid-{i:03}"), &format!("Loja {i:03}"), "http://127.0.0.1:9/"))
            .collect(),
        ..ConfigFile::default()
    };
    Store::new(&path).save(&file).unwrap();
    let vault = Arc::new(SecondGate {
        first: 250,
        reads: Mutex::new(0),
        open: Mutex::new(false),
        opened: Condvar::new(),
    });
    let _gate = OpenSecondOnDrop(vault.clone());
    let keys = Arc::new(Keys::new(Ok(vault.clone() as Arc<dyn Vault>)));
    let mut options = AppOptions { backend: common::quiet_backend(), ..AppOptions::default() };
    options.load_instances(Store::new(&path).with_keys(keys));
    let mut h = common::app(&rt, options);
    let with_key =
        |h: &common::AppHarness| h.state().instances().iter().filter(|i| !i.meta.key.is_empty()).count();
    // The first batch (200) came while the keyring still works on the rest.
    wait_for(&mut h, "the first batch", HANG, |h| with_key(h) > 0);
    h.run_steps(2);
    assert_eq!(with_key(&h), 200, "one batch started, the rest waits for the keyring");
    *vault.open.lock().unwrap() = true;
    vault.opened.notify_all();
    wait_for(&mut h, "every key", HANG, |h| with_key(h) == 450);
}
