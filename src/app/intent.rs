//! What views ask for: [`Action`]s, gathered in one [`Out`] per frame and applied by the app
//! after the frame (`apply.rs`). Views import this module, never the app above them.

use std::time::Instant;

use super::state::InstanceMeta;
use crate::api::Settings;
use crate::backend::{Command, InstanceId, Operation};
use crate::prefs::Prefs;

/// Something the user did that changes the app (not only the backend).
#[derive(Debug, Clone)]
pub enum Action {
    Backend(Command),
    Select(InstanceId),
    Add(InstanceMeta),
    Update(InstanceId, InstanceMeta),
    Remove(InstanceId),
    DismissNotice(usize),
    /// A health report of one instance (or of the fleet when `None`).
    ExportReport {
        id: Option<InstanceId>,
        json: bool,
    },
    ExportList {
        include_keys: bool,
    },
    ImportList,
    /// Pick a CSV file of instances; a preview follows.
    ImportCsv,
    /// A confirmed CSV preview: its valid rows are added, the rest counted as left out.
    AddFromCsv(Vec<crate::import::CsvRow>),
    SaveQrPng(InstanceId),
    /// New preferences, applied at once and saved.
    SetPrefs(Prefs),
    /// The user chose a language in Preferences (`None`: follow the desktop): saved, and it
    /// replaces a `--lang` of this run.
    ChooseLanguage(Option<crate::i18n::Language>),
    /// The History card shows this window: ask the history for it if what is known is old.
    WantHistory {
        id: InstanceId,
        hours: u32,
    },
    /// Save the window's spans as CSV through a save dialog.
    ExportHistoryCsv {
        id: InstanceId,
        hours: u32,
    },
    /// Preferences is open: ask for the history file's size.
    WantHistoryInfo,
    /// The overview shows these instances' rows: ask for their 24 h strips if not fresh.
    WantStrips(Vec<std::sync::Arc<str>>),
    /// Run `op` on these instances (confirmed).
    RunBulk {
        op: Operation,
        settings: Option<Settings>,
        ids: Vec<InstanceId>,
    },
    /// Start no more of the bulk run in progress.
    CancelBulk,
    /// Run the last bulk run again on those that failed or were not started.
    RetryBulk,
    /// Put away a finished run's results.
    DismissBulk,
    /// Park these instances, or return them to service.
    SetParked {
        ids: Vec<InstanceId>,
        parked: bool,
    },
    /// Gather a support bundle of this instance (report, requests, history, logs) and save it.
    SupportBundle(InstanceId),
    /// A health report of these instances.
    ExportReportOf {
        ids: Vec<InstanceId>,
        json: bool,
    },
}

/// A message at the top of the window until dismissed: an instance changed state, a file
/// could not be read, ...
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub warning: bool,
    pub at: Instant,
    /// The gateway whose drops this notice tells of: a fleet notice replaces them.
    pub group: Option<String>,
}

/// The one way out of a view: every view pushes what the user asked for here.
#[derive(Debug, Default)]
pub struct Out {
    actions: Vec<Action>,
}

impl Out {
    /// Something for the app to do after the frame.
    pub fn act(&mut self, action: Action) {
        self.actions.push(action);
    }

    /// A command for the backend (sent after the frame, in order with the other actions).
    pub fn send(&mut self, command: Command) {
        self.act(Action::Backend(command));
    }

    pub fn into_actions(self) -> Vec<Action> {
        self.actions
    }
}
