//! Logging: to stderr and to a daily file in the data directory, both through a writer that
//! replaces every registered secret (API keys, WebIDs) before a byte is written. Our code
//! never logs a key; this catches what a dependency might print.

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::{Arc, LazyLock, RwLock};

use aho_corasick::{AhoCorasick, MatchKind};

use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Every secret registered (a fleet's keys and WebIDs: two per instance), and one automaton
/// that finds them all, and their URL-encoded forms, in one pass over a text. Registering is a
/// set lookup (it happens on every status answer); the automaton is rebuilt only when a new
/// secret has come since the last scrub.
#[derive(Default)]
struct Secrets {
    known: HashSet<String>,
    matcher: Option<Arc<AhoCorasick>>,
}

static SECRETS: LazyLock<RwLock<Secrets>> = LazyLock::new(Default::default);

/// From now on, `secret` is replaced by `<redacted>` in every log line.
pub fn register_secret(secret: &str) {
    if secret.len() < crate::api::MIN_KEY_LEN {
        return;
    }
    if SECRETS.read().unwrap_or_else(|e| e.into_inner()).known.contains(secret) {
        return;
    }
    let mut secrets = SECRETS.write().unwrap_or_else(|e| e.into_inner());
    if secrets.known.insert(secret.to_owned()) {
        secrets.matcher = None;
    }
}

/// `text` with every registered secret replaced.
pub fn scrub(text: &str) -> String {
    match matcher() {
        Some(m) => m.replace_all(text, &vec!["<redacted>"; m.patterns_len()]),
        // None registered, or no automaton: one replace per secret, slow but never leaky.
        None => {
            let secrets = SECRETS.read().unwrap_or_else(|e| e.into_inner());
            secrets.known.iter().fold(text.to_owned(), |t, s| crate::api::redact(&t, s))
        }
    }
}

/// The automaton for the secrets registered so far (`None` when there are none).
fn matcher() -> Option<Arc<AhoCorasick>> {
    if let Some(m) = &SECRETS.read().unwrap_or_else(|e| e.into_inner()).matcher {
        return Some(m.clone());
    }
    let mut secrets = SECRETS.write().unwrap_or_else(|e| e.into_inner());
    if secrets.known.is_empty() {
        return None;
    }
    let mut patterns: Vec<String> = Vec::with_capacity(secrets.known.len() * 2);
    for secret in &secrets.known {
        let encoded = crate::api::url_encode(secret);
        if encoded != *secret {
            patterns.push(encoded);
        }
        patterns.push(secret.clone());
    }
    // The longest match first: a secret that contains another is replaced whole.
    let built = AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&patterns);
    match built {
        Ok(m) => {
            let m = Arc::new(m);
            secrets.matcher = Some(m.clone());
            Some(m)
        }
        Err(e) => {
            // Never expected (the patterns are short); `scrub` falls back to one replace each.
            tracing::error!("the secret matcher could not be built: {e}");
            None
        }
    }
}

/// Wraps a writer so that what goes through it is scrubbed. A log event is formatted into one
/// buffer and written in one call, so a secret is never split across writes.
pub struct Redacting<W>(pub W);

impl<W: Write> Write for Redacting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(scrub(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// A `MakeWriter` giving [`Redacting`] writers.
pub struct RedactingMakeWriter<M>(pub M);

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for RedactingMakeWriter<M> {
    type Writer = Redacting<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        Redacting(self.0.make_writer())
    }
}

/// The directory of the log files: `~/.local/share/witi-connect/logs` on Linux.
pub fn log_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("me", "Witi", "witi-connect").map(|d| d.data_dir().join("logs"))
}

/// Starts logging (`RUST_LOG` honoured; default `warn,witi_connect=info`). Keep the guard
/// alive for the whole program: dropping it flushes the file.
pub fn init() -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let filter = || {
        tracing_subscriber::EnvFilter::try_from_default_env()
            .unwrap_or_else(|_| "warn,witi_connect=info".into())
    };
    let stderr = tracing_subscriber::fmt::layer().with_writer(RedactingMakeWriter(io::stderr));
    let file = log_dir().and_then(|dir| {
        std::fs::create_dir_all(&dir).ok()?;
        tracing_appender::rolling::Builder::new()
            .rotation(tracing_appender::rolling::Rotation::DAILY)
            .filename_prefix("witi-connect")
            .filename_suffix("log")
            .max_log_files(7)
            .build(&dir)
            .ok()
    });
    match file {
        Some(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            let file_layer =
                tracing_subscriber::fmt::layer().with_ansi(false).with_writer(RedactingMakeWriter(writer));
            let _ = tracing_subscriber::registry().with(filter()).with(stderr).with(file_layer).try_init();
            Some(guard)
        }
        None => {
            let _ = tracing_subscriber::registry().with(filter()).with(stderr).try_init();
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_secrets_never_reach_the_writer() {
        register_secret("LOG-SECRET-991");
        let mut out = Redacting(Vec::new());
        write!(out, "GET /status.aspx?wid=LOG-SECRET-991 failed").unwrap();
        let text = String::from_utf8(out.0).unwrap();
        assert_eq!(text, "GET /status.aspx?wid=<redacted> failed");
    }

    #[test]
    fn thousands_of_secrets_are_scrubbed_in_one_pass_encoded_or_not() {
        for i in 0..5000 {
            register_secret(&format!("FLEET-KEY-{i:05}"));
        }
        register_secret("KEY WITH/SLASH-01");
        register_secret("FLEET-KEY-00042"); // again: nothing changes
        let text = "a FLEET-KEY-00042 b FLEET-KEY-04999c KEY%20WITH%2FSLASH-01 FLEET-KEY-9";
        assert_eq!(scrub(text), "a <redacted> b <redacted>c <redacted> FLEET-KEY-9");
        register_secret("LATE-SECRET-123");
        assert_eq!(scrub("x LATE-SECRET-123"), "x <redacted>", "a secret registered later counts");
    }
}
