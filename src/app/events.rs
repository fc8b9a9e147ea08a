//! Draining what the backend reports, in `logic()`: instance events into the view model (and
//! the notices and notifications they deserve), app events into notices.

use std::time::{Duration, Instant};

use super::WitiApp;
use super::{alerts, state};
use crate::api::StatusCode;
use crate::backend::{
    AppEvent, Command, Event, FilePurpose, HistoryAsk, HistoryTag, InstanceEvent, InstanceId,
};
use crate::history::{Answer, HistoryNotice};
use crate::notify::Reason;
use crate::tr;

/// An answer from a file dialog this soon after asking means no dialog could open.
const NO_DIALOG_WITHIN: Duration = Duration::from_millis(300);
/// Desktop notifications remembered (for tests and the record), the newest last.
const NOTIFIED_KEPT: usize = 50;

impl WitiApp {
    /// Applies every pending backend event. Runs in `logic()`, also while the window is hidden.
    pub(super) fn drain_events(&mut self, ctx: &egui::Context) {
        while let Some(event) = self.backend.try_recv() {
            match event {
                Event::Instance(event) => self.on_instance_event(ctx, event),
                Event::App(event) => self.on_app_event(event),
            }
        }
    }

    fn on_instance_event(&mut self, ctx: &egui::Context, event: InstanceEvent) {
        let id = event.id();
        self.generation += 1;
        let Some(inst) =
            self.positions.get(&id).and_then(|at| self.instances.get_mut(*at)).filter(|i| i.id == id)
        else {
            return;
        };
        let before = inst.code();
        let mut low_battery = None;
        if let InstanceEvent::Status { status, .. } = &event {
            if let Some(web_id) = &status.web_id {
                crate::logging::register_secret(web_id);
            }
            low_battery = crate::notify::low_battery(inst.status.as_ref(), status);
        }
        if let InstanceEvent::BulkDone { job, outcome, .. } = &event
            && let Some(run) = self.bulk_job.as_mut().filter(|r| r.id == *job)
        {
            run.record(id, outcome.clone(), Instant::now());
        }
        let is_status = matches!(event, InstanceEvent::Status { .. });
        inst.apply(event, |image| {
            let size = [image.side as usize, image.side as usize];
            let color = egui::ColorImage::from_rgba_unmultiplied(size, &image.rgba);
            // Nearest filtering: the image already has whole pixels per module.
            ctx.load_texture(format!("qr-{id}"), color, egui::TextureOptions::NEAREST)
        });
        let (name, after) = (inst.meta.name.clone(), inst.code());
        let host = gateway_host(&inst.meta.base_url);
        // Decided while `inst` is borrowed, told after.
        let mut linked_then_dropped = false;
        let mut change = None;
        if let (true, Some(after)) = (is_status, after) {
            // A pairing that did not hold is said at once: the user is watching it.
            if before == Some(StatusCode::WhatsAppAuthenticated)
                && after != StatusCode::WhatsAppAuthenticated
                && alerts::dropped_after_pairing(inst.paired_at, Instant::now())
            {
                inst.alert.mark_told(after);
                inst.paired_at = None;
                linked_then_dropped = true;
            } else {
                // Other changes once they held for the polls the user asked for: a flicker
                // is recorded in the history but alarms nobody.
                change = inst.alert.observe(after, self.prefs.confirm_polls);
            }
        }
        if inst.meta.parked {
            // Out of service on purpose: watched (so that nothing stale is told when it comes
            // back), never announced.
            return;
        }
        if let Some(reason) = low_battery {
            self.notify(id, &name, after, reason);
        }
        if linked_then_dropped {
            let state = after.map(state::status_label).unwrap_or_default();
            self.notice(tr!("notice-linked-then-dropped", name = name.clone(), state = state), true);
            self.notify(id, &name, after, Reason::LeftPaired);
            return;
        }
        let Some(change) = change else { return };
        let dropped = change.from.is_paired() && !change.to.is_paired();
        if dropped {
            let at_least = self.prefs.fleet_alert_min;
            match self.fleet_drops.dropped(&host, Instant::now(), at_least) {
                // An outage: one notice for the gateway instead of one per instance.
                alerts::DropTell::Group { count, minutes, first } => {
                    self.notices.retain(|n| n.group.as_deref() != Some(host.as_str()));
                    let text = tr!(
                        "notice-fleet-dropped",
                        count = crate::format::count(count as u64),
                        host = host.clone(),
                        minutes = minutes.to_string()
                    );
                    self.notice_in(text, true, Some(host.clone()));
                    if first {
                        self.notify_fleet(&host, count);
                    }
                    return;
                }
                alerts::DropTell::One => self.notify(id, &name, after, Reason::LeftPaired),
            }
        }
        // The one on screen shows its change itself (and logs it); any other is announced,
        // so that nobody misses one that dropped.
        if self.selected != Some(id) {
            let text = tr!(
                "notice-state-changed",
                name = name,
                from = state::status_label(change.from),
                to = state::status_label(change.to)
            );
            self.notice_in(text, change.from.is_paired(), dropped.then_some(host));
        }
    }

    /// One desktop notification for an outage of a gateway's instances.
    fn notify_fleet(&mut self, host: &str, count: usize) {
        if !self.prefs.notifications {
            return;
        }
        let count_text = crate::format::count(count as u64);
        let summary = tr!("notify-fleet-dropped-title", count = count_text, host = host.to_owned());
        self.backend.send(Command::Notify { summary, body: tr!("notify-fleet-dropped-body") });
        self.notified.push((0, Reason::FleetDropped(count)));
        if self.notified.len() > NOTIFIED_KEPT {
            self.notified.remove(0);
        }
    }

    /// A desktop notification, if the user wants them and this instance had none lately.
    fn notify(&mut self, id: InstanceId, name: &str, code: Option<crate::api::StatusCode>, reason: Reason) {
        if !self.prefs.notifications || !self.throttle.allow(id, Instant::now()) {
            return;
        }
        let name = name.to_owned();
        let (summary, body) = match reason {
            Reason::LeftPaired => {
                let state = code.map(state::status_label).unwrap_or_default();
                (tr!("notify-left-paired-title", name = name), tr!("notify-left-paired-body", state = state))
            }
            Reason::FleetDropped(_) => return,
            Reason::LowBattery(percent) => (
                tr!("notify-low-battery-title", name = name, percent = percent),
                tr!("notify-low-battery-body"),
            ),
        };
        self.backend.send(Command::Notify { summary, body });
        self.notified.push((id, reason));
        if self.notified.len() > NOTIFIED_KEPT {
            self.notified.remove(0);
        }
    }

    /// Answers to file dialogs, config saves and the history.
    fn on_app_event(&mut self, event: AppEvent) {
        let event = match event {
            AppEvent::History { tag, answer } => return self.on_history_answer(tag, answer),
            AppEvent::HistoryNotice(notice) => return self.on_history_notice(notice),
            other => other,
        };
        let quick = self.file_asked_at.take().is_some_and(|at| at.elapsed() < NO_DIALOG_WITHIN);
        match event {
            AppEvent::ConfigSaved { result: Err(error) } => {
                self.notice(tr!("notice-save-failed", error = error), true);
            }
            AppEvent::KeysRead { keys, done } => self.on_keys_read(keys, done),
            AppEvent::Raise(request) => {
                self.raised += 1;
                self.ctx.send_viewport_cmd(egui::ViewportCommand::Minimized(false));
                self.ctx.send_viewport_cmd(egui::ViewportCommand::Focus);
                if let Some(name) = request.open
                    && let Some(id) = self.find_by_name(&name)
                {
                    self.select(Some(id));
                    self.ui_state.overview = false;
                }
            }
            AppEvent::ConfigSaved { result: Ok(home) } => {
                if self.key_home.as_ref().is_some_and(|old| old.reason.is_none()) && home.reason.is_some() {
                    // The keyring stopped taking keys during this run: say so once.
                    self.notice(home.describe(), true);
                }
                // A migration goes a chunk per save: the next one, with the list as it is now.
                if home.moving > 0 {
                    self.persist();
                }
                self.key_home = Some(home);
            }
            AppEvent::PrefsSaved { result: Err(error) } => {
                self.notice(tr!("notice-prefs-save-failed", error = error), true);
            }
            AppEvent::FileSaved { result: Ok(Some(path)), .. } => {
                self.notice(tr!("notice-file-saved", path = path.display().to_string()), false);
            }
            AppEvent::FileOpened { purpose: FilePurpose::ImportList, result: Ok(Some(bytes)) } => {
                self.import_list(&bytes);
            }
            AppEvent::FileOpened { purpose: FilePurpose::ImportCsv, result: Ok(Some(bytes)) } => {
                self.import_csv(bytes);
            }
            AppEvent::CsvRead(Ok(preview)) => {
                self.ui_state.dialog = Some(super::views::Dialog::CsvPreview(preview));
            }
            AppEvent::CsvRead(Err(reason)) => {
                self.notice(tr!("notice-csv-refused", reason = reason), true);
            }
            AppEvent::FileSaved { result: Err(e), .. } | AppEvent::FileOpened { result: Err(e), .. } => {
                self.notice(tr!("notice-file-failed", error = e), true);
            }
            AppEvent::FileSaved { result: Ok(None), .. } | AppEvent::FileOpened { result: Ok(None), .. }
                if quick =>
            {
                self.notice(tr!("notice-no-file-dialog"), true);
            }
            _ => {}
        }
    }
}

impl WitiApp {
    fn on_history_answer(&mut self, tag: HistoryTag, answer: Answer) {
        match (tag.what, answer) {
            (HistoryAsk::Csv(hours), Answer::Csv(text)) => {
                let Some(inst) = self.instances.iter().find(|i| i.id == tag.id) else { return };
                let name = format!(
                    "witi-history-{}-{}.csv",
                    super::apply::file_stem(&inst.meta.name),
                    window_name(hours)
                );
                self.save_file(FilePurpose::HistoryCsv, name, "csv", text.into_bytes());
            }
            (HistoryAsk::Strips, answer) => self.history.answered_strips(answer, Instant::now()),
            (HistoryAsk::Bundle, answer) => {
                let Some((id, mut parts)) = self.pending_bundle.take() else { return };
                match answer {
                    Answer::Csv(text) => parts.push(("history-24h.csv".into(), text)),
                    Answer::Failed(reason) => parts.push(("history-24h-unavailable.txt".into(), reason)),
                    _ => {}
                }
                self.finish_bundle(id, parts);
            }
            (HistoryAsk::Csv(_), Answer::Failed(reason)) => {
                self.notice(tr!("notice-history-failed", reason = reason), true);
            }
            (_, answer) => self.history.answered(&tag, answer, Instant::now()),
        }
    }

    /// Said once: the app goes on either way.
    fn on_history_notice(&mut self, notice: HistoryNotice) {
        use super::history::Recording;
        let (text, warning) = match notice {
            HistoryNotice::MovedAside { backup, reason } => {
                (tr!("notice-history-moved", reason = reason, backup = backup.display().to_string()), true)
            }
            HistoryNotice::InUse => {
                self.history.recording = Recording::Off(tr!("history-off-in-use"));
                (tr!("notice-history-in-use"), true)
            }
            HistoryNotice::Unavailable { reason } => {
                let text = tr!("notice-history-unavailable", reason = reason);
                self.history.recording = Recording::Off(text.clone());
                (text, true)
            }
            HistoryNotice::Paused { reason } => (tr!("notice-history-paused", reason = reason), true),
            HistoryNotice::Resumed => (tr!("notice-history-resumed"), false),
        };
        self.notice(text, warning);
    }
}

/// The gateway as people name it: host and port of the base URL.
fn gateway_host(base_url: &str) -> String {
    match reqwest::Url::parse(base_url.trim()) {
        Ok(url) => match (url.host_str(), url.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            _ => state::display_base_url(base_url),
        },
        Err(_) => state::display_base_url(base_url),
    }
}

/// "24h", "7d", "30d": for file names.
fn window_name(hours: u32) -> String {
    if hours.is_multiple_of(24) && hours > 24 { format!("{}d", hours / 24) } else { format!("{hours}h") }
}
