//! How long a fleet's keys take in the system keyring: moving them from an old list (a chunk
//! per save, as the app does) and a start (every key read back, after the window opened).
//! Needs a Secret Service; `scripts/keyring_fleet.sh 5000` runs it against a private
//! gnome-keyring. Its items are deleted at the end.

use std::sync::Arc;
use std::time::Instant;

use witi_connect::api::ApiKey;
use witi_connect::keys::Keys;
use witi_connect::store::{ConfigFile, Loaded, SavedInstance, Store};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("instances.json");
    let config = ConfigFile {
        instances: (0..n)
            .map(|i| SavedInstance {
                id: format!("keyring-fleet-{i:05}"),
                name: format!("Loja {i:05}"),
                base_url: "http://127.0.0.1:8787/".into(),
                key: ApiKey::new(format!("fleet-key-{i:05}-abcdef")),
                tags: Vec::new(),
                notes: String::new(),
                parked: false,
                keyring: false,
            })
            .collect(),
        ..ConfigFile::default()
    };
    Store::new(&path).save(&config)?;

    let keys = Arc::new(Keys::connect());
    if !keys.has_keyring() {
        return Err(format!("no Secret Service: {}", keys.home().describe()).into());
    }
    let store = Store::new(&path).with_keys(keys);
    let Loaded::Config(loaded) = store.load()? else { return Err("no list".into()) };
    // As the app does it: a chunk per save until none is left to move.
    let started = Instant::now();
    let mut saves = 0;
    loop {
        store.save(&loaded)?;
        saves += 1;
        if store.key_home().moving == 0 {
            break;
        }
    }
    let migrate = started.elapsed();

    let started = Instant::now();
    let again = Store::new(&path).with_keys(Arc::new(Keys::connect()));
    let Loaded::Config(read) = again.load()? else { return Err("no list".into()) };
    let start = started.elapsed();
    assert!(read.instances.iter().all(|i| !i.key.is_empty()), "every key read back");

    println!(
        "keyring, {n} instances: storing every key {migrate:.2?} ({saves} saves), a start reading every key {start:.2?}"
    );
    // Clean up: an empty list deletes every item.
    again.save(&ConfigFile::default())?;
    Ok(())
}
