//! API keys in a real Secret Service. These tests are ignored in a plain `cargo test` (they
//! need a daemon, or its absence, arranged outside the process): `tests/keyring_test.sh` runs
//! the `keyring_` ones under `dbus-run-session` with a gnome-keyring daemon, and the
//! `fallback_` ones with no session bus at all. CI runs that script.

mod common;

use std::process::Command;
use std::sync::Arc;

use common::{HANG, has_label, runtime, simulator, wait_for};
use egui_kittest::kittest::Queryable;
use witi_connect::api::ApiKey;
use witi_connect::app::{AppOptions, InstanceMeta};
use witi_connect::keys::{Keys, SecretService, Vault};
use witi_connect::simulator::SimConfig;
use witi_connect::store::{ConfigFile, Loaded, SavedInstance, Store};

const KEY_A: &str = "KEYRING-TEST-A7Q2-LOJA-CENTRO";
const KEY_B: &str = "KEYRING-TEST-B9X4-LOJA-NORTE";

fn saved(id: &str, name: &str, key: &str, base_url: &str) -> SavedInstance {
    SavedInstance {
        id: id.into(),
        name: name.into(),
        base_url: base_url.into(),
        key: ApiKey::new(key),
        tags: Vec::new(),
        notes: String::new(),
        parked: false,
        keyring: false,
    }
}

/// What `secret-tool` (libsecret, another client of the same daemon) sees of our items.
fn secret_tool_search() -> String {
    let out = Command::new("secret-tool")
        .args(["search", "--all", "service", witi_connect::keys::SERVICE])
        .output()
        .expect("secret-tool (libsecret-tools) is installed");
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn load(store: &Store) -> ConfigFile {
    match store.load().unwrap() {
        Loaded::Config(c) => c,
        other => panic!("{other:?}"),
    }
}

#[test]
#[ignore = "needs a Secret Service daemon: tests/keyring_test.sh"]
fn keyring_items_are_stored_read_labelled_and_deleted() {
    let vault = SecretService::connect().expect("the test daemon answers");
    vault.set("test-uid-1", "witi-connect: Loja Centro", KEY_A).unwrap();
    assert_eq!(vault.get("test-uid-1").unwrap().as_deref(), Some(KEY_A));
    let seen = secret_tool_search();
    assert!(seen.contains("label = witi-connect: Loja Centro"), "labelled with the name: {seen}");
    assert!(seen.contains("username = test-uid-1"), "{seen}");
    // Replacing keeps one item.
    vault.set("test-uid-1", "witi-connect: Loja Centro", KEY_B).unwrap();
    assert_eq!(vault.get("test-uid-1").unwrap().as_deref(), Some(KEY_B));
    assert_eq!(secret_tool_search().matches("username = test-uid-1").count(), 1);
    vault.delete("test-uid-1").unwrap();
    assert_eq!(vault.get("test-uid-1").unwrap(), None);
    vault.delete("test-uid-1").expect("deleting what is not there is fine");
}

#[test]
#[ignore = "needs a Secret Service daemon: tests/keyring_test.sh"]
fn keyring_an_old_file_migrates_and_a_removed_instance_leaves_the_keyring() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("instances.json");
    let old = ConfigFile {
        instances: vec![
            saved("mig-uid-a", "Loja Centro", KEY_A, "http://127.0.0.1:1"),
            saved("mig-uid-b", "Loja Norte", KEY_B, "http://127.0.0.1:1"),
        ],
        ..ConfigFile::default()
    };
    Store::new(&path).save(&old).unwrap();

    let store = Store::new(&path).with_keys(Arc::new(Keys::connect()));
    assert!(store.keys().unwrap().has_keyring());
    let loaded = load(&store);
    assert!(store.keys().unwrap().wants_migration(&loaded));
    store.save(&loaded).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains(KEY_A) && !text.contains(KEY_B), "no key left in the file: {text}");
    assert!(secret_tool_search().contains("label = witi-connect: Loja Norte"));

    // A second start reads them back from the daemon.
    let again = Store::new(&path).with_keys(Arc::new(Keys::connect()));
    let mut loaded = load(&again);
    assert_eq!(loaded.instances[0].key.expose(), KEY_A);
    assert_eq!(again.key_home().in_keyring, 2);

    // Removing an instance removes its item, once the file no longer names it.
    loaded.instances.remove(1);
    again.save(&loaded).unwrap();
    assert!(!secret_tool_search().contains("mig-uid-b"), "the removed instance's item is gone");
    assert!(secret_tool_search().contains("mig-uid-a"));
    SecretService::connect().unwrap().delete("mig-uid-a").unwrap();
}

/// The app itself with the daemon: Preferences says where the keys are, an instance added in
/// the app lands in the keyring and not in the file, and it connects with the key read back.
#[test]
#[ignore = "needs a Secret Service daemon: tests/keyring_test.sh"]
fn keyring_the_app_keeps_a_new_instance_key_in_the_keyring() {
    let rt = runtime();
    let sim = simulator(&rt, SimConfig::default(), [KEY_A]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("instances.json");
    let mut options = AppOptions::default();
    options.load_instances(Store::new(&path).with_keys(Arc::new(Keys::connect())));
    let meta = InstanceMeta::new("Loja Sul", sim.base_url.clone(), ApiKey::new(KEY_A));
    options.instances.push(InstanceMeta { persist: true, ..meta });
    options.save_at_start = true;
    let mut h = common::app(&rt, options);
    wait_for(&mut h, "the saved file", HANG, |_| {
        std::fs::read_to_string(&path).is_ok_and(|t| t.contains("Loja Sul"))
    });
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains(KEY_A) && text.contains("\"keyring\": true"), "{text}");
    assert!(secret_tool_search().contains("label = witi-connect: Loja Sul"));
    h.get_by_label("Preferences…").click();
    h.run();
    assert!(has_label(
        &h,
        "In the system keyring (Secret Service): the instance file keeps only references."
    ));
    drop(h);

    // The next start connects with the key from the keyring.
    let mut options = AppOptions::default();
    options.load_instances(Store::new(&path).with_keys(Arc::new(Keys::connect())));
    assert!(options.instances[0].key.is_empty(), "read after the window opens, not before");
    assert!(options.keys_to_read.is_some());
    let uid = options.instances[0].uid.to_string();
    let mut h = common::app(&rt, options);
    wait_for(&mut h, "a status with the key read back", HANG, |h| {
        h.state().selected().unwrap().code().is_some()
    });
    drop(h);
    SecretService::connect().unwrap().delete(&uid).unwrap();
}

#[test]
#[ignore = "needs no session bus: tests/keyring_test.sh"]
fn fallback_without_a_daemon_keys_stay_in_the_owner_only_file() {
    let keys = Keys::connect();
    assert!(!keys.has_keyring(), "no session bus here");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("instances.json");
    let store = Store::new(&path).with_keys(Arc::new(keys));
    let config = ConfigFile {
        instances: vec![saved("fb-uid", "Loja Centro", KEY_A, "http://127.0.0.1:1")],
        ..ConfigFile::default()
    };
    store.save(&config).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(KEY_A) && !text.contains("keyring"), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let said = store.key_home().describe();
    assert!(
        said.starts_with("In the instance file") && said.contains("no system keyring answered"),
        "{said}"
    );
    assert_eq!(load(&store).instances[0].key.expose(), KEY_A);
}
