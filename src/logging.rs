//! Logging: to stderr and to a daily file in the data directory, both through a writer that
//! replaces every registered secret (API keys, WebIDs) before a byte is written. Our code
//! never logs a key; this catches what a dependency might print.

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::{LazyLock, RwLock};

use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

static SECRETS: LazyLock<RwLock<Vec<String>>> = LazyLock::new(|| RwLock::new(Vec::new()));

/// From now on, `secret` is replaced by `<redacted>` in every log line.
pub fn register_secret(secret: &str) {
    if secret.len() < crate::api::MIN_KEY_LEN {
        return;
    }
    let mut secrets = SECRETS.write().unwrap_or_else(|e| e.into_inner());
    if !secrets.iter().any(|s| s == secret) {
        secrets.push(secret.to_owned());
    }
}

/// `text` with every registered secret replaced.
pub fn scrub(text: &str) -> String {
    let secrets = SECRETS.read().unwrap_or_else(|e| e.into_inner());
    secrets.iter().fold(text.to_owned(), |t, s| crate::api::redact(&t, s))
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
}
