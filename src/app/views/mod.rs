//! Drawing. Each view reads the view model and pushes commands; none talks to the network.

mod actions;
mod fleet_table;
mod header;
mod health;
pub mod instance_form;
mod log;
mod pairing;
mod preferences;
mod settings;
mod sidebar;
pub mod style;

use std::collections::HashMap;
use std::time::Instant;

use egui::{RichText, Ui};

use super::state::InstanceState;
use super::{Action, Notice};
use crate::api::ApiError;
use crate::backend::{Command, InstanceId};
use crate::format;
use crate::tr;

/// Height of the event log panel, in points (about five rows).
pub(super) const LOG_PANEL_HEIGHT: f32 = 170.0;
/// Notices shown at once; the rest wait behind "and N more".
const NOTICES_SHOWN: usize = 3;

/// What the views read.
pub struct View<'a> {
    pub instances: &'a [InstanceState],
    pub selected: Option<InstanceId>,
    pub notices: &'a [Notice],
    pub prefs: &'a crate::prefs::Prefs,
}

/// UI-only state: open dialogs, the filter, what the QR widget last asked for.
pub struct UiState {
    pub confirm: Option<actions::PendingConfirm>,
    pub settings: Option<settings::SettingsForm>,
    pub instance_form: Option<instance_form::InstanceForm>,
    pub remove_confirm: Option<InstanceId>,
    pub filter: String,
    /// The QR side (physical px) last sent to the backend, per instance.
    pub qr_side_sent: HashMap<InstanceId, u32>,
    pub last_title: Option<String>,
    /// The export-list dialog is open; `true` when "include API keys" is ticked.
    pub export_list: Option<bool>,
    /// Actions from views that only get the instance and the UI state.
    pub pending_actions: Vec<Action>,
    /// The fleet overview is shown instead of one instance.
    pub overview: bool,
    /// The overview's sort column, ascending or not.
    pub sort: (super::fleet::Column, bool),
    pub preferences_open: bool,
    pub shortcuts_open: bool,
    /// The QR alone, full screen (F11), while one is shown.
    pub fullscreen_qr: bool,
    /// Ctrl+F was pressed: the filter takes the keyboard on the next frame.
    pub focus_filter: bool,
}

impl Default for UiState {
    fn default() -> Self {
        Self {
            confirm: None,
            settings: None,
            instance_form: None,
            remove_confirm: None,
            filter: String::new(),
            qr_side_sent: HashMap::new(),
            last_title: None,
            export_list: None,
            pending_actions: Vec::new(),
            overview: false,
            sort: (super::fleet::Column::Status, true),
            preferences_open: false,
            shortcuts_open: false,
            fullscreen_qr: false,
            focus_filter: false,
        }
    }
}

impl UiState {
    fn dialog_open(&self) -> bool {
        self.confirm.is_some()
            || self.settings.is_some()
            || self.instance_form.is_some()
            || self.remove_confirm.is_some()
            || self.export_list.is_some()
            || self.preferences_open
            || self.shortcuts_open
    }
}

pub fn show(ui: &mut Ui, view: &View<'_>, state: &mut UiState, actions: &mut Vec<Action>) {
    let mut out: Vec<Command> = Vec::new();
    keyboard(ui, view, state, actions, &mut out);
    let selected = view.instances.iter().find(|i| Some(i.id) == view.selected);
    let showing_qr =
        selected.is_some_and(|i| matches!(i.pairing, crate::backend::PairingPhase::Showing { .. }));
    if state.fullscreen_qr && !showing_qr {
        // Paired, cancelled or expired: back to the full view.
        set_fullscreen(ui, state, false);
    }
    if let (true, Some(inst)) = (state.fullscreen_qr, selected) {
        egui::CentralPanel::default()
            .frame(style::central_frame(ui.style()))
            .show(ui, |ui| pairing::fullscreen(ui, inst, state, &mut out));
        actions.append(&mut state.pending_actions);
        actions.extend(out.into_iter().map(Action::Backend));
        return;
    }
    egui::Panel::left("fleet")
        .frame(style::side_panel_frame(ui.style()))
        .resizable(true)
        .default_size(270.0)
        .min_size(200.0)
        .max_size(420.0)
        .show(ui, |ui| sidebar::show(ui, view, state, actions));

    let inst = view.instances.iter().find(|i| Some(i.id) == view.selected);
    // Decided once: a row clicked in the overview switches views from the next frame.
    let overview = state.overview;
    if overview {
        egui::CentralPanel::default().frame(style::central_frame(ui.style())).show(ui, |ui| {
            notices(ui, view.notices, actions);
            fleet_table::show(ui, view.instances, state, actions);
        });
    }
    match inst.filter(|_| !overview) {
        None if overview => {}
        None => {
            egui::CentralPanel::default().frame(style::central_frame(ui.style())).show(ui, |ui| {
                notices(ui, view.notices, actions);
                ui.add_space(40.0);
                ui.vertical_centered(|ui| {
                    ui.label(RichText::new(tr!("no-instance-title")).size(18.0).strong());
                    ui.label(tr!("no-instance"));
                    ui.add_space(8.0);
                    if ui.button(RichText::new(tr!("fleet-add")).size(15.0)).clicked() {
                        state.instance_form = Some(instance_form::InstanceForm::new());
                    }
                });
            });
        }
        Some(inst) => {
            egui::Panel::top("header")
                .frame(style::side_panel_frame(ui.style()))
                .show(ui, |ui| header::show(ui, inst, state, &mut out));
            // A fixed height: a log that grew with its rows would shrink the QR under the user's eyes.
            egui::Panel::bottom("event-log")
                .frame(style::side_panel_frame(ui.style()))
                .exact_size(LOG_PANEL_HEIGHT)
                .show(ui, |ui| log::show(ui, inst));
            egui::CentralPanel::default().frame(style::central_frame(ui.style())).show(ui, |ui| {
                // The QR must fit without scrolling: size it from the height the panel has.
                let visible_height = ui.available_height();
                egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
                    let top = ui.cursor().top();
                    ui.add_space(4.0);
                    notices(ui, view.notices, actions);
                    stale_banner(ui, inst);
                    // What the notices and the banner took is not there for the QR.
                    let left = visible_height - (ui.cursor().top() - top);
                    pairing::show(ui, inst, left, state, &mut out);
                    ui.add_space(8.0);
                    actions::bar(ui, inst, state, &mut out);
                    ui.add_space(8.0);
                    health::show(ui, inst);
                    ui.add_space(8.0);
                });
            });
            actions::confirm_dialog(ui, inst, state, &mut out);
            settings::dialog(ui, inst, state, &mut out);
        }
    }
    instance_form::dialog(ui, view, state, actions);
    instance_form::remove_dialog(ui, view, state, actions);
    export_list_dialog(ui, state, actions);
    preferences::dialog(ui, view.prefs, state, actions);
    preferences::shortcuts_dialog(ui, state);
    actions.append(&mut state.pending_actions);
    actions.extend(out.into_iter().map(Action::Backend));
}

/// The keyboard: every shortcut of the sheet (F1). Keys that type text (Enter, ?, arrows) are
/// left to a text field that has the focus; none act while a dialog is open, but Esc and F1.
fn keyboard(
    ui: &Ui,
    view: &View<'_>,
    state: &mut UiState,
    actions: &mut Vec<Action>,
    out: &mut Vec<Command>,
) {
    use egui::{Key, Modifiers};
    let typing = ui.ctx().egui_wants_keyboard_input();
    // Enter and the arrows belong to a focused widget (a button presses on Enter) if any.
    let focus_free = !typing && ui.memory(|m| m.focused().is_none());
    let pressed = |key| ui.input(|i| i.key_pressed(key) && i.modifiers.is_none());
    let command = |key| ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, key));
    if state.fullscreen_qr && (pressed(Key::Escape) || pressed(Key::F11)) {
        set_fullscreen(ui, state, false);
        return;
    }
    if pressed(Key::F1) || (!typing && ui.input(|i| i.key_pressed(Key::Questionmark))) {
        state.shortcuts_open = true;
    }
    if state.dialog_open() {
        return;
    }
    let selected = view.instances.iter().find(|i| Some(i.id) == view.selected);
    if command(Key::N) {
        state.instance_form = Some(instance_form::InstanceForm::new());
    }
    if command(Key::F) {
        state.focus_filter = true;
    }
    if let Some(inst) = selected {
        if pressed(Key::F5) {
            out.push(Command::Refresh(inst.id));
        }
        let showing = matches!(inst.pairing, crate::backend::PairingPhase::Showing { .. });
        if pressed(Key::F11) && showing {
            set_fullscreen(ui, state, true);
        }
        // Enter does what the card on screen offers first: restore a saved session without
        // the phone, or else ask for a QR.
        if focus_free && pressed(Key::Enter) && !state.overview {
            if actions::can_restore_now(inst) {
                out.push(Command::Run(inst.id, crate::backend::Operation::RestoreSession));
            } else if actions::can_pair(inst) {
                out.push(Command::Pair(inst.id));
            }
        }
    }
    if focus_free && (pressed(Key::ArrowDown) || pressed(Key::ArrowUp)) {
        let order = super::fleet::visible(view.instances, &state.filter);
        let at = order.iter().position(|&i| Some(view.instances[i].id) == view.selected);
        let next = match (at, pressed(Key::ArrowDown)) {
            (None, _) => order.first(),
            (Some(at), true) => order.get(at + 1).or(order.last()),
            (Some(at), false) => order.get(at.saturating_sub(1)),
        };
        if let Some(&i) = next {
            state.overview = false;
            actions.push(Action::Select(view.instances[i].id));
        }
    }
}

/// The QR alone on the whole screen, or back.
pub(super) fn set_fullscreen(ui: &Ui, state: &mut UiState, on: bool) {
    state.fullscreen_qr = on;
    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Fullscreen(on));
}

/// "Export instance list": keys are left out unless ticked, with a warning when they are.
fn export_list_dialog(ui: &mut Ui, state: &mut UiState, actions: &mut Vec<Action>) {
    let Some(mut include_keys) = state.export_list else { return };
    let mut close = false;
    let modal = egui::Modal::new(egui::Id::unique("export-list"))
        .frame(style::dialog_frame(ui.style()))
        .show(ui.ctx(), |ui| {
            ui.set_max_width(440.0);
            ui.label(RichText::new(tr!("export-list-title")).strong().size(17.0));
            ui.add_space(6.0);
            ui.label(tr!("export-list-body"));
            ui.checkbox(&mut include_keys, tr!("export-list-keys"));
            if include_keys {
                ui.label(
                    RichText::new(tr!("export-list-keys-warning")).color(style::warn_color(ui.visuals())),
                );
            }
            ui.add_space(10.0);
            ui.horizontal(|ui| {
                if ui.button(RichText::new(tr!("export-list-save")).strong()).clicked() {
                    actions.push(Action::ExportList { include_keys });
                    close = true;
                }
                if ui.button(tr!("cancel")).clicked() {
                    close = true;
                }
            });
        });
    state.export_list = if close || modal.should_close() { None } else { Some(include_keys) };
}

/// State changes of any instance and other news, newest first, until dismissed.
fn notices(ui: &mut Ui, notices: &[Notice], actions: &mut Vec<Action>) {
    if notices.is_empty() {
        return;
    }
    for (index, notice) in notices.iter().enumerate().take(NOTICES_SHOWN) {
        let color = if notice.warning { style::warn_color(ui.visuals()) } else { ui.visuals().text_color() };
        egui::Frame::new()
            .fill(ui.visuals().faint_bg_color)
            .stroke(egui::Stroke::new(1.0, color.gamma_multiply(0.6)))
            .corner_radius(6.0)
            .inner_margin(egui::Margin::symmetric(12, 6))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    ui.label(RichText::new(&notice.text).color(color));
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui.small_button(tr!("notice-dismiss")).clicked() {
                            actions.push(Action::DismissNotice(index));
                        }
                    });
                });
            });
        ui.add_space(4.0);
    }
    if notices.len() > NOTICES_SHOWN {
        ui.label(RichText::new(tr!("notice-more", count = notices.len() - NOTICES_SHOWN)).weak());
    }
    ui.add_space(4.0);
}

/// A titled card; the title line says when its data was updated, or that it is stale.
fn card<R>(ui: &mut Ui, title: &str, inst: &InstanceState, add: impl FnOnce(&mut Ui) -> R) -> R {
    egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::same(12))
        .corner_radius(8.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.label(RichText::new(title).strong().size(15.0));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    freshness(ui, inst);
                });
            });
            ui.add_space(4.0);
            add(ui)
        })
        .inner
}

/// "updated 3 min ago", or "stale: <error>" in the error colour (kept current by the app's
/// minute tick).
fn freshness(ui: &mut Ui, inst: &InstanceState) {
    let now = Instant::now();
    match (inst.status_at, &inst.poll_error) {
        (_, Some((error, _))) => stale_label(ui, error),
        (Some(at), None) => {
            let elapsed = now.saturating_duration_since(at);
            ui.label(RichText::new(tr!("updated-ago", ago = format::ago(elapsed))).weak().small());
        }
        (None, None) => {
            ui.label(RichText::new(tr!("never-updated")).weak().small());
        }
    }
}

/// When the last poll failed: what went wrong, readable, above everything else.
fn stale_banner(ui: &mut Ui, inst: &InstanceState) {
    let Some((error, _)) = &inst.poll_error else {
        return;
    };
    let color = style::error_color(ui.visuals());
    egui::Frame::new()
        .stroke(egui::Stroke::new(1.0, color))
        .corner_radius(6.0)
        .inner_margin(egui::Margin::symmetric(12, 8))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(tr!("stale-title")).color(color).strong());
            ui.label(RichText::new(error.to_string()).color(color));
            let age = inst.status_at.map(|at| format::ago(Instant::now().saturating_duration_since(at)));
            ui.label(
                RichText::new(match age {
                    Some(age) => tr!("stale-body", ago = age),
                    None => tr!("stale-body-never"),
                })
                .weak(),
            );
        });
    ui.add_space(8.0);
}

fn stale_label(ui: &mut Ui, error: &ApiError) {
    let color = style::error_color(ui.visuals());
    ui.label(RichText::new(tr!("stale")).color(color).small().strong()).on_hover_text(error.to_string());
}

/// Labelled values, one per row: keys in a column as wide as the widest key, values cut to
/// the card's width (the whole value on hover) so that a long user agent cannot push the
/// layout out of shape. `None` shows a dash.
fn kv_grid(ui: &mut Ui, id: &str, rows: &[(String, Option<String>)]) {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let key_width = rows
        .iter()
        .map(|(k, _)| {
            ui.fonts_mut(|f| f.layout_no_wrap(k.clone(), font.clone(), egui::Color32::WHITE).size().x)
        })
        .fold(0.0, f32::max)
        + 16.0;
    ui.push_id(id, |ui| {
        for (key, value) in rows {
            ui.horizontal(|ui| {
                let size = egui::vec2(key_width, ui.spacing().interact_size.y);
                ui.allocate_ui_with_layout(size, egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    ui.set_min_size(size);
                    ui.label(RichText::new(key).weak());
                });
                match value {
                    Some(v) => ui.add(egui::Label::new(v).truncate()).on_hover_text(v),
                    None => ui.label(RichText::new("—").weak()),
                };
            });
        }
    });
}
