//! Where the API keys live: the desktop's Secret Service (GNOME Keyring, KWallet) when one
//! answers, one item per instance labelled with its name; otherwise the owner-only instance
//! file, as before. The instance file then holds a reference (`"keyring": true`) instead of
//! the key.
//!
//! The rules, in one place:
//! - A key leaves the file only once the keyring confirmed storing it: a keyring that refuses
//!   halfway leaves the rest in the file, and nothing is lost.
//! - A keyring that refuses once is not asked again in that save (a locked or broken keyring
//!   would otherwise be asked thousands of times).
//! - A key that could not be read back at start (the keyring is gone or locked) stays a
//!   reference on disk: the instance cannot connect this run, but the next run with the keyring
//!   gets it back.
//! - A keyring item is deleted only after the file no longer refers to it.
//!
//! Everything here blocks on D-Bus: it runs before the window opens or on the runtime's
//! blocking pool (the saver), never on the UI thread.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use crate::store::{ConfigFile, SavedInstance};
use crate::tr;

/// The Secret Service attribute `service` of every item; `username` is the instance's id.
pub const SERVICE: &str = "witi-connect";

/// A store of secrets by instance id. The Secret Service in the app; tests also use one that
/// refuses, to check that nothing is lost.
pub trait Vault: Send + Sync {
    /// The key stored for `uid`, `None` when there is no such item.
    fn get(&self, uid: &str) -> Result<Option<String>, String>;
    /// Stores (or replaces) the key of `uid` under `label`.
    fn set(&self, uid: &str, label: &str, key: &str) -> Result<(), String>;
    /// Deletes the item of `uid`; no item is not an error.
    fn delete(&self, uid: &str) -> Result<(), String>;
}

/// Keys written to the keyring in one save at most (a chunk of a migration).
pub const WRITES_PER_SAVE: usize = 100;

/// Where the keys are, as Preferences says it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeyHome {
    pub in_keyring: usize,
    pub in_file: usize,
    /// Keys in the file on their way to the keyring (a migration, a chunk per save).
    pub moving: usize,
    /// Why keys are in the file: no keyring answered, or it refused.
    pub reason: Option<String>,
}

impl KeyHome {
    /// One sentence for Preferences.
    pub fn describe(&self) -> String {
        if self.moving > 0 {
            return tr!("keys-home-moving", moving = self.moving as i64, keyring = self.in_keyring as i64);
        }
        let reason = self.reason.clone().unwrap_or_default();
        match (self.in_keyring, self.in_file) {
            (_, 0) if self.reason.is_none() => tr!("keys-home-keyring"),
            (0, _) => tr!("keys-home-file", reason = reason),
            (k, f) => tr!("keys-home-mixed", keyring = k as i64, file = f as i64, reason = reason),
        }
    }
}

/// The label of an instance's item, as the desktop's password manager lists it.
pub fn label(name: &str) -> String {
    format!("witi-connect: {name}")
}

/// The keys' side of the instance file, shared by the store's clones.
pub struct Keys {
    vault: Option<Arc<dyn Vault>>,
    /// False with `--no-keyring`: keys are read from the keyring but written to the file (and
    /// their items deleted once the file holds them).
    write_to_keyring: bool,
    /// Why there is no vault (shown in Preferences).
    absent: Option<String>,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// What the keyring holds for each instance, as this run stored or read it: (label, key).
    stored: HashMap<String, (String, String)>,
    /// Instances whose key is in the keyring but could not be read at start.
    unresolved: HashSet<String>,
    /// Readable problems from the last load, for the app's notices.
    notices: Vec<String>,
    home: KeyHome,
}

impl Keys {
    /// With the keyring `vault`, or without one for the `absent` reason.
    pub fn new(vault: Result<Arc<dyn Vault>, String>) -> Self {
        let (vault, absent) = match vault {
            Ok(v) => (Some(v), None),
            Err(reason) => (None, Some(reason)),
        };
        Self { vault, absent, write_to_keyring: true, state: Mutex::new(State::default()) }
    }

    /// Keys go back to (and stay in) the file; the keyring is only read.
    pub fn read_only(self) -> Self {
        Self { write_to_keyring: false, ..self }
    }

    /// The desktop's Secret Service, or why there is none (no session bus, no daemon).
    pub fn connect() -> Self {
        Self::new(SecretService::connect().map(|s| Arc::new(s) as Arc<dyn Vault>))
    }

    pub fn has_keyring(&self) -> bool {
        self.vault.is_some()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Where the keys were after the last load or save.
    pub fn home(&self) -> KeyHome {
        self.lock().home.clone()
    }

    /// The problems the last load met (each once).
    pub fn take_notices(&self) -> Vec<String> {
        std::mem::take(&mut self.lock().notices)
    }

    /// After reading the file: fills in the keys kept in the keyring. One that cannot be read
    /// stays empty (and a reference on disk) with a notice naming the instance.
    pub fn fill(&self, config: &mut ConfigFile) {
        let unreadable = self.read(&mut config.instances);
        self.settle(config, &unreadable);
    }

    /// Reads the keys of these instances (part of a list) from the keyring; what could not be
    /// read, as (name, why). The keyring is asked without holding the state: a save meanwhile
    /// goes on (and keeps the references of what is not read yet).
    pub fn read(&self, instances: &mut [SavedInstance]) -> Vec<(String, String)> {
        let mut unreadable = Vec::new();
        for inst in instances.iter_mut().filter(|i| i.keyring) {
            let read = match &self.vault {
                Some(vault) => vault.get(&inst.id),
                None => Err(self.absent.clone().unwrap_or_default()),
            };
            let mut state = self.lock();
            match read {
                Ok(Some(key)) => {
                    state.unresolved.remove(&inst.id);
                    state.stored.insert(inst.id.clone(), (label(&inst.name), key.clone()));
                    inst.key = crate::api::ApiKey::new(key);
                }
                Ok(None) => {
                    state.unresolved.insert(inst.id.clone());
                    unreadable.push((inst.name.clone(), tr!("keys-missing-item")));
                }
                Err(reason) => {
                    state.unresolved.insert(inst.id.clone());
                    unreadable.push((inst.name.clone(), reason));
                }
            }
        }
        unreadable
    }

    /// After [`Keys::read`] went through the whole list: one notice for what could not be
    /// read, and where the keys are.
    pub fn settle(&self, config: &ConfigFile, unreadable: &[(String, String)]) {
        let mut state = self.lock();
        if let Some((name, reason)) = unreadable.first() {
            let notice = if unreadable.len() == 1 {
                tr!("keys-unreadable-one", name = name.clone(), reason = reason.clone())
            } else {
                tr!("keys-unreadable-many", count = unreadable.len() as i64, reason = reason.clone())
            };
            state.notices.push(notice);
        }
        state.home = self.count(config, &state, None);
    }

    /// After reading the file, before [`Keys::fill`] (which may take seconds for thousands of
    /// keys, and so runs after the window opened): a save in between keeps the references.
    pub fn note_references(&self, config: &ConfigFile) {
        let mut state = self.lock();
        for inst in config.instances.iter().filter(|i| i.keyring && i.key.is_empty()) {
            state.unresolved.insert(inst.id.clone());
        }
    }

    /// False with `--no-keyring`.
    pub fn writes_to_keyring(&self) -> bool {
        self.write_to_keyring
    }

    /// Whether a save would move keys into the keyring (a file from before the keyring, or
    /// one written while it was away).
    pub fn wants_migration(&self, config: &ConfigFile) -> bool {
        match self.write_to_keyring {
            true => self.vault.is_some() && config.instances.iter().any(|i| !i.keyring && !i.key.is_empty()),
            false => config.instances.iter().any(|i| i.keyring && !i.key.is_empty()),
        }
    }

    /// The file as it is written: keys the keyring confirmed holding replaced by references.
    /// Stores in the keyring what it does not hold yet (new instances, changed keys, renames),
    /// at most [`WRITES_PER_SAVE`] of them: a migration of thousands goes a chunk per save
    /// (`KeyHome::moving` says how many are left), each chunk on disk before the next.
    pub fn to_disk(&self, config: &ConfigFile) -> ConfigFile {
        let mut disk = config.clone();
        let unresolved = self.lock().unresolved.clone();
        for inst in &mut disk.instances {
            // Still in the keyring, not read (yet) this run: the reference stays.
            inst.keyring = inst.key.is_empty() && unresolved.contains(&inst.id);
        }
        let mut refusal: Option<String> = None;
        if let Some(vault) = self.vault.as_ref().filter(|_| self.write_to_keyring) {
            let stored = self.lock().stored.clone();
            let wanted: Vec<(String, (String, String))> = disk
                .instances
                .iter()
                .filter(|i| !i.keyring && !i.key.is_empty())
                .map(|i| (i.id.clone(), (label(&i.name), i.key.expose().to_owned())))
                .filter(|(uid, want)| stored.get(uid) != Some(want))
                .take(WRITES_PER_SAVE)
                .collect();
            // The keyring is asked without holding the state (thousands of writes take minutes).
            for (uid, want) in wanted {
                match vault.set(&uid, &want.0, &want.1) {
                    Ok(()) => {
                        let mut state = self.lock();
                        state.unresolved.remove(&uid);
                        state.stored.insert(uid, want);
                    }
                    Err(reason) => {
                        tracing::warn!("the keyring refused a key; keys stay in the instance file: {reason}");
                        refusal = Some(reason);
                        break;
                    }
                }
            }
        }
        let mut state = self.lock();
        for inst in disk.instances.iter_mut().filter(|i| !i.keyring) {
            let confirmed = (label(&inst.name), inst.key.expose().to_owned());
            if self.write_to_keyring && state.stored.get(&inst.id) == Some(&confirmed) {
                inst.keyring = true;
                inst.key = crate::api::ApiKey::new(String::new());
            }
        }
        let moving = match (&self.vault, &refusal, self.write_to_keyring) {
            (Some(_), None, true) => {
                disk.instances.iter().filter(|i| !i.keyring && !i.key.is_empty()).count()
            }
            _ => 0,
        };
        state.home = KeyHome { moving, ..self.count(&disk, &state, refusal) };
        disk
    }

    /// After the file was written: the keyring items of instances no longer in it are deleted.
    pub fn after_write(&self, config: &ConfigFile) {
        let Some(vault) = &self.vault else { return };
        let present: HashSet<&str> = config.instances.iter().map(|i| i.id.as_str()).collect();
        // Gone from the list; or, with --no-keyring, now written in the file.
        let gone: Vec<String> = self
            .lock()
            .stored
            .keys()
            .filter(|uid| !present.contains(uid.as_str()) || !self.write_to_keyring)
            .cloned()
            .collect();
        for uid in gone {
            match vault.delete(&uid) {
                Ok(()) => {
                    self.lock().stored.remove(&uid);
                }
                Err(reason) => {
                    tracing::warn!("a removed instance's keyring item could not be deleted: {reason}");
                }
            }
        }
        self.lock().unresolved.retain(|uid| present.contains(uid.as_str()));
    }

    fn count(&self, disk: &ConfigFile, state: &State, refusal: Option<String>) -> KeyHome {
        let in_keyring = disk.instances.iter().filter(|i| i.keyring).count();
        let in_file = disk.instances.len() - in_keyring;
        let reason = match (&self.vault, refusal) {
            _ if !self.write_to_keyring => Some(tr!("keys-not-wanted")),
            (None, _) => Some(tr!("keys-no-keyring", reason = self.absent.clone().unwrap_or_default())),
            (Some(_), Some(reason)) => Some(tr!("keys-refused", reason = reason)),
            (Some(_), None) if !state.unresolved.is_empty() => Some(tr!("keys-some-unreadable")),
            (Some(_), None) => None,
        };
        KeyHome { in_keyring, in_file, moving: 0, reason }
    }
}

/// The desktop's Secret Service over D-Bus (pure Rust: zbus).
pub struct SecretService {
    store: Arc<keyring_core::CredentialStore>,
}

impl SecretService {
    /// Opens a session with the Secret Service; an error when no session bus or no daemon
    /// answers.
    pub fn connect() -> Result<Self, String> {
        let store = zbus_secret_service_keyring_store::Store::new().map_err(describe)?;
        Ok(Self { store })
    }

    fn entry(&self, uid: &str, label: Option<&str>) -> Result<keyring_core::Entry, String> {
        let modifiers: HashMap<&str, &str> = label.map(|l| ("label", l)).into_iter().collect();
        self.store.build(SERVICE, uid, Some(&modifiers)).map_err(describe)
    }
}

impl Vault for SecretService {
    fn get(&self, uid: &str) -> Result<Option<String>, String> {
        match self.entry(uid, None)?.get_password() {
            Ok(key) => Ok(Some(key)),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(describe(e)),
        }
    }

    fn set(&self, uid: &str, label: &str, key: &str) -> Result<(), String> {
        self.entry(uid, Some(label))?.set_password(key).map_err(describe)
    }

    fn delete(&self, uid: &str) -> Result<(), String> {
        match self.entry(uid, None)?.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(e) => Err(describe(e)),
        }
    }
}

/// A keyring error in words, without the data some variants carry (which can be a key).
fn describe(e: keyring_core::Error) -> String {
    use keyring_core::Error as E;
    match e {
        E::PlatformFailure(inner) => tr!("keys-error-platform", reason = inner.to_string()),
        E::NoStorageAccess(inner) => tr!("keys-error-locked", reason = inner.to_string()),
        E::NoEntry => tr!("keys-missing-item"),
        E::BadEncoding(_) | E::BadDataFormat(..) | E::BadStoreFormat(_) => tr!("keys-error-format"),
        E::TooLong(what, _) | E::Invalid(what, _) => tr!("keys-error-invalid", what = what),
        E::Ambiguous(_) => tr!("keys-error-ambiguous"),
        E::NoDefaultStore | E::NotSupportedByStore(_) => tr!("keys-error-platform", reason = String::new()),
        _ => tr!("keys-error-platform", reason = String::new()),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::api::ApiKey;
    use crate::store::{Loaded, SavedInstance, Store};

    /// A keyring in memory that takes `accept` keys and then refuses, and can be unreadable.
    #[derive(Default)]
    struct FakeVault {
        items: Mutex<HashMap<String, (String, String)>>,
        accept: Option<AtomicUsize>,
        unreadable: bool,
    }

    impl Vault for FakeVault {
        fn get(&self, uid: &str) -> Result<Option<String>, String> {
            if self.unreadable {
                return Err("locked".into());
            }
            Ok(self.items.lock().unwrap().get(uid).map(|(_, k)| k.clone()))
        }
        fn set(&self, uid: &str, label: &str, key: &str) -> Result<(), String> {
            if let Some(left) = &self.accept
                && left.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_err()
            {
                return Err("refused".into());
            }
            self.items.lock().unwrap().insert(uid.into(), (label.into(), key.into()));
            Ok(())
        }
        fn delete(&self, uid: &str) -> Result<(), String> {
            self.items.lock().unwrap().remove(uid);
            Ok(())
        }
    }

    fn config(n: usize) -> ConfigFile {
        ConfigFile {
            instances: (0..n)
                .map(|i| SavedInstance {
                    id: format!("uid-{i}"),
                    name: format!("Loja {i}"),
                    base_url: "http://127.0.0.1:1".into(),
                    key: ApiKey::new(format!("secret-key-{i:04}")),
                    tags: Vec::new(),
                    notes: String::new(),
                    parked: false,
                    keyring: false,
                })
                .collect(),
            ..ConfigFile::default()
        }
    }

    fn store_with(dir: &tempfile::TempDir, vault: &Arc<FakeVault>) -> Store {
        let keys = Keys::new(Ok(vault.clone() as Arc<dyn Vault>));
        Store::new(dir.path().join("instances.json")).with_keys(Arc::new(keys))
    }

    fn load(store: &Store) -> ConfigFile {
        match store.load().unwrap() {
            Loaded::Config(c) => c,
            other => panic!("{other:?}"),
        }
    }

    fn file_text(store: &Store) -> String {
        std::fs::read_to_string(store.path()).unwrap()
    }

    #[test]
    fn keys_move_to_the_keyring_and_the_file_keeps_references() {
        let dir = tempfile::tempdir().unwrap();
        let plain = Store::new(dir.path().join("instances.json"));
        plain.save(&config(3)).unwrap();
        assert!(file_text(&plain).contains("secret-key-0001"));

        let vault = Arc::new(FakeVault::default());
        let store = store_with(&dir, &vault);
        let loaded = load(&store);
        assert!(store.keys().unwrap().wants_migration(&loaded));
        store.save(&loaded).unwrap();
        let text = file_text(&store);
        assert!(!text.contains("secret-key"), "no key left in the file: {text}");
        assert_eq!(text.matches("\"keyring\": true").count(), 3);
        let items = vault.items.lock().unwrap().clone();
        assert_eq!(items["uid-1"], ("witi-connect: Loja 1".into(), "secret-key-0001".into()));
        assert_eq!(store.key_home(), KeyHome { in_keyring: 3, in_file: 0, moving: 0, reason: None });

        // The next start reads them back, and wants nothing moved.
        let again = store_with(&dir, &vault);
        let loaded = load(&again);
        assert_eq!(loaded.instances[2].key.expose(), "secret-key-0002");
        assert!(!again.keys().unwrap().wants_migration(&loaded));
    }

    #[test]
    fn a_big_migration_goes_a_chunk_per_save_each_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let vault = Arc::new(FakeVault::default());
        let store = store_with(&dir, &vault);
        let list = config(WRITES_PER_SAVE * 2 + 50);
        let mut left = Vec::new();
        for _ in 0..4 {
            store.save(&list).unwrap();
            let text = file_text(&store);
            left.push((store.key_home().moving, text.matches("secret-key-").count()));
        }
        assert_eq!(
            left,
            [(150, 150), (50, 50), (0, 0), (0, 0)],
            "(moving, keys in the file) after each save"
        );
        assert!(store.key_home().describe().starts_with("In the system keyring"));
        let moving = KeyHome { in_keyring: 100, in_file: 150, moving: 150, reason: None };
        assert!(moving.describe().contains("150 to go"), "{}", moving.describe());
    }

    #[test]
    fn a_keyring_that_refuses_halfway_loses_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let vault = Arc::new(FakeVault { accept: Some(AtomicUsize::new(2)), ..FakeVault::default() });
        let store = store_with(&dir, &vault);
        store.save(&config(5)).unwrap();
        let text = file_text(&store);
        for i in 2..5 {
            assert!(text.contains(&format!("secret-key-{i:04}")), "refused keys stay in the file");
        }
        assert!(!text.contains("secret-key-0000") && !text.contains("secret-key-0001"));
        let home = store.key_home();
        assert_eq!((home.in_keyring, home.in_file), (2, 3));
        assert!(home.describe().contains("refused"), "{}", home.describe());
        // Every key comes back on the next start.
        let loaded = load(&store_with(&dir, &vault));
        let keys: Vec<&str> = loaded.instances.iter().map(|i| i.key.expose()).collect();
        assert_eq!(
            keys,
            ["secret-key-0000", "secret-key-0001", "secret-key-0002", "secret-key-0003", "secret-key-0004"]
        );
    }

    #[test]
    fn removing_or_renaming_an_instance_updates_its_item_after_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let vault = Arc::new(FakeVault::default());
        let store = store_with(&dir, &vault);
        let mut list = config(3);
        store.save(&list).unwrap();
        list.instances.remove(1);
        list.instances[0].name = "Loja Centro".into();
        store.save(&list).unwrap();
        let items = vault.items.lock().unwrap().clone();
        assert!(!items.contains_key("uid-1"), "the removed instance's item is gone");
        assert_eq!(items["uid-0"].0, "witi-connect: Loja Centro", "the label follows the name");
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn a_key_unreadable_at_start_stays_a_reference_and_comes_back_later() {
        let dir = tempfile::tempdir().unwrap();
        let vault = Arc::new(FakeVault::default());
        store_with(&dir, &vault).save(&config(2)).unwrap();

        let locked = Arc::new(FakeVault {
            items: Mutex::new(vault.items.lock().unwrap().clone()),
            unreadable: true,
            ..FakeVault::default()
        });
        let store = store_with(&dir, &locked);
        let loaded = load(&store);
        assert!(loaded.instances.iter().all(|i| i.key.is_empty()));
        let notices = store.keys().unwrap().take_notices();
        assert_eq!(notices.len(), 1, "one notice for both: {notices:?}");
        assert!(notices[0].contains('2') && notices[0].contains("locked"), "{notices:?}");
        // A save in this run (say, a new tag) keeps both references.
        store.save(&loaded).unwrap();
        assert_eq!(file_text(&store).matches("\"keyring\": true").count(), 2);
        // With the keyring back, the keys are there.
        let loaded = load(&store_with(&dir, &vault));
        assert_eq!(loaded.instances[1].key.expose(), "secret-key-0001");
    }

    #[test]
    fn without_a_keyring_keys_stay_in_the_file_and_preferences_say_why() {
        let dir = tempfile::tempdir().unwrap();
        let keys = Arc::new(Keys::new(Err("no session bus".into())));
        let store = Store::new(dir.path().join("instances.json")).with_keys(keys.clone());
        store.save(&config(2)).unwrap();
        assert!(file_text(&store).contains("secret-key-0001"));
        assert!(!keys.wants_migration(&config(2)));
        let said = store.key_home().describe();
        assert!(said.contains("instance file") && said.contains("no session bus"), "{said}");
    }

    #[test]
    fn no_keyring_moves_keys_back_to_the_file_then_deletes_the_items() {
        let dir = tempfile::tempdir().unwrap();
        let vault = Arc::new(FakeVault::default());
        store_with(&dir, &vault).save(&config(2)).unwrap();
        let keys = Keys::new(Ok(vault.clone() as Arc<dyn Vault>)).read_only();
        let store = Store::new(dir.path().join("instances.json")).with_keys(Arc::new(keys));
        let loaded = load(&store);
        assert!(store.keys().unwrap().wants_migration(&loaded));
        store.save(&loaded).unwrap();
        assert!(file_text(&store).contains("secret-key-0001"));
        assert!(vault.items.lock().unwrap().is_empty(), "the file holds them: the items go");
    }
}
