//! The instance list and settings on disk: a versioned, human-readable JSON file in the
//! platform's config directory.
//!
//! - Writes are atomic: a temporary file in the same directory is written, flushed, synced and
//!   renamed over the old one. A crash leaves either the old file or the new one, never half.
//! - On Unix the file is owner-only (0600) from its creation, the directory 0700.
//! - A leftover temporary file is never read.
//! - A file that cannot be parsed is moved aside to a timestamped backup and the app starts
//!   empty, saying so: never a silent overwrite, never a crash.
//!
//! This is blocking I/O: the app calls it before the window opens, and on the runtime after.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::api::ApiKey;
use crate::keys::{KeyHome, Keys};
use std::sync::Arc;

pub const FILE_NAME: &str = "instances.json";
pub const CURRENT_VERSION: u32 = 1;

/// The file's contents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfigFile {
    pub version: u32,
    #[serde(default)]
    pub instances: Vec<SavedInstance>,
}

impl Default for ConfigFile {
    fn default() -> Self {
        Self { version: CURRENT_VERSION, instances: Vec::new() }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedInstance {
    /// The stable id the history knows the instance by; added to older files on load.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    pub name: String,
    pub base_url: String,
    /// Written here, in this owner-only file, unless `keyring` (then empty on disk).
    #[serde(default, with = "key_as_string", skip_serializing_if = "ApiKey::is_empty")]
    pub key: ApiKey,
    /// The key is in the desktop's keyring, not in this file (see `keys`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub keyring: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Out of service on purpose (see `InstanceMeta::parked`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub parked: bool,
}

mod key_as_string {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::api::ApiKey;

    pub fn serialize<S: Serializer>(key: &ApiKey, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(key.expose())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<ApiKey, D::Error> {
        String::deserialize(d).map(ApiKey::new)
    }
}

#[derive(Debug)]
pub enum StoreError {
    Read { path: PathBuf, source: std::io::Error },
    Write { path: PathBuf, source: std::io::Error },
    TooNew { path: PathBuf, found: u32 },
}

/// In the app's language (the catalogue's `store-error-*` messages; the OS's reason is the
/// OS's text).
impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::tr;
        let text = match self {
            StoreError::Read { path, source } => {
                tr!("store-error-read", path = path.display().to_string(), reason = source.to_string())
            }
            StoreError::Write { path, source } => {
                tr!("store-error-write", path = path.display().to_string(), reason = source.to_string())
            }
            StoreError::TooNew { path, found } => {
                tr!("store-error-too-new", path = path.display().to_string(), version = found.to_string())
            }
        };
        f.write_str(&text)
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Read { source, .. } | StoreError::Write { source, .. } => Some(source),
            StoreError::TooNew { .. } => None,
        }
    }
}

/// What loading found.
#[derive(Debug, PartialEq)]
pub enum Loaded {
    Config(ConfigFile),
    /// No file yet: a first start.
    Missing,
    /// The file could not be parsed; it was moved to `backup`.
    MovedAside {
        backup: PathBuf,
        reason: String,
    },
}

/// The instance file, and the keyring its keys go to when there is one.
#[derive(Clone)]
pub struct Store {
    path: PathBuf,
    keys: Option<Arc<Keys>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).field("keyring", &self.has_keyring()).finish()
    }
}

/// The same file is the same store.
impl PartialEq for Store {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path
    }
}

impl Store {
    /// The file alone: keys are written in it.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into(), keys: None }
    }

    /// Keys go to the keyring of `keys` when it has one (see `keys`).
    pub fn with_keys(mut self, keys: Arc<Keys>) -> Self {
        self.keys = Some(keys);
        self
    }

    pub fn keys(&self) -> Option<&Arc<Keys>> {
        self.keys.as_ref()
    }

    fn has_keyring(&self) -> bool {
        self.keys.as_ref().is_some_and(|k| k.has_keyring())
    }

    /// Where the keys are as of the last load or save.
    pub fn key_home(&self) -> KeyHome {
        self.keys.as_ref().map(|k| k.home()).unwrap_or_default()
    }

    /// `<config dir>/witi-connect/instances.json` (on Linux `~/.config/witi-connect/`).
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("me", "Witi", "witi-connect").map(|d| d.config_dir().join(FILE_NAME))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Gives every instance without a stable id one; whether any was missing.
    pub fn add_missing_ids(config: &mut ConfigFile) -> bool {
        let mut added = false;
        for saved in config.instances.iter_mut().filter(|s| s.id.is_empty()) {
            saved.id = crate::history::new_uid();
            added = true;
        }
        added
    }

    /// Reads the file, and the keys kept in the keyring (blocking on the keyring too).
    pub fn load(&self) -> Result<Loaded, StoreError> {
        let mut loaded = self.load_deferring_keys()?;
        if let (Loaded::Config(config), Some(keys)) = (&mut loaded, &self.keys) {
            keys.fill(config);
        }
        Ok(loaded)
    }

    /// Reads the file; keys kept in the keyring stay empty (references) until
    /// [`Keys::fill`] reads them, which the app does after its window opened.
    pub fn load_deferring_keys(&self) -> Result<Loaded, StoreError> {
        let bytes = match fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Loaded::Missing),
            Err(source) => {
                return Err(StoreError::Read { path: self.path.clone(), source });
            }
        };
        // A newer version is refused before parsing its fields, and never moved or overwritten.
        if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes)
            && let Some(found) = v.get("version").and_then(serde_json::Value::as_u64)
            && found > u64::from(CURRENT_VERSION)
        {
            return Err(StoreError::TooNew { path: self.path.clone(), found: found as u32 });
        }
        match serde_json::from_slice::<ConfigFile>(&bytes) {
            Ok(config) => {
                if let Some(keys) = &self.keys {
                    keys.note_references(&config);
                }
                Ok(Loaded::Config(config))
            }
            Err(e) => {
                let backup = self.backup_path();
                fs::rename(&self.path, &backup)
                    .map_err(|source| StoreError::Write { path: backup.clone(), source })?;
                Ok(Loaded::MovedAside { backup, reason: e.to_string() })
            }
        }
    }

    /// Writes `config` atomically, owner-only; with a keyring, its keys go there first and
    /// the file keeps references to those the keyring confirmed.
    pub fn save(&self, config: &ConfigFile) -> Result<(), StoreError> {
        let Some(keys) = &self.keys else { return self.save_json(config) };
        self.save_json(&keys.to_disk(config))?;
        keys.after_write(config);
        Ok(())
    }

    /// Writes any value as this store's file, atomically, owner-only (also the preferences).
    pub fn save_json<T: Serialize>(&self, value: &T) -> Result<(), StoreError> {
        let temp = self.write_temp(value)?;
        self.commit_temp(&temp)
    }

    /// The first half of a save: the complete new file under a temporary name.
    pub(crate) fn write_temp<T: Serialize>(&self, config: &T) -> Result<PathBuf, StoreError> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        create_private_dir(dir).map_err(|source| StoreError::Write { path: dir.to_owned(), source })?;
        let temp = self.temp_path();
        let err = |source| StoreError::Write { path: temp.clone(), source };
        let mut text = serde_json::to_string_pretty(config).expect("the config serializes");
        text.push('\n');
        let mut file = create_private_file(&temp).map_err(err)?;
        file.write_all(text.as_bytes()).map_err(err)?;
        file.flush().map_err(err)?;
        file.sync_all().map_err(err)?;
        Ok(temp)
    }

    /// The second half: the rename that makes the new file the file.
    pub(crate) fn commit_temp(&self, temp: &Path) -> Result<(), StoreError> {
        fs::rename(temp, &self.path)
            .map_err(|source| StoreError::Write { path: self.path.clone(), source })?;
        // Make the rename itself durable (best effort: not every platform can open a directory).
        if let Some(dir) = self.path.parent()
            && let Ok(d) = File::open(dir)
        {
            let _ = d.sync_all();
        }
        Ok(())
    }

    fn temp_path(&self) -> PathBuf {
        let name = self.path.file_name().and_then(|n| n.to_str()).unwrap_or(FILE_NAME);
        self.path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
    }

    fn backup_path(&self) -> PathBuf {
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
        let name = self.path.file_name().and_then(|n| n.to_str()).unwrap_or(FILE_NAME);
        let mut backup = self.path.with_file_name(format!("{name}.corrupt-{stamp}"));
        let mut n = 1;
        while backup.exists() {
            backup = self.path.with_file_name(format!("{name}.corrupt-{stamp}-{n}"));
            n += 1;
        }
        backup
    }
}

#[cfg(unix)]
fn create_private_file(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // 0600 at creation, not chmod afterwards: the key is never readable by others, even briefly.
    let _ = fs::remove_file(path); // a leftover temp of ours (same pid) with other permissions
    OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)
}

#[cfg(not(unix))]
fn create_private_file(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().write(true).create(true).truncate(true).open(path)
}

#[cfg(unix)]
pub(crate) fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    if dir.as_os_str().is_empty() || dir.exists() {
        return Ok(());
    }
    fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)
}

#[cfg(not(unix))]
pub(crate) fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.as_os_str().is_empty() { Ok(()) } else { fs::create_dir_all(dir) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ConfigFile {
        ConfigFile {
            version: CURRENT_VERSION,
            instances: vec![
                SavedInstance {
                    id: "a1b2c3d4e5f60718".into(),
                    name: "Loja Centro".into(),
                    base_url: "https://api.witi.me/".into(),
                    key: ApiKey::new("K-centro-123"),
                    tags: vec!["varejo".into(), "sp".into()],
                    notes: "Falar com a Maria".into(),
                    parked: false,
                    keyring: false,
                },
                SavedInstance {
                    id: String::new(),
                    name: "Clínica".into(),
                    base_url: "http://127.0.0.1:8787/".into(),
                    key: ApiKey::new("K-clinica-456"),
                    tags: vec![],
                    notes: String::new(),
                    parked: false,
                    keyring: false,
                },
            ],
        }
    }

    #[test]
    fn round_trip_and_readable() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("sub/instances.json"));
        assert_eq!(store.load().unwrap(), Loaded::Missing);
        store.save(&sample()).unwrap();
        assert_eq!(store.load().unwrap(), Loaded::Config(sample()));
        let text = fs::read_to_string(store.path()).unwrap();
        assert!(text.contains("\"version\": 1") && text.contains("\"name\": \"Loja Centro\""), "{text}");
    }

    #[test]
    fn a_crash_between_write_and_rename_keeps_the_old_file_and_the_leftover_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("instances.json"));
        store.save(&sample()).unwrap();
        let mut newer = sample();
        newer.instances.pop();
        let temp = store.write_temp(&newer).unwrap(); // ... and the process dies here
        assert!(temp.exists());
        assert_eq!(store.load().unwrap(), Loaded::Config(sample()), "the old file, whole");
        // A later save goes through despite the leftover.
        store.save(&newer).unwrap();
        assert_eq!(store.load().unwrap(), Loaded::Config(newer));
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().filter_map(Result::ok).collect();
        assert_eq!(leftovers.len(), 1, "only the file: {leftovers:?}");
    }

    #[test]
    fn a_corrupt_file_is_moved_aside_not_lost() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("instances.json"));
        fs::write(store.path(), b"{\"version\": 1, \"instances\": [ {\"name\": ").unwrap();
        let Loaded::MovedAside { backup, reason } = store.load().unwrap() else { panic!() };
        assert!(!reason.is_empty());
        assert!(backup.file_name().unwrap().to_str().unwrap().starts_with("instances.json.corrupt-"));
        assert_eq!(fs::read(&backup).unwrap(), b"{\"version\": 1, \"instances\": [ {\"name\": ");
        assert!(!store.path().exists());
        assert_eq!(store.load().unwrap(), Loaded::Missing);
    }

    #[test]
    fn a_newer_version_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("instances.json"));
        fs::write(store.path(), br#"{"version": 7, "instances": "new shape"}"#).unwrap();
        assert!(matches!(store.load(), Err(StoreError::TooNew { found: 7, .. })));
        assert!(store.path().exists());
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_owner_only_from_its_creation() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("cfg/instances.json"));
        let temp = store.write_temp(&sample()).unwrap();
        assert_eq!(fs::metadata(&temp).unwrap().permissions().mode() & 0o777, 0o600, "the temp file too");
        store.commit_temp(&temp).unwrap();
        assert_eq!(fs::metadata(store.path()).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(fs::metadata(dir.path().join("cfg")).unwrap().permissions().mode() & 0o777, 0o700);
    }
}
