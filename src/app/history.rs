//! What the UI knows of the history: answers to the windows it asked for, kept until they are
//! a minute old or the instance changed state. The UI never opens the file; it asks through
//! the backend and draws what came back.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::api::StatusCode;
use crate::backend::{HistoryAsk, HistoryTag, InstanceId};
use crate::history::{Answer, HistoryWindow};

/// A window is asked again when its answer is this old.
pub const REFRESH_AFTER: Duration = Duration::from_secs(60);
/// Points at most per chart series (more than a chart has pixels for is waste).
pub const CHART_POINTS: usize = 600;

/// The windows the History card offers, in hours.
pub const WINDOWS: [u32; 3] = [24, 7 * 24, 30 * 24];

/// Whether this run records.
#[derive(Debug, Clone, PartialEq)]
pub enum Recording {
    On,
    /// `--no-history`.
    Disabled,
    /// The file could not be used; the notice said why.
    Off(String),
}

#[derive(Debug, Default)]
pub struct Entry {
    pub data: Option<Box<HistoryWindow>>,
    pub error: Option<String>,
    asked_at: Option<Instant>,
    answered_at: Option<Instant>,
    /// The instance's state when asked: a new state asks again at once.
    code_at_ask: Option<StatusCode>,
}

impl Entry {
    pub fn in_flight(&self) -> bool {
        // Asked, and not answered since.
        matches!((self.asked_at, self.answered_at), (Some(asked), answered) if answered.is_none_or(|a| a < asked))
    }
}

/// The overview's 24 h strip of one instance.
#[derive(Debug, Default)]
pub struct StripEntry {
    pub spans: Option<Vec<crate::history::timeline::Span>>,
    /// The window asked for (Unix ms).
    pub from_ms: i64,
    pub to_ms: i64,
    asked_at: Option<Instant>,
    answered_at: Option<Instant>,
}

/// The overview's strips cover this many hours.
pub const STRIP_HOURS: u32 = 24;

#[derive(Debug)]
pub struct HistoryCache {
    pub recording: Recording,
    windows: HashMap<(InstanceId, u32), Entry>,
    /// The overview's strips, by the history's instance id; asked for the rows in view.
    strips: HashMap<std::sync::Arc<str>, StripEntry>,
    /// The file's path and size, for Preferences.
    pub info: Option<(PathBuf, u64)>,
    info_asked_at: Option<Instant>,
}

impl HistoryCache {
    pub fn new(recording: Recording) -> Self {
        Self { recording, windows: HashMap::new(), strips: HashMap::new(), info: None, info_asked_at: None }
    }

    pub fn get(&self, id: InstanceId, hours: u32) -> Option<&Entry> {
        self.windows.get(&(id, hours))
    }

    /// Whether the window should be asked for now.
    pub fn wants(&self, id: InstanceId, hours: u32, code: Option<StatusCode>, now: Instant) -> bool {
        if self.recording != Recording::On {
            return false;
        }
        match self.windows.get(&(id, hours)) {
            None => true,
            Some(e) if e.in_flight() => false,
            Some(e) => e.code_at_ask != code || e.answered_at.is_none_or(|a| now - a >= REFRESH_AFTER),
        }
    }

    pub fn asked(&mut self, id: InstanceId, hours: u32, code: Option<StatusCode>, now: Instant) {
        let e = self.windows.entry((id, hours)).or_default();
        e.asked_at = Some(now);
        e.code_at_ask = code;
    }

    /// Takes an answer; an instance removed meanwhile is forgotten.
    pub fn answered(&mut self, tag: &HistoryTag, answer: Answer, now: Instant) {
        match (tag.what, answer) {
            (HistoryAsk::Window(hours), answer) => {
                let e = self.windows.entry((tag.id, hours)).or_default();
                e.answered_at = Some(now);
                match answer {
                    Answer::Window(w) => {
                        e.data = Some(w);
                        e.error = None;
                    }
                    Answer::Failed(reason) => e.error = Some(reason),
                    Answer::Off => self.recording = Recording::Off(String::new()),
                    Answer::Csv(_) | Answer::Info { .. } | Answer::Strips(_) => {}
                }
            }
            (HistoryAsk::Info, Answer::Info { path, bytes }) => self.info = Some((path, bytes)),
            _ => {}
        }
    }

    pub fn strip(&self, uid: &str) -> Option<&StripEntry> {
        self.strips.get(uid)
    }

    /// Whether a row's strip should be asked for: never asked, or answered a minute ago.
    pub fn wants_strip(&self, uid: &str, now: Instant) -> bool {
        if self.recording != Recording::On {
            return false;
        }
        match self.strips.get(uid) {
            None => true,
            Some(e) => match (e.asked_at, e.answered_at) {
                (Some(asked), answered) if answered.is_none_or(|a| a < asked) => false,
                (_, answered) => answered.is_none_or(|a| now - a >= REFRESH_AFTER),
            },
        }
    }

    pub fn asked_strips(&mut self, uids: &[std::sync::Arc<str>], from_ms: i64, to_ms: i64, now: Instant) {
        for uid in uids {
            let e = self.strips.entry(uid.clone()).or_default();
            e.asked_at = Some(now);
            (e.from_ms, e.to_ms) = (from_ms, to_ms);
        }
    }

    /// The strips asked for; those the answer lacks (never recorded) are empty.
    pub fn answered_strips(&mut self, answer: Answer, now: Instant) {
        let strips = match answer {
            Answer::Strips(strips) => strips,
            Answer::Off => {
                self.recording = Recording::Off(String::new());
                return;
            }
            // Asked again a minute later.
            _ => Vec::new(),
        };
        let mut answered: HashMap<std::sync::Arc<str>, Vec<crate::history::timeline::Span>> =
            strips.into_iter().collect();
        for (uid, e) in &mut self.strips {
            if e.asked_at.is_some_and(|a| e.answered_at.is_none_or(|b| b < a)) {
                e.answered_at = Some(now);
                e.spans = Some(answered.remove(uid).unwrap_or_default());
            }
        }
    }

    /// Whether to ask for the file's size now (at most every 10 s while Preferences is open).
    pub fn wants_info(&mut self, now: Instant) -> bool {
        if self.recording != Recording::On
            || self.info_asked_at.is_some_and(|a| now - a < Duration::from_secs(10))
        {
            return false;
        }
        self.info_asked_at = Some(now);
        true
    }

    pub fn forget(&mut self, id: InstanceId) {
        self.windows.retain(|(i, _), _| *i != id);
    }
}
