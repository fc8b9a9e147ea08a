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
    /// `None` follows the desktop's language (read at each start); a language the user chose
    /// in Preferences stays.
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

/// What this run uses besides the saved preferences: the desktop's language (followed while
/// the user chose none) and the command line's `--lang` and `--theme`, which hold for this run
/// only and are never saved.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RunPrefs {
    pub system_language: Language,
    pub language: Option<Language>,
    pub theme: Option<ThemeChoice>,
}

impl RunPrefs {
    /// The desktop's language, from the OS locale.
    pub fn from_os() -> Self {
        Self { system_language: Language::from_os(), ..Self::default() }
    }

    /// The language shown: `--lang`, else the user's choice, else the desktop's.
    pub fn language(&self, prefs: &Prefs) -> Language {
        self.language.or(prefs.language).unwrap_or(self.system_language)
    }

    /// The theme shown: `--theme`, else the saved one.
    pub fn theme(&self, prefs: &Prefs) -> ThemeChoice {
        self.theme.unwrap_or(prefs.theme)
    }

    /// After a change in Preferences: what the user just chose there replaces the command
    /// line's choice for the rest of the run.
    pub fn user_chose(&mut self, old: &Prefs, new: &Prefs) {
        if old.language != new.language {
            self.language = None;
        }
        if old.theme != new.theme {
            self.theme = None;
        }
    }
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
    fn the_desktop_language_is_followed_until_one_is_chosen() {
        let pt = RunPrefs { system_language: Language::PortugueseBrazil, ..RunPrefs::default() };
        let mut prefs = Prefs::default();
        assert_eq!(pt.language(&prefs), Language::PortugueseBrazil);
        let en = RunPrefs { system_language: Language::English, ..pt };
        assert_eq!(en.language(&prefs), Language::English, "the desktop changed: so does the app");
        prefs.language = Some(Language::PortugueseBrazil);
        assert_eq!(en.language(&prefs), Language::PortugueseBrazil, "a choice stays");
        let json = serde_json::to_string(&Prefs::default()).unwrap();
        assert!(json.contains("\"language\":null"), "nothing chosen is saved as nothing: {json}");
    }

    #[test]
    fn the_command_line_holds_for_the_run_until_the_user_chooses() {
        let saved = Prefs { language: Some(Language::English), ..Prefs::default() };
        let mut run = RunPrefs {
            system_language: Language::English,
            language: Some(Language::PortugueseBrazil),
            theme: Some(ThemeChoice::Dark),
        };
        assert_eq!(
            (run.language(&saved), run.theme(&saved)),
            (Language::PortugueseBrazil, ThemeChoice::Dark)
        );
        // A change of something else keeps both.
        let notified = Prefs { notifications: true, ..saved.clone() };
        run.user_chose(&saved, &notified);
        assert_eq!(run.language(&notified), Language::PortugueseBrazil);
        // Choosing a theme in Preferences replaces --theme, not --lang.
        let light = Prefs { theme: ThemeChoice::Light, ..notified.clone() };
        run.user_chose(&notified, &light);
        assert_eq!(
            (run.language(&light), run.theme(&light)),
            (Language::PortugueseBrazil, ThemeChoice::Light)
        );
    }
}
