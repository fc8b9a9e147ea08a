//! Applying what the views asked for ([`Action`]s), after the frame: the one place the app's
//! state changes on the user's behalf.

use std::time::Instant;

use super::export;
use super::intent::Action;
use super::state::{InstanceMeta, InstanceState};
use super::{WitiApp, apply_prefs, fleet, spec};
use crate::backend::{Command, FileFilter, FilePurpose, HistoryAsk, HistoryTag, InstanceId};
use crate::prefs::Prefs;
use crate::store::ConfigFile;
use crate::tr;

impl WitiApp {
    pub(super) fn apply_action(&mut self, action: Action) {
        match action {
            Action::Backend(command) => self.send(command),
            Action::Select(id) => self.select(Some(id)),
            Action::Add(meta) => {
                let persist = meta.persist;
                let id = self.spawn(meta);
                self.select(Some(id));
                if persist {
                    self.persist();
                }
            }
            Action::Update(id, meta) => self.update(id, meta),
            Action::Remove(id) => self.remove(id),
            Action::SetPrefs(prefs) => {
                self.run_prefs.user_chose(&self.prefs, &prefs);
                apply_prefs(&self.ctx, &prefs, &self.run_prefs);
                if prefs.gateway_cap != self.prefs.gateway_cap {
                    self.backend.send(Command::SetGatewayCap(prefs.gateway_cap));
                }
                if prefs.history_days != self.prefs.history_days {
                    self.backend.send(Command::SetRetention(prefs.history_days));
                }
                if let Some(store) = &self.prefs_store {
                    self.backend.send(Command::SavePrefs(store.clone(), prefs.clone()));
                }
                self.prefs = prefs;
            }
            Action::ChooseLanguage(language) => {
                self.run_prefs.language = None;
                let prefs = Prefs { language, ..self.prefs.clone() };
                self.apply_action(Action::SetPrefs(prefs));
            }
            Action::DismissNotice(index) => {
                if index < self.notices.len() {
                    self.notices.remove(index);
                }
            }
            Action::ExportReport { id, json } => self.export_report(id, json),
            Action::ExportList { include_keys } => {
                let metas: Vec<&InstanceMeta> =
                    self.instances.iter().filter(|i| i.meta.persist).map(|i| &i.meta).collect();
                let contents = export::export_list(&metas, include_keys);
                let name = "witi-instances.json".into();
                self.save_file(FilePurpose::InstanceList, name, "json", contents.into_bytes());
            }
            Action::ImportList => {
                self.file_asked_at = Some(Instant::now());
                self.backend
                    .send(Command::OpenFile { purpose: FilePurpose::ImportList, filter: filter("json") });
            }
            Action::ImportCsv => {
                self.file_asked_at = Some(Instant::now());
                self.backend
                    .send(Command::OpenFile { purpose: FilePurpose::ImportCsv, filter: filter("csv") });
            }
            Action::AddFromCsv(rows) => self.add_from_csv(rows),
            Action::WantHistory { id, hours } => self.want_history(id, hours),
            Action::RunBulk { op, settings, ids } => {
                let targets = ids
                    .into_iter()
                    .filter_map(|id| {
                        self.instances.iter().find(|i| i.id == id).map(|i| (id, i.meta.name.clone()))
                    })
                    .collect();
                self.start_bulk(op, settings, targets);
            }
            Action::CancelBulk => {
                if let Some(job) = self.bulk_job.as_mut().filter(|j| !j.is_finished()) {
                    job.cancelled = true;
                    job.switch.cancel();
                }
            }
            Action::RetryBulk => {
                if let Some(job) = self.bulk_job.take_if(|j| j.is_finished()) {
                    self.start_bulk(job.op, job.settings.clone(), job.to_retry());
                }
            }
            Action::DismissBulk => {
                self.bulk_job.take_if(|j| j.is_finished());
            }
            Action::SetParked { ids, parked } => self.set_parked(&ids, parked),
            Action::ExportReportOf { ids, json } => self.export_report_of(&ids, json, false),
            Action::SupportBundle(id) => self.start_bundle(id),
            Action::ExportHistoryCsv { id, hours } => {
                let to_ms = crate::history::now_ms();
                let Some(inst) = self.instances.iter().find(|i| i.id == id) else { return };
                let query = crate::history::Query::Csv {
                    uid: inst.meta.uid.clone(),
                    from_ms: to_ms - i64::from(hours) * 3_600_000,
                    to_ms,
                };
                self.backend.send(Command::QueryHistory {
                    tag: HistoryTag { id, what: HistoryAsk::Csv(hours) },
                    query,
                });
            }
            Action::WantStrips(uids) => {
                let now = Instant::now();
                let uids: Vec<_> = uids.into_iter().filter(|u| self.history.wants_strip(u, now)).collect();
                if uids.is_empty() {
                    return;
                }
                let to_ms = crate::history::now_ms();
                let from_ms = to_ms - i64::from(super::history::STRIP_HOURS) * 3_600_000;
                self.history.asked_strips(&uids, from_ms, to_ms, now);
                let tag = HistoryTag { id: 0, what: HistoryAsk::Strips };
                let query = crate::history::Query::Strips { uids, from_ms, to_ms };
                self.backend.send(Command::QueryHistory { tag, query });
            }
            Action::WantHistoryInfo => {
                if !self.history.wants_info(Instant::now()) {
                    return;
                }
                let tag = HistoryTag { id: 0, what: HistoryAsk::Info };
                self.backend.send(Command::QueryHistory { tag, query: crate::history::Query::Info });
            }
            Action::SaveQrPng(id) => {
                let Some(inst) = self.instances.iter().find(|i| i.id == id) else { return };
                let Some(qr) = &inst.qr else { return };
                let name = format!("witi-qr-{}.png", file_stem(&inst.meta.name));
                let png = qr.image.to_png();
                self.save_file(FilePurpose::QrPng, name, "png", png);
            }
        }
    }

    /// A command for the backend; a refresh shows as pending until its answer (or the answer
    /// of the poll it joined) comes.
    fn send(&mut self, command: Command) {
        if let Command::Refresh(id) = &command
            && let Some(inst) = self.instances.iter_mut().find(|i| i.id == *id && i.fatal.is_none())
        {
            inst.refresh_pending = true;
        }
        self.backend.send(command);
    }

    /// Writes the saved instances (on the runtime; the UI thread does no I/O).
    pub(super) fn persist(&self) {
        let Some(store) = &self.store else { return };
        let config = ConfigFile {
            instances: self.instances.iter().filter(|i| i.meta.persist).map(|i| i.meta.to_saved()).collect(),
            ..ConfigFile::default()
        };
        self.backend.send(Command::SaveConfig(store.clone(), config));
    }

    fn update(&mut self, id: InstanceId, mut meta: InstanceMeta) {
        let Some(inst) = self.instances.iter_mut().find(|i| i.id == id) else {
            return;
        };
        self.generation += 1;
        // Edited, still the same instance: its history goes on.
        meta.uid = inst.meta.uid.clone();
        let reconnect = inst.meta.base_url != meta.base_url || inst.meta.key != meta.key;
        crate::logging::register_secret(meta.key.expose());
        if reconnect {
            // Typed in while the keyring was still being asked: the new key is the one.
            self.keys_pending.retain(|_, pending| *pending != id);
            // A new address or key is a new client: start the instance afresh.
            self.backend.send(Command::RemoveInstance(id));
            self.backend.send(Command::AddInstance(spec(id, &meta)));
            *inst = InstanceState::new(id, meta);
            if self.selected == Some(id) {
                self.backend.send(Command::Focus(Some(id)));
            }
        } else {
            if inst.meta.name != meta.name {
                self.backend.send(Command::Rename(id, meta.name.clone()));
            }
            if inst.meta.parked != meta.parked {
                self.backend.send(Command::Park(id, meta.parked));
            }
            inst.meta = meta;
        }
        self.persist();
    }

    /// Asks for a window of an instance's history unless a fresh answer is known or coming.
    fn want_history(&mut self, id: InstanceId, hours: u32) {
        let Some(inst) = self.instances.iter().find(|i| i.id == id) else { return };
        let (now, code) = (Instant::now(), inst.code());
        if !self.history.wants(id, hours, code, now) {
            return;
        }
        self.history.asked(id, hours, code, now);
        let to_ms = crate::history::now_ms();
        let query = crate::history::Query::Window {
            uid: inst.meta.uid.clone(),
            from_ms: to_ms - i64::from(hours) * 3_600_000,
            to_ms,
            points: super::history::CHART_POINTS,
        };
        self.backend
            .send(Command::QueryHistory { tag: HistoryTag { id, what: HistoryAsk::Window(hours) }, query });
    }

    fn remove(&mut self, id: InstanceId) {
        self.history.forget(id);
        self.backend.send(Command::RemoveInstance(id));
        self.instances.retain(|i| i.id != id);
        self.positions = self.instances.iter().enumerate().map(|(at, i)| (i.id, at)).collect();
        self.generation += 1;
        if self.selected == Some(id) {
            let next = fleet::visible(&self.instances, "").first().map(|&i| self.instances[i].id);
            self.selected = None;
            self.select(next);
        }
        self.persist();
    }

    /// Sends one operation to many instances; their outcomes come back one by one.
    fn start_bulk(
        &mut self,
        op: crate::backend::Operation,
        settings: Option<crate::api::Settings>,
        targets: Vec<(InstanceId, String)>,
    ) {
        if self.bulk_job.as_ref().is_some_and(|j| !j.is_finished()) {
            return; // one run at a time (the bar's buttons are disabled meanwhile)
        }
        let job = self.next_job;
        self.next_job += 1;
        let ids = targets.iter().map(|(id, _)| *id).collect();
        let run = super::bulk::BulkJob::new(job, op, settings.clone(), targets, Instant::now());
        self.backend.send(Command::Bulk { job, op, settings, ids, cancel: run.switch.clone() });
        self.bulk_job = Some(run);
    }

    /// Parks instances (or returns them to service): polled rarely, left out of alerts.
    fn set_parked(&mut self, ids: &[InstanceId], parked: bool) {
        let mut changed = 0;
        for inst in self.instances.iter_mut().filter(|i| ids.contains(&i.id) && i.meta.parked != parked) {
            inst.meta.parked = parked;
            self.backend.send(Command::Park(inst.id, parked));
            changed += 1;
        }
        self.generation += 1;
        let count = crate::format::count(changed as u64);
        let text =
            if parked { tr!("notice-parked", count = count) } else { tr!("notice-unparked", count = count) };
        self.notice(text, false);
        self.persist();
    }

    /// A health report of one instance (or of the fleet when `None`), through a save dialog.
    fn export_report(&mut self, id: Option<InstanceId>, json: bool) {
        let ids: Vec<InstanceId> =
            self.instances.iter().filter(|i| id.is_none_or(|id| i.id == id)).map(|i| i.id).collect();
        self.export_report_of(&ids, json, id.is_none());
    }

    /// A health report of these instances, through a save dialog; named after the one
    /// instance, the fleet, or the count chosen.
    fn export_report_of(&mut self, ids: &[InstanceId], json: bool, whole_fleet: bool) {
        let wanted: std::collections::HashSet<InstanceId> = ids.iter().copied().collect();
        let chosen: Vec<&InstanceState> = self.instances.iter().filter(|i| wanted.contains(&i.id)).collect();
        let (contents, ext) =
            if json { (export::report_json(&chosen), "json") } else { (export::report_text(&chosen), "txt") };
        let stem = match chosen.as_slice() {
            _ if whole_fleet => "fleet".to_owned(),
            [one] => file_stem(&one.meta.name),
            many => format!("{}-instances", many.len()),
        };
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M");
        let name = format!("witi-report-{stem}-{stamp}.{ext}");
        self.save_file(FilePurpose::Report, name, ext, contents.into_bytes());
    }

    /// The diagnostics drawer watches the selected instance while it is open: the backend
    /// sends its requests then; the one left stops and forgets them.
    pub(super) fn watch_exchanges(&mut self) {
        let wanted = self.selected.filter(|_| self.ui_state.diagnostics_open && !self.ui_state.overview);
        if wanted == self.watching {
            return;
        }
        if let Some(old) = self.watching.take() {
            self.backend.send(Command::WatchExchanges(old, false));
            if let Some(inst) = self.instances.iter_mut().find(|i| i.id == old) {
                inst.exchanges = Default::default();
            }
        }
        if let Some(id) = wanted {
            self.backend.send(Command::WatchExchanges(id, true));
        }
        self.watching = wanted;
    }

    /// A support bundle: the redacted health report, the requests, the event log, and (once the
    /// history answers) the last 24 hours as CSV; the backend adds the log file's tail.
    fn start_bundle(&mut self, id: InstanceId) {
        let Some(inst) = self.instances.iter().find(|i| i.id == id) else { return };
        let mask = |text: String| crate::diagnostics::mask_text(&text, &[]);
        let parts = vec![
            ("health-report.json".to_owned(), mask(export::report_json(&[inst]))),
            ("health-report.txt".to_owned(), mask(export::report_text(&[inst]))),
            ("requests.json".to_owned(), crate::diagnostics::exchanges_json(&inst.exchanges)),
            ("event-log.txt".to_owned(), mask(export::event_log_text(inst))),
        ];
        if matches!(self.history.recording, super::history::Recording::Disabled) {
            return self.finish_bundle(id, parts);
        }
        let to_ms = crate::history::now_ms();
        let query =
            crate::history::Query::Csv { uid: inst.meta.uid.clone(), from_ms: to_ms - 24 * 3_600_000, to_ms };
        self.pending_bundle = Some((id, parts));
        self.backend.send(Command::QueryHistory { tag: HistoryTag { id, what: HistoryAsk::Bundle }, query });
    }

    /// The bundle's parts are all there: zip and save.
    pub(super) fn finish_bundle(&mut self, id: InstanceId, parts: Vec<(String, String)>) {
        let Some(inst) = self.instances.iter().find(|i| i.id == id) else { return };
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M");
        let file_name = format!("witi-support-{}-{stamp}.zip", file_stem(&inst.meta.name));
        self.file_asked_at = Some(Instant::now());
        self.backend.send(Command::SupportBundle { file_name, filter: filter("zip"), parts });
    }

    pub(super) fn save_file(
        &mut self,
        purpose: FilePurpose,
        file_name: String,
        ext: &str,
        contents: Vec<u8>,
    ) {
        self.file_asked_at = Some(Instant::now());
        self.backend.send(Command::SaveFile { purpose, file_name, filter: filter(ext), contents });
    }

    /// Reads a CSV fleet on the backend; its preview opens when it is read.
    pub fn import_csv(&mut self, bytes: Vec<u8>) {
        let existing = self.instances.iter().map(|i| (i.meta.name.clone(), i.meta.key.clone())).collect();
        self.backend.send(Command::ReadCsv { bytes, existing });
    }

    /// The confirmed rows of a CSV preview, added (and saved) at once.
    fn add_from_csv(&mut self, rows: Vec<crate::import::CsvRow>) {
        let total = rows.len();
        let mut added = 0;
        for row in rows.into_iter().filter(crate::import::CsvRow::is_valid) {
            let mut meta = InstanceMeta::new(row.name, row.base_url, row.key);
            meta.tags = row.tags;
            meta.notes = row.notes;
            meta.persist = true;
            self.spawn(meta);
            added += 1;
        }
        let count = crate::format::count(added as u64);
        let left = crate::format::count((total - added) as u64);
        self.notice(tr!("notice-csv-added", count = count, left = left), false);
        self.persist();
    }

    /// Merges an instance list into the fleet by name, or refuses it whole with the reason.
    pub fn import_list(&mut self, bytes: &[u8]) {
        let incoming = match export::parse_list(bytes) {
            Ok(list) => list,
            Err(reason) => return self.notice(tr!("notice-import-refused", reason = reason), true),
        };
        let existing: Vec<&InstanceMeta> = self.instances.iter().map(|i| &i.meta).collect();
        let (changes, report) = export::merge(&existing, incoming);
        for change in changes {
            match change {
                export::Change::Add(meta) => {
                    self.spawn(meta);
                }
                export::Change::Update { name, meta } => {
                    if let Some(id) = self.instances.iter().find(|i| i.meta.name == name).map(|i| i.id) {
                        self.update(id, meta);
                    }
                }
            }
        }
        self.persist();
        let skipped: Vec<String> = report.skipped.iter().map(|(n, why)| format!("{n} ({why})")).collect();
        let text = tr!(
            "notice-imported",
            added = report.added.len(),
            updated = report.updated.len(),
            skipped = report.skipped.len(),
            details = skipped.join(", ")
        );
        self.notice(text, false);
    }
}

fn filter(ext: &str) -> FileFilter {
    let name = match ext {
        "png" => tr!("file-filter-png"),
        "txt" => tr!("file-filter-text"),
        "csv" => tr!("file-filter-csv"),
        "zip" => tr!("file-filter-zip"),
        _ => tr!("file-filter-json"),
    };
    FileFilter { name, extensions: vec![ext.into()] }
}

/// A name made safe for a file name: letters, digits and dashes.
pub(super) fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if stem.is_empty() { "instance".into() } else { stem }
}
