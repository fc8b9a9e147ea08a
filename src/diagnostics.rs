//! The last requests of each instance, for the diagnostics drawer and the support bundle:
//! when, which command, the HTTP status, how long, how big, what came of it, and the answer's
//! body, redacted before it is kept (the API key, the WebID and phone numbers masked; never
//! the raw body). Pure: the client calls [`Exchange::new`] and an [`ExchangeLog`] keeps them.
//!
//! Memory is bounded per instance: [`MAX_EXCHANGES`] records, bodies cut at
//! [`MAX_BODY_CHARS`], and at most [`BODY_BUDGET`] bytes of distinct bodies (an answer equal
//! to the previous one of the same command shares its text), older bodies dropped first.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// Records kept per instance.
pub const MAX_EXCHANGES: usize = 100;
/// A longer body is cut (and says so).
pub const MAX_BODY_CHARS: usize = 16 * 1024;
/// Distinct body bytes kept per instance; beyond it, the oldest records lose their bodies.
/// About seven status answers: 5,000 instances hold at most 41 MB of bodies.
pub const BODY_BUDGET: usize = 8 * 1024;

/// One request and its answer. Compact (about 70 bytes besides its body): a fleet of 5,000
/// keeps 100 of them each.
#[derive(Debug, Clone, PartialEq)]
pub struct Exchange {
    /// When it was sent, in Unix milliseconds.
    pub at_ms: u64,
    /// The command, as the URL names it: `status.aspx`.
    pub command: &'static str,
    /// `None` when no answer came (timeout, refused, interrupted).
    pub http_status: Option<u16>,
    pub latency_ms: u32,
    /// The answer's size in bytes, as received.
    pub size: u32,
    /// What went wrong, already free of secrets; `None` when it worked.
    pub error: Option<Box<str>>,
    /// The answer, redacted and pretty-printed when JSON; `None` when none came or it was
    /// dropped for room.
    pub body: Option<Arc<str>>,
}

impl Exchange {
    /// A record of one request; `raw` is the answer's body as received, redacted here with
    /// `secrets` (the key) and whatever the body itself names as secret (its WebID).
    pub fn new(
        command: &'static str,
        started: SystemTime,
        latency: Duration,
        http_status: Option<u16>,
        raw: Option<&[u8]>,
        outcome: Result<(), String>,
        secrets: &[&str],
    ) -> Self {
        let at_ms = started.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64);
        Self {
            at_ms,
            command,
            http_status,
            latency_ms: latency.as_millis().min(u128::from(u32::MAX)) as u32,
            size: raw.map_or(0, |r| r.len().min(u32::MAX as usize) as u32),
            error: outcome.err().map(String::into_boxed_str),
            body: raw.map(|raw| Arc::from(redact_body(raw, secrets))),
        }
    }

    /// The outcome in a few words for the list.
    pub fn outcome_text(&self) -> String {
        match &self.error {
            None => crate::tr!("diag-ok"),
            Some(e) => e.to_string(),
        }
    }

    /// When it was sent.
    pub fn at(&self) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_millis(self.at_ms)
    }
}

/// One instance's last [`MAX_EXCHANGES`] exchanges, oldest first.
#[derive(Debug, Default, Clone)]
pub struct ExchangeLog {
    records: VecDeque<Exchange>,
}

impl ExchangeLog {
    pub fn push(&mut self, mut exchange: Exchange) {
        // Same answer as last time for this command: share the text.
        if let Some(body) = &exchange.body
            && let Some(previous) = self
                .records
                .iter()
                .rev()
                .find(|r| r.command == exchange.command)
                .and_then(|r| r.body.as_ref())
            && previous == body
        {
            exchange.body = Some(previous.clone());
        }
        if self.records.len() == MAX_EXCHANGES {
            self.records.pop_front();
        } else if self.records.len() == self.records.capacity() {
            // Grown to exactly the hundred, not to the next power of two (5,000 instances).
            let next = (self.records.capacity() * 2).clamp(4, MAX_EXCHANGES);
            self.records.reserve_exact(next - self.records.len());
        }
        self.records.push_back(exchange);
        self.keep_within_budget();
    }

    /// Drops the oldest records' bodies until the distinct bodies fit the budget.
    fn keep_within_budget(&mut self) {
        let mut seen: Vec<*const u8> = Vec::new();
        let mut bytes = 0;
        // Newest first: the bodies a person looks at are the recent ones.
        for record in self.records.iter_mut().rev() {
            let Some(body) = &record.body else { continue };
            let ptr = body.as_ptr();
            if seen.contains(&ptr) {
                continue;
            }
            if bytes + body.len() > BODY_BUDGET {
                record.body = None;
                continue;
            }
            seen.push(ptr);
            bytes += body.len();
        }
    }

    pub fn records(&self) -> impl DoubleEndedIterator<Item = &Exchange> + ExactSizeIterator {
        self.records.iter()
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Bytes of distinct bodies held (what the budget bounds).
    pub fn body_bytes(&self) -> usize {
        let mut seen: Vec<*const u8> = Vec::new();
        let mut bytes = 0;
        for body in self.records.iter().filter_map(|r| r.body.as_ref()) {
            if !seen.contains(&body.as_ptr()) {
                seen.push(body.as_ptr());
                bytes += body.len();
            }
        }
        bytes
    }
}

/// The exchanges as JSON for the support bundle (newest last; bodies as shown in the drawer).
pub fn exchanges_json(log: &ExchangeLog) -> String {
    let rows: Vec<serde_json::Value> = log
        .records()
        .map(|e| {
            let at = chrono::DateTime::<chrono::Local>::from(e.at());
            serde_json::json!({
                "at": at.to_rfc3339_opts(chrono::SecondsFormat::Millis, false),
                "command": e.command,
                "http_status": e.http_status,
                "latency_ms": e.latency_ms,
                "size": e.size,
                "outcome": e.error.as_deref().unwrap_or("ok"),
                "body": e.body.as_deref(),
            })
        })
        .collect();
    serde_json::to_string_pretty(&rows).unwrap_or_default()
}

/// Lines of the app's log file kept in a support bundle.
pub const LOG_TAIL_LINES: usize = 400;

/// The last [`LOG_TAIL_LINES`] lines of the newest log file in `dir` (already free of keys
/// and WebIDs; scrubbed again, with phone numbers masked). Blocking: on the runtime's pool.
pub fn log_tail(dir: &std::path::Path) -> Option<String> {
    let newest = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok())?;
    let text = std::fs::read_to_string(newest.path()).ok()?;
    let lines: Vec<&str> = text.lines().collect();
    let tail = lines[lines.len().saturating_sub(LOG_TAIL_LINES)..].join("\n");
    Some(mask_text(&crate::logging::scrub(&tail), &[]))
}

/// The support bundle: each part a file in one zip (deflated).
pub fn bundle_zip(parts: &[(String, String)]) -> std::io::Result<Vec<u8>> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o600);
    for (name, text) in parts {
        zip.start_file(name.as_str(), options).map_err(std::io::Error::other)?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish().map_err(std::io::Error::other)?.into_inner())
}

/// An answer's body as it may be shown or handed on: JSON pretty-printed with the WebID, the
/// key and phone numbers masked in every string; anything else as text, masked the same way.
/// Cut at [`MAX_BODY_CHARS`].
pub fn redact_body(raw: &[u8], secrets: &[&str]) -> String {
    let text = match serde_json::from_slice::<serde_json::Value>(raw) {
        Ok(mut value) => {
            let mut found: Vec<String> =
                secrets.iter().filter(|s| !s.is_empty()).map(|s| (*s).to_owned()).collect();
            collect_web_ids(&value, &mut found);
            mask_value(&mut value, &found);
            serde_json::to_string_pretty(&value).unwrap_or_default()
        }
        Err(_) => {
            let found: Vec<String> =
                secrets.iter().filter(|s| !s.is_empty()).map(|s| (*s).to_owned()).collect();
            mask_text(&String::from_utf8_lossy(raw), &found)
        }
    };
    // Secrets registered elsewhere (other instances' keys and WebIDs) too.
    let text = crate::logging::scrub(&text);
    cut(text)
}

fn cut(text: String) -> String {
    if text.chars().count() <= MAX_BODY_CHARS {
        return text;
    }
    let mut cut: String = text.chars().take(MAX_BODY_CHARS).collect();
    cut.push_str(&format!("\n… ({})", crate::tr!("diag-cut", chars = MAX_BODY_CHARS as i64)));
    cut
}

/// The WebID a status answer carries (`"WebID": "…"`), wherever it is.
fn collect_web_ids(value: &serde_json::Value, found: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                if k.eq_ignore_ascii_case("webid")
                    && let Some(s) = v.as_str()
                    && !s.is_empty()
                {
                    found.push(s.to_owned());
                }
                collect_web_ids(v, found);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_web_ids(v, found)),
        _ => {}
    }
}

fn mask_value(value: &mut serde_json::Value, secrets: &[String]) {
    match value {
        serde_json::Value::String(s) => *s = mask_text(s, secrets),
        serde_json::Value::Object(map) => map.values_mut().for_each(|v| mask_value(v, secrets)),
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| mask_value(v, secrets)),
        _ => {}
    }
}

/// The text with every secret replaced and every phone number (10 digits or more in a row,
/// as in `5511987654321@s.whatsapp.net`) cut to its first and last two digits.
pub fn mask_text(text: &str, secrets: &[String]) -> String {
    let mut text = text.to_owned();
    for secret in secrets {
        if !secret.is_empty() {
            text = text.replace(secret.as_str(), "[redacted]");
        }
    }
    mask_phone_numbers(&text)
}

fn mask_phone_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        if digits.len() >= 10 {
            out.push_str(&digits[..2]);
            out.extend(std::iter::repeat_n('•', digits.len() - 4));
            out.push_str(&digits[digits.len() - 2..]);
        } else {
            out.push_str(digits);
        }
        digits.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut out);
            out.push(c);
        }
    }
    flush(&mut digits, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "DIAG-KEY-7Q2W-0001";
    const WEB_ID: &str = "4b9c2e1f0a8d4c6b9e7f1a2b3c4d5e6f";

    fn exchange(command: &'static str, body: &str) -> Exchange {
        Exchange::new(
            command,
            SystemTime::UNIX_EPOCH,
            Duration::from_millis(42),
            Some(200),
            Some(body.as_bytes()),
            Ok(()),
            &[KEY],
        )
    }

    #[test]
    fn a_status_body_keeps_its_shape_and_loses_its_secrets() {
        let raw = format!(
            r#"{{"status":1,"WebID":"{WEB_ID}","Webhook":"https://hook.example/in?wid={WEB_ID}",
                "ConnectionInfo":{{"wid":"5511987654321@s.whatsapp.net","battery":"87"}},
                "echo":"called with wid={KEY}","SentBytes":123456789012}}"#
        );
        let shown = redact_body(raw.as_bytes(), &[KEY]);
        for secret in [KEY, WEB_ID, "5511987654321", "98765"] {
            assert!(!shown.contains(secret), "{secret} is masked in:\n{shown}");
        }
        assert!(shown.contains("55•••••••••21@s.whatsapp.net"), "{shown}");
        assert!(shown.contains("\"battery\": \"87\""), "the rest stays, pretty-printed:\n{shown}");
        assert!(shown.contains("123456789012"), "numbers that are not text stay");
        assert!(shown.contains("https://hook.example/in?wid=[redacted]"));
    }

    #[test]
    fn an_html_answer_is_masked_as_text_and_a_huge_one_is_cut() {
        let html = format!("<html>Error for wid={KEY}, phone 5511987654321</html>");
        let shown = redact_body(html.as_bytes(), &[KEY]);
        assert_eq!(shown, "<html>Error for wid=[redacted], phone 55•••••••••21</html>");
        let huge = "x".repeat(MAX_BODY_CHARS * 3);
        let shown = redact_body(huge.as_bytes(), &[]);
        assert!(shown.chars().count() < MAX_BODY_CHARS + 100 && shown.contains('…'));
    }

    #[test]
    fn a_bundle_is_a_zip_of_its_parts() {
        let parts =
            vec![("report.json".to_owned(), "{}".to_owned()), ("requests.json".to_owned(), "[]".to_owned())];
        let bytes = bundle_zip(&parts).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(zip.len(), 2);
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("requests.json").unwrap(), &mut text).unwrap();
        assert_eq!(text, "[]");
    }

    #[test]
    fn the_log_keeps_the_last_hundred_and_bounds_its_bodies() {
        let mut log = ExchangeLog::default();
        for n in 0..250 {
            // Polls answered the same way share one text.
            log.push(exchange("status.aspx", r#"{"status":1}"#));
            if n % 50 == 0 {
                log.push(exchange("clear.aspx", &format!("{{\"n\":{n}}}")));
            }
        }
        assert_eq!(log.len(), MAX_EXCHANGES);
        assert!(log.body_bytes() < 100, "one shared status body and a few others: {}", log.body_bytes());
        // Distinct big bodies: the newest keep theirs, the oldest lose them, the records stay.
        for n in 0..40 {
            log.push(exchange("status.aspx", &format!("{{\"pad\":\"{}\",\"n\":{n}}}", "p".repeat(1000))));
        }
        assert!(log.body_bytes() <= BODY_BUDGET, "{}", log.body_bytes());
        assert!(log.records().last().unwrap().body.is_some(), "the newest keeps its body");
        assert!(log.records().rev().nth(30).unwrap().body.is_none(), "an old one gave its up");
        assert_eq!(log.len(), MAX_EXCHANGES);
    }

    /// What a fleet pays for its diagnostics, at most: 100 records of this size and
    /// BODY_BUDGET of bodies per instance (docs/PERFORMANCE.md).
    #[test]
    fn a_record_stays_small_and_the_log_never_grows_past_a_hundred() {
        assert!(std::mem::size_of::<Exchange>() <= 72, "{}", std::mem::size_of::<Exchange>());
        let mut log = ExchangeLog::default();
        for _ in 0..500 {
            log.push(exchange("status.aspx", "{}"));
        }
        assert_eq!(log.records.capacity(), MAX_EXCHANGES);
    }
}
