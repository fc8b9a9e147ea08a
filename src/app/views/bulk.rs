//! Acting on many instances: the bar over the overview (how many are selected and what can be
//! done to them), the confirmation that names the count and the instances, the progress of a
//! run with Cancel, and its results with "Retry failed".

use egui::{RichText, Ui};

use super::modal::{Modal, Outcome, Tone};
use super::settings::{self, SettingsForm};
use super::{Dialog, UiState, View, style};
use crate::api::Settings;
use crate::app::bulk::BulkJob;
use crate::app::intent::{Action, Out};
use crate::app::state::{operation_name, skip_reason};
use crate::backend::bulk::BulkOutcome;
use crate::backend::{InstanceId, Operation};
use crate::format;
use crate::tr;

/// Names listed in a confirmation before "and N more".
const NAMES_LISTED: usize = 20;

/// What a bulk action does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkAction {
    Run(Operation),
    /// Park (true) or return to service.
    Park(bool),
}

/// The confirmation of a bulk action: the instances, and the settings to apply.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkConfirm {
    pub action: BulkAction,
    pub ids: Vec<InstanceId>,
    pub settings: Option<SettingsForm>,
}

/// The gateway operations offered in bulk, in the bar's order.
const OPERATIONS: [Operation; 7] = [
    Operation::Status,
    Operation::SaveSession,
    Operation::RestoreSession,
    Operation::CloseSession,
    Operation::Disconnect,
    Operation::Clear,
    Operation::SetConfig,
];

fn is_destructive(op: Operation) -> bool {
    matches!(op, Operation::CloseSession | Operation::Disconnect | Operation::Clear)
}

fn button_label(op: Operation) -> String {
    match op {
        Operation::Status => tr!("bulk-refresh"),
        Operation::SetConfig => tr!("bulk-settings"),
        op if is_destructive(op) => format!("{}…", operation_name(op)),
        op => operation_name(op),
    }
}

/// The bar over the overview: the count of selected, the actions, a running job's progress or
/// a finished one's results.
pub fn bar(ui: &mut Ui, view: &View<'_>, state: &mut UiState, out: &mut Out) {
    let selected = state.selection.len();
    let running = view.bulk.is_some_and(|j| !j.is_finished());
    // Always the same buttons in the same places (enabled by the selection): selecting a row
    // never moves the table under the pointer.
    ui.horizontal_wrapped(|ui| {
        // As wide as the largest count it may show, so that the buttons never move.
        let widest = tr!("bulk-selected", count = format::count(88_888), n = 88_888_i64);
        let font = egui::TextStyle::Body.resolve(ui.style());
        let width = ui.painter().layout_no_wrap(widest, font, egui::Color32::WHITE).size().x + 4.0;
        let text = tr!("bulk-selected", count = format::count(selected as u64), n = selected as i64);
        let count = RichText::new(text).strong();
        let size = egui::vec2(width, ui.spacing().interact_size.y);
        ui.allocate_ui_with_layout(size, egui::Layout::left_to_right(egui::Align::Center), |ui| {
            ui.label(count).on_hover_text(tr!("bulk-selected-hint"));
        });
        let open = ui.add_enabled(selected == 1, egui::Button::new(tr!("bulk-open")));
        if open.on_hover_text(tr!("bulk-open-hint")).clicked()
            && let Some(&id) = ids_of(view, &state.selection).first()
        {
            state.overview = false;
            out.act(Action::Select(id));
            return;
        }
        ui.separator();
        let ids = |selection: &crate::app::selection::Selection| ids_of(view, selection);
        let enabled = selected > 0 && !running;
        for op in OPERATIONS {
            let text = if is_destructive(op) && enabled {
                RichText::new(button_label(op)).color(style::error_color(ui.visuals()))
            } else {
                RichText::new(button_label(op))
            };
            let why = if running { tr!("bulk-busy") } else { tr!("bulk-none-selected") };
            if ui.add_enabled(enabled, egui::Button::new(text)).on_disabled_hover_text(why).clicked() {
                let settings = (op == Operation::SetConfig).then(|| SettingsForm::from_status(None));
                let confirm =
                    BulkConfirm { action: BulkAction::Run(op), ids: ids(&state.selection), settings };
                state.open(Dialog::Bulk(confirm));
            }
        }
        ui.menu_button(tr!("bulk-more"), |ui| {
            for (park, label) in [(true, tr!("bulk-park")), (false, tr!("bulk-unpark"))] {
                if ui.add_enabled(enabled, egui::Button::new(label)).clicked() {
                    let ids = ids(&state.selection);
                    let action = BulkAction::Park(park);
                    state.open(Dialog::Bulk(BulkConfirm { action, ids, settings: None }));
                }
            }
            let export = ui.add_enabled(selected > 0, egui::Button::new(tr!("bulk-export")));
            if export.on_hover_text(tr!("bulk-export-hint")).clicked() {
                out.act(Action::ExportReportOf { ids: ids(&state.selection), json: true });
            }
            ui.separator();
            if ui.add_enabled(selected > 0, egui::Button::new(tr!("bulk-clear-selection"))).clicked() {
                state.selection.clear();
            }
        });
    });
    if let Some(job) = view.bulk {
        ui.add_space(4.0);
        job_panel(ui, job, out);
    }
}

/// The selected instances in the order shown.
fn ids_of(view: &View<'_>, selection: &crate::app::selection::Selection) -> Vec<InstanceId> {
    let order: Vec<InstanceId> = view.index.table.iter().map(|&i| view.instances[i].id).collect();
    selection.in_order(&order)
}

/// A run in progress (bar, counts, Cancel) or finished (counts, Retry failed, the results).
fn job_panel(ui: &mut Ui, job: &BulkJob, out: &mut Out) {
    let name = operation_name(job.op);
    let counts = tr!(
        "bulk-counts",
        done = format::count(job.accounted() as u64),
        total = format::count(job.total() as u64),
        ok = format::count(job.ok() as u64),
        failed = format::count(job.failed() as u64),
        skipped = format::count(job.skipped() as u64)
    );
    super::widgets::plain_card(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(RichText::new(&name).strong());
            ui.label(&counts);
            if !job.is_finished() {
                if job.cancelled {
                    ui.label(RichText::new(tr!("bulk-cancelling")).weak());
                } else if ui.button(tr!("bulk-cancel")).on_hover_text(tr!("bulk-cancel-hint")).clicked() {
                    out.act(Action::CancelBulk);
                }
            } else {
                let retry = job.to_retry().len();
                if retry > 0
                    && ui
                        .button(tr!("bulk-retry", count = format::count(retry as u64)))
                        .on_hover_text(tr!("bulk-retry-hint"))
                        .clicked()
                {
                    out.act(Action::RetryBulk);
                }
                if ui.button(tr!("bulk-dismiss")).on_hover_text(tr!("bulk-dismiss-hint")).clicked() {
                    out.act(Action::DismissBulk);
                }
            }
        });
        let fraction = if job.total() == 0 { 1.0 } else { job.accounted() as f32 / job.total() as f32 };
        let bar = egui::ProgressBar::new(fraction).desired_height(8.0);
        let label = tr!("bulk-progress", op = name.clone());
        ui.add(bar)
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ProgressIndicator, true, label.clone()));
        if job.is_finished() {
            results(ui, job);
        }
    });
}

/// One line per instance: ok, or its error in words; failures first. Only the rows in view
/// are laid out.
fn results(ui: &mut Ui, job: &BulkJob) {
    let height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    ui.add_space(4.0);
    ui.label(RichText::new(tr!("bulk-results")).small().weak());
    let scroll =
        egui::ScrollArea::vertical().id_salt("bulk-results").max_height(160.0).auto_shrink([false, true]);
    scroll.show_rows(ui, height, job.total(), |ui, range| {
        for (_, name, outcome) in range.filter_map(|n| job.result(n)) {
            ui.horizontal(|ui| {
                ui.label(RichText::new(name).strong());
                let (text, color) = match outcome {
                    Some(BulkOutcome::Ok) => (tr!("bulk-ok"), style::ok_color(ui.visuals())),
                    Some(BulkOutcome::Failed(e)) => (e.to_string(), style::error_color(ui.visuals())),
                    Some(BulkOutcome::Skipped(r)) => (skip_reason(*r), ui.visuals().weak_text_color()),
                    None => (tr!("bulk-pending"), ui.visuals().weak_text_color()),
                };
                ui.label(RichText::new(text).color(color));
            });
        }
    });
}

/// The confirmation: what will happen, to how many, and which (the first 20, then "and N
/// more"); settings first asks for what to apply. Returns true when it is done.
pub fn confirm(ui: &mut Ui, view: &View<'_>, confirm: &mut BulkConfirm, out: &mut Out) -> bool {
    let count = format::count(confirm.ids.len() as u64);
    let (title, body, yes, mut tone) = match confirm.action {
        BulkAction::Run(op) => {
            let body = match op {
                Operation::Status => tr!("bulk-body-status"),
                Operation::SaveSession => tr!("bulk-body-save"),
                Operation::RestoreSession => tr!("bulk-body-restore"),
                Operation::CloseSession => tr!("confirm-close-body"),
                Operation::Disconnect => tr!("confirm-disconnect-body"),
                Operation::Clear => tr!("confirm-clear-body"),
                _ => tr!("bulk-body-settings"),
            };
            let tone = if is_destructive(op) { Tone::Danger } else { Tone::Normal };
            let title = tr!("bulk-title", op = operation_name(op), count = count.clone());
            let yes = tr!("bulk-yes", op = operation_name(op), count = count.clone());
            (title, body, yes, tone)
        }
        BulkAction::Park(true) => (
            tr!("bulk-park-title", count = count.clone()),
            tr!("form-parked-hint"),
            tr!("bulk-park"),
            Tone::Normal,
        ),
        BulkAction::Park(false) => (
            tr!("bulk-unpark-title", count = count.clone()),
            tr!("bulk-unpark-body"),
            tr!("bulk-unpark"),
            Tone::Normal,
        ),
    };
    let changes = confirm.settings.as_ref().map(SettingsForm::changes);
    let mut enabled = !confirm.ids.is_empty();
    let mut note = None;
    if let Some(changes) = &changes {
        match changes {
            Err(e) => {
                enabled = false;
                note = Some(RichText::new(e).color(style::error_color(ui.visuals())));
            }
            Ok(s) if *s == Settings::default() => {
                enabled = false;
                note = Some(RichText::new(tr!("settings-no-changes")).weak());
            }
            // A new webhook stops the provider's browser use of every one of them.
            Ok(s) if s.webhook.is_some() => tone = Tone::Danger,
            Ok(_) => {}
        }
    }
    let names: Vec<&str> = confirm
        .ids
        .iter()
        .take(NAMES_LISTED)
        .filter_map(|id| view.instances.iter().find(|i| i.id == *id).map(|i| i.meta.name.as_str()))
        .collect();
    let more = confirm.ids.len().saturating_sub(NAMES_LISTED);
    let width = if confirm.settings.is_some() { 560.0 } else { 460.0 };
    let outcome = Modal::new("bulk-confirm", title).width(width).confirm(yes, tone, enabled).note(note).show(
        ui,
        |ui| {
            ui.label(body);
            if let Some(form) = confirm.settings.as_mut() {
                ui.add_space(6.0);
                settings::fields(ui, form);
            }
            ui.add_space(6.0);
            ui.label(RichText::new(tr!("bulk-which")).small().weak());
            // One paragraph: twenty names take a few lines, not a scrolled list.
            let mut text = names.join(", ");
            if more > 0 {
                text = tr!("bulk-and-more", names = text, count = format::count(more as u64));
            }
            ui.label(RichText::new(text).strong());
        },
    );
    if outcome == Outcome::Confirmed {
        let ids = std::mem::take(&mut confirm.ids);
        match confirm.action {
            BulkAction::Run(op) => {
                let settings = changes.and_then(Result::ok);
                out.act(Action::RunBulk { op, settings, ids });
            }
            BulkAction::Park(parked) => out.act(Action::SetParked { ids, parked }),
        }
    }
    outcome != Outcome::Open
}
