//! What leaves the app as a file: health reports (JSON and text) for support tickets, and
//! the instance list (keys only when asked). Pure: text in, text out; the dialogs and the
//! writing happen on the runtime.
//!
//! Reports never contain an API key or a WebID: the fields are redacted, and the finished
//! text is searched for every key and WebID the app knows and scrubbed again.

use std::collections::BTreeSet;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use super::state::{InstanceMeta, InstanceState, status_label};
use crate::api::{ApiKey, InstanceStatus, redact};
use crate::format;
use crate::tr;

const REDACTED: &str = "<redacted>";
pub const LIST_FORMAT: &str = "witi-connect instance list";
pub const LIST_VERSION: u32 = 1;
/// Instance lists larger than this are refused unread.
pub const MAX_IMPORT_BYTES: usize = 1024 * 1024;

#[derive(Debug, Serialize)]
struct Report<'a> {
    report: &'static str,
    generated_at: String,
    app_version: &'static str,
    instances: Vec<ReportInstance<'a>>,
}

#[derive(Debug, Serialize)]
struct ReportInstance<'a> {
    name: &'a str,
    base_url: &'a str,
    tags: &'a [String],
    state: String,
    stale: bool,
    last_error: Option<String>,
    seconds_since_update: Option<u64>,
    status: Option<InstanceStatus>,
}

/// Every secret the report must not contain: the keys and WebIDs of these instances.
fn secrets(instances: &[&InstanceState]) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    for inst in instances {
        set.insert(inst.meta.key.expose().to_owned());
        if let Some(id) = inst.status.as_ref().and_then(|s| s.web_id.clone()) {
            set.insert(id);
        }
    }
    set.retain(|s| s.len() >= 3);
    set
}

fn scrub(text: String, secrets: &BTreeSet<String>) -> String {
    secrets.iter().fold(text, |t, s| redact(&t, s))
}

/// The status with its WebID taken out of every field it shows up in.
fn redacted_status(status: &InstanceStatus) -> InstanceStatus {
    let mut s = status.clone();
    if let Some(id) = s.web_id.take() {
        s.web_id = Some(REDACTED.into());
        s.webhook = s.webhook.map(|w| w.replace(&id, REDACTED));
        if let Some(root) = s.storage.as_mut() {
            root.name = root.name.take().map(|n| n.replace(&id, REDACTED));
        }
    }
    s
}

/// A health report as JSON.
pub fn report_json(instances: &[&InstanceState]) -> String {
    let now = Instant::now();
    let report = Report {
        report: "witi-connect health report",
        generated_at: chrono::Local::now().to_rfc3339(),
        app_version: env!("CARGO_PKG_VERSION"),
        instances: instances
            .iter()
            .map(|inst| ReportInstance {
                name: &inst.meta.name,
                base_url: &inst.display_url,
                tags: &inst.meta.tags,
                state: inst.code().map(status_label).unwrap_or_else(|| tr!("status-none")),
                stale: inst.is_stale(),
                last_error: inst.poll_error.as_ref().map(|(e, _)| e.to_string()),
                seconds_since_update: inst.status_at.map(|at| now.saturating_duration_since(at).as_secs()),
                status: inst.status.as_ref().map(redacted_status),
            })
            .collect(),
    };
    let text = serde_json::to_string_pretty(&report).expect("the report serializes");
    scrub(text, &secrets(instances))
}

/// One instance's event log as text (oldest first), keys and WebID taken out.
pub fn event_log_text(inst: &InstanceState) -> String {
    let mut out = String::new();
    for entry in &inst.log {
        let outcome = match entry.outcome {
            super::state::LogOutcome::Ok => "ok",
            super::state::LogOutcome::Failed => "FAILED",
            super::state::LogOutcome::Info => "info",
        };
        let latency = entry.latency.map(|l| format!(" ({})", format::latency(l))).unwrap_or_default();
        out.push_str(&format!(
            "{} {outcome:6} {}{latency}: {}\n",
            entry.at.format("%Y-%m-%d %H:%M:%S%.3f"),
            entry.what,
            entry.detail
        ));
    }
    scrub(out, &secrets(&[inst]))
}

/// A health report as text, for pasting into a ticket.
pub fn report_text(instances: &[&InstanceState]) -> String {
    let now = Instant::now();
    let mut out = format!("{}\n\n", {
        let now = chrono::Local::now();
        tr!("report-title", at = format!("{} {}", crate::format::date_time(&now), now.format("%z")))
    });
    for inst in instances {
        out.push_str(&format!("{} ({})", inst.meta.name, inst.display_url));
        if !inst.meta.tags.is_empty() {
            out.push_str(&format!("  [{}]", inst.meta.tags.join(", ")));
        }
        out.push('\n');
        let state = inst.code().map(status_label).unwrap_or_else(|| tr!("status-none"));
        let updated = match inst.status_at {
            Some(at) => tr!("updated-ago", ago = format::ago(now.saturating_duration_since(at))),
            None => tr!("never-updated"),
        };
        out.push_str(&format!("  {}: {state}, {updated}\n", tr!("field-status")));
        if let Some((e, _)) = &inst.poll_error {
            out.push_str(&format!("  {}: {e}\n", tr!("report-last-error")));
        }
        if let Some(s) = &inst.status {
            let info = s.connection_info.as_ref();
            if let Some(info) = info {
                let phone = info.phone.clone().unwrap_or_default();
                let parts: Vec<String> = [
                    info.pushname.clone(),
                    s.phone_number(),
                    phone.label(),
                    info.platform.clone().zip(phone.os_version).map(|(p, v)| format!("{p} {v}")),
                    phone.wa_version.map(|v| format!("WhatsApp {v}")),
                ]
                .into_iter()
                .flatten()
                .collect();
                out.push_str(&format!("  {}: {}\n", tr!("panel-device"), parts.join(", ")));
                let battery = match (info.battery, info.plugged) {
                    (Some(b), Some(true)) => format!("{b} %, {}", tr!("battery-charging")),
                    (Some(b), _) => format!("{b} %"),
                    (None, _) => tr!("battery-not-reported"),
                };
                out.push_str(&format!("  {}: {battery}\n", tr!("panel-battery")));
            }
            if let Some(root) = &s.storage {
                let folders: Vec<String> = root
                    .subs
                    .iter()
                    .map(|f| {
                        format!(
                            "{} {}",
                            f.name.as_deref().unwrap_or("?"),
                            format::bytes(f.bytes.unwrap_or(0))
                        )
                    })
                    .collect();
                out.push_str(&format!(
                    "  {}: {} ({})\n",
                    tr!("panel-storage"),
                    tr!(
                        "storage-total",
                        size = format::bytes(root.bytes.unwrap_or(0)),
                        files = format::count(root.files.unwrap_or(0))
                    ),
                    folders.join(", ")
                ));
            }
            if let Some(st) = &s.stats {
                out.push_str(&format!(
                    "  {}: {} {}, {} {}, {} {}, {} {}\n",
                    tr!("panel-stats"),
                    st.contacts.unwrap_or(0),
                    tr!("field-contacts").to_lowercase(),
                    st.chats.unwrap_or(0),
                    tr!("field-chats").to_lowercase(),
                    format::bytes(st.sent_bytes.unwrap_or(0)),
                    tr!("field-sent").to_lowercase(),
                    format::bytes(st.received_bytes.unwrap_or(0)),
                    tr!("field-received").to_lowercase(),
                ));
            }
            if let Some(hook) = s.webhook_as_set() {
                out.push_str(&format!("  {}: {hook}\n", tr!("field-webhook")));
            }
        }
        out.push('\n');
    }
    scrub(out, &secrets(instances))
}

// ----- the instance list -----

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstanceListFile {
    pub format: String,
    pub version: u32,
    pub instances: Vec<ExportedInstance>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedInstance {
    pub name: String,
    pub base_url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub notes: String,
}

/// The saved instances as a file to share; keys only when `include_keys`.
pub fn export_list(instances: &[&InstanceMeta], include_keys: bool) -> String {
    let file = InstanceListFile {
        format: LIST_FORMAT.into(),
        version: LIST_VERSION,
        instances: instances
            .iter()
            .map(|m| ExportedInstance {
                name: m.name.clone(),
                base_url: m.base_url.clone(),
                key: include_keys.then(|| m.key.expose().to_owned()),
                tags: m.tags.clone(),
                notes: m.notes.clone(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&file).expect("the list serializes");
    text.push('\n');
    text
}

/// Reads an instance list, or says why it is refused. Nothing is changed on refusal.
pub fn parse_list(bytes: &[u8]) -> Result<Vec<ExportedInstance>, String> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(tr!("import-too-large"));
    }
    let file: InstanceListFile =
        serde_json::from_slice(bytes).map_err(|e| tr!("import-not-a-list", reason = e.to_string()))?;
    if file.format != LIST_FORMAT {
        return Err(tr!("import-wrong-format", format = crate::api::parse::short(&file.format)));
    }
    if file.version > LIST_VERSION {
        return Err(tr!("import-too-new", version = file.version));
    }
    let mut names = BTreeSet::new();
    for inst in &file.instances {
        let name = inst.name.trim();
        if name.is_empty() {
            return Err(tr!("import-unnamed"));
        }
        if !names.insert(name.to_lowercase()) {
            return Err(tr!("import-duplicate", name = name.to_owned()));
        }
        let url = reqwest::Url::parse(inst.base_url.trim())
            .map_err(|_| tr!("import-bad-url", name = name.to_owned()))?;
        if !matches!(url.scheme(), "http" | "https") || url.query().is_some() {
            return Err(tr!("import-bad-url", name = name.to_owned()));
        }
    }
    Ok(file.instances)
}

/// What an import does, instance by instance.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Add(InstanceMeta),
    /// Replace the instance named `name` (any case) with this.
    Update {
        name: String,
        meta: InstanceMeta,
    },
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct MergeReport {
    pub added: Vec<String>,
    pub updated: Vec<String>,
    /// Name and why.
    pub skipped: Vec<(String, String)>,
}

/// Merges by name: new names are added (if they carry a key), known names are updated (their
/// key kept when the file has none), identical ones skipped.
pub fn merge(existing: &[&InstanceMeta], incoming: Vec<ExportedInstance>) -> (Vec<Change>, MergeReport) {
    let mut changes = Vec::new();
    let mut report = MergeReport::default();
    for inc in incoming {
        let name = inc.name.trim().to_owned();
        let tags: Vec<String> =
            inc.tags.iter().map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()).collect();
        match existing.iter().find(|m| m.name.trim().eq_ignore_ascii_case(&name)) {
            Some(current) => {
                let meta = InstanceMeta {
                    base_url: inc.base_url.trim().to_owned(),
                    key: inc
                        .key
                        .map(ApiKey::new)
                        .filter(|k| !k.is_empty())
                        .unwrap_or_else(|| current.key.clone()),
                    tags,
                    notes: inc.notes.trim().to_owned(),
                    ..(*current).clone()
                };
                if meta == **current {
                    report.skipped.push((name, tr!("import-same")));
                } else {
                    report.updated.push(name.clone());
                    changes.push(Change::Update { name: current.name.clone(), meta });
                }
            }
            None => match inc.key.map(ApiKey::new).filter(ApiKey::is_usable) {
                Some(key) => {
                    let meta = InstanceMeta {
                        tags,
                        notes: inc.notes.trim().to_owned(),
                        persist: true,
                        ..InstanceMeta::new(name.clone(), inc.base_url.trim(), key)
                    };
                    report.added.push(name);
                    changes.push(Change::Add(meta));
                }
                None => report.skipped.push((name, tr!("import-no-key"))),
            },
        }
    }
    (changes, report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{ConnectionInfo, StatusCode, StorageNode};
    use crate::backend::InstanceEvent;

    const KEY: &str = "SECRET-key-4242";
    const WEB_ID: &str = "6D6307C3-2973-4468-85FA-D047CB8E1F2E";

    fn paired() -> InstanceState {
        let mut meta = InstanceMeta::new("Loja", "https://api.witi.me/", ApiKey::new(KEY));
        meta.tags = vec!["varejo".into()];
        let mut inst = InstanceState::new(1, meta);
        let mut status = InstanceStatus::with_code(StatusCode::WhatsAppAuthenticated);
        status.web_id = Some(WEB_ID.into());
        status.webhook = Some(format!("http://erp.example&wid={WEB_ID}"));
        status.storage =
            Some(StorageNode { name: Some(WEB_ID.into()), bytes: Some(10), files: Some(1), subs: vec![] });
        status.connection_info =
            Some(ConnectionInfo { pushname: Some("Maria".into()), battery: Some(50), ..Default::default() });
        inst.apply(
            InstanceEvent::Status {
                id: 1,
                status: Box::new(status),
                latency: Default::default(),
                at: Instant::now(),
            },
            |_| unreachable!(),
        );
        inst
    }

    #[test]
    fn reports_contain_neither_the_key_nor_the_web_id() {
        let inst = paired();
        for text in [report_json(&[&inst]), report_text(&[&inst])] {
            assert!(!text.contains(KEY), "{text}");
            assert!(!text.contains(WEB_ID), "{text}");
            assert!(!text.contains("6D6307C3"), "{text}");
            assert!(text.contains("Maria") && text.contains("Loja"), "{text}");
        }
        let json: serde_json::Value = serde_json::from_str(&report_json(&[&inst])).unwrap();
        assert_eq!(json["instances"][0]["status"]["WebID"], REDACTED);
        assert_eq!(json["instances"][0]["status"]["Webhook"], format!("http://erp.example&wid={REDACTED}"));
    }

    #[test]
    fn the_list_leaves_keys_out_unless_asked() {
        let inst = paired();
        let without = export_list(&[&inst.meta], false);
        assert!(!without.contains(KEY));
        let with = export_list(&[&inst.meta], true);
        assert!(with.contains(KEY));
        assert_eq!(parse_list(with.as_bytes()).unwrap()[0].key.as_deref(), Some(KEY));
    }

    #[test]
    fn import_merges_by_name_and_reports() {
        let mut a = InstanceMeta::new("Loja", "https://api.witi.me/", ApiKey::new("key-a"));
        a.persist = true;
        let mut b = InstanceMeta::new("Clínica", "https://api.witi.me/", ApiKey::new("key-b"));
        b.persist = true;
        let incoming = vec![
            ExportedInstance {
                name: "loja".into(),
                base_url: "https://api.witi.me/".into(),
                key: None,
                tags: vec![],
                notes: String::new(),
            },
            ExportedInstance {
                name: "Clínica".into(),
                base_url: "https://white.label/".into(),
                key: None,
                tags: vec!["x".into()],
                notes: String::new(),
            },
            ExportedInstance {
                name: "Nova".into(),
                base_url: "https://api.witi.me/".into(),
                key: Some("key-n".into()),
                tags: vec![],
                notes: String::new(),
            },
            ExportedInstance {
                name: "Sem chave".into(),
                base_url: "https://api.witi.me/".into(),
                key: None,
                tags: vec![],
                notes: String::new(),
            },
        ];
        let (changes, report) = merge(&[&a, &b], incoming);
        assert_eq!(report.added, ["Nova"]);
        assert_eq!(report.updated, ["Clínica"]);
        assert_eq!(report.skipped.iter().map(|s| s.0.as_str()).collect::<Vec<_>>(), ["loja", "Sem chave"]);
        let Change::Update { meta, .. } = &changes[0] else { panic!() };
        assert_eq!(meta.key, ApiKey::new("key-b"), "the key is kept when the file has none");
        assert_eq!(meta.base_url, "https://white.label/");
        assert!(matches!(&changes[1], Change::Add(m) if m.persist && m.name == "Nova"));
    }

    #[test]
    fn malformed_lists_are_refused_with_the_reason() {
        assert!(parse_list(b"not json").unwrap_err().contains("not an instance list"));
        assert!(parse_list(br#"{"format":"something else","version":1,"instances":[]}"#).is_err());
        assert!(
            parse_list(br#"{"format":"witi-connect instance list","version":9,"instances":[]}"#).is_err()
        );
        let dup = br#"{"format":"witi-connect instance list","version":1,"instances":[
            {"name":"A","base_url":"https://x/"},{"name":"a","base_url":"https://y/"}]}"#;
        assert!(parse_list(dup).unwrap_err().contains("twice"));
        let bad_url = br#"{"format":"witi-connect instance list","version":1,"instances":[{"name":"A","base_url":"ftp://x/"}]}"#;
        assert!(parse_list(bad_url).is_err());
        assert!(parse_list(&vec![b' '; MAX_IMPORT_BYTES + 1]).is_err());
    }
}
