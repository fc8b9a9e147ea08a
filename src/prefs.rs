//! The user's preferences (language, theme, notifications): a small JSON file beside the
//! instance list, written atomically like it. Read before the window opens; saved on the
//! runtime when changed. A missing or unreadable file gives the defaults, never an error
//! dialog: preferences are not worth stopping for.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::i18n::Language;
use crate::store::Store;

pub const FILE_NAME: &str = "preferences.json";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// `None` until the first start picks one from the OS locale.
    pub language: Option<Language>,
    pub theme: ThemeChoice,
    /// Desktop notifications (opt-in): an instance leaves the paired state, a battery runs low.
    pub notifications: bool,
    /// Days of history kept; older rows are pruned at start and once a day.
    pub history_days: u32,
    /// The event log is open (a table the user sized) or folded to one line.
    pub log_open: bool,
    /// The open event log's height, in points.
    pub log_height: f32,
    /// A change of state is told (notice, notification) once it held for this many polls.
    pub confirm_polls: u32,
    /// Requests in flight at once per gateway (polls and operations alike), 1 to 16.
    pub gateway_cap: usize,
    /// This many instances of one gateway dropping within 5 minutes are told as one notice.
    pub fleet_alert_min: usize,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            language: None,
            theme: ThemeChoice::System,
            notifications: false,
            history_days: crate::history::DEFAULT_RETENTION_DAYS,
            log_open: false,
            log_height: 170.0,
            confirm_polls: 2,
            gateway_cap: 4,
            fleet_alert_min: 3,
        }
    }
}

/// The retention choices Preferences offers, in days.
pub const HISTORY_DAYS: [u32; 5] = [7, 30, 90, 180, 365];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeChoice {
    #[default]
    System,
    Dark,
    Light,
}

impl ThemeChoice {
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Dark, ThemeChoice::Light];

    pub fn to_egui(self) -> egui::ThemePreference {
        match self {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
            ThemeChoice::Light => egui::ThemePreference::Light,
        }
    }
}

/// Where the preferences live. Cheap to clone.
#[derive(Debug, Clone, PartialEq)]
pub struct PrefsStore(Store);

impl PrefsStore {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self(Store::new(path))
    }

    /// `<config dir>/witi-connect/preferences.json`.
    pub fn default_path() -> Option<PathBuf> {
        Store::default_path().map(|p| p.with_file_name(FILE_NAME))
    }

    pub fn path(&self) -> &std::path::Path {
        self.0.path()
    }

    /// The saved preferences, or the defaults when there are none or they cannot be read.
    pub fn load(&self) -> Prefs {
        match std::fs::read(self.path()) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                tracing::warn!("preferences unreadable, using defaults: {e}");
                Prefs::default()
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Prefs::default(),
            Err(e) => {
                tracing::warn!("preferences unreadable, using defaults: {e}");
                Prefs::default()
            }
        }
    }

    pub fn save(&self, prefs: &Prefs) -> Result<(), crate::store::StoreError> {
        self.0.save_json(prefs)
    }
}

/// The preferences for this start: the saved ones, with the language picked from the OS
/// locale (`os_language`) the first time. Returns whether they changed and should be saved.
pub fn first_start(mut prefs: Prefs, os_language: Language) -> (Prefs, bool) {
    if prefs.language.is_some() {
        return (prefs, false);
    }
    prefs.language = Some(os_language);
    (prefs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_preferences_come_back_and_bad_files_give_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let store = PrefsStore::new(dir.path().join("sub").join(FILE_NAME));
        assert_eq!(store.load(), Prefs::default(), "no file: defaults");
        let prefs = Prefs {
            language: Some(Language::PortugueseBrazil),
            theme: ThemeChoice::Light,
            notifications: true,
            history_days: 30,
            log_open: true,
            log_height: 240.0,
            confirm_polls: 3,
            gateway_cap: 9,
            fleet_alert_min: 5,
        };
        store.save(&prefs).unwrap();
        assert_eq!(store.load(), prefs);
        let text = std::fs::read_to_string(store.path()).unwrap();
        assert!(text.contains("\"pt-BR\"") && text.contains("\"light\""), "{text}");
        std::fs::write(store.path(), b"{not json").unwrap();
        assert_eq!(store.load(), Prefs::default());
        std::fs::write(store.path(), br#"{"theme":"dark","future":1}"#).unwrap();
        assert_eq!(store.load().theme, ThemeChoice::Dark, "unknown fields and missing ones are fine");
    }

    #[test]
    fn the_os_language_is_taken_once() {
        let (prefs, changed) = first_start(Prefs::default(), Language::PortugueseBrazil);
        assert_eq!((prefs.language, changed), (Some(Language::PortugueseBrazil), true));
        let (prefs, changed) = first_start(prefs, Language::English);
        assert_eq!((prefs.language, changed), (Some(Language::PortugueseBrazil), false), "the choice stays");
    }
}
