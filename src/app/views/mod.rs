//! Drawing, and only routing here: which panels and which dialog this frame shows. Each view
//! reads the view model and pushes what the user asked for into one [`Out`]; none talks to
//! the network or the disk.

mod actions;
mod bulk;
mod counts;
mod diagnostics;
mod dialogs;
mod fleet_table;
mod header;
mod health;
pub mod history;
pub mod instance_form;
mod keyboard;
mod log;
mod modal;
mod pairing;
mod palette;
mod preferences;
mod settings;
mod sidebar;
pub mod style;
mod widgets;

use std::collections::HashMap;

use egui::{RichText, Ui};

use super::intent::{Action, Notice, Out};
use super::state::InstanceState;
use crate::backend::{InstanceId, PairingPhase};
use crate::tr;
pub use dialogs::Dialog;

/// Height of the event log panel, in points (about five rows).
/// The event log folded to its one line, and the heights it may be dragged to.
const LOG_FOLDED_HEIGHT: f32 = 30.0;
const LOG_MIN_HEIGHT: f32 = 90.0;
const LOG_MAX_HEIGHT: f32 = 480.0;

/// What the views read.
pub struct View<'a> {
    pub instances: &'a [InstanceState],
    pub selected: Option<InstanceId>,
    pub notices: &'a [Notice],
    pub prefs: &'a crate::prefs::Prefs,
    pub run_prefs: &'a crate::prefs::RunPrefs,
    /// Where the API keys are; `None` when the list is not saved.
    pub key_home: Option<&'a crate::keys::KeyHome>,
    pub history: &'a crate::app::history::HistoryCache,
    /// The lists' orders and the counts, as of this frame.
    pub index: &'a crate::app::fleet::FleetIndex,
    /// The bulk run in progress or last finished.
    pub bulk: Option<&'a crate::app::bulk::BulkJob>,
}

impl View<'_> {
    fn selected(&self) -> Option<&InstanceState> {
        self.instances.iter().find(|i| Some(i.id) == self.selected)
    }
}

/// UI-only state: the open dialog, the filter, what the QR widget last asked for.
pub struct UiState {
    /// At most one dialog is open.
    pub dialog: Option<Dialog>,
    /// What the lists show: the filter's text and the chips chosen.
    pub query: super::fleet::FleetQuery,
    /// The QR side (physical px) last sent to the backend, per instance.
    pub qr_side_sent: HashMap<InstanceId, u32>,
    pub last_title: Option<String>,
    /// The fleet overview is shown instead of one instance.
    pub overview: bool,
    /// The overview's sort column, ascending or not.
    pub sort: (super::fleet::Column, bool),
    /// The QR alone, full screen (F11), while one is shown.
    pub fullscreen_qr: bool,
    /// Ctrl+F was pressed: the filter takes the keyboard on the next frame.
    pub focus_filter: bool,
    /// The History card's window, in hours.
    pub history_hours: u32,
    /// The instance whose WebID is shown in clear (masked otherwise).
    pub reveal_web_id: Option<InstanceId>,
    /// The overview's selected rows.
    pub selection: crate::app::selection::Selection,
    /// The query the selection was last trimmed to: rows a new filter hides are unselected.
    pub selection_query: super::fleet::FleetQuery,
    /// The current instance's diagnostics drawer (its last requests) is open.
    pub diagnostics_open: bool,
    /// The drawer's chosen request: (when, command).
    pub diagnostics_selected: Option<(u64, &'static str)>,
}

impl Default for UiState {
    fn default() -> Self {
        Self {
            dialog: None,
            query: Default::default(),
            qr_side_sent: HashMap::new(),
            last_title: None,
            overview: false,
            sort: (super::fleet::Column::Status, true),
            fullscreen_qr: false,
            focus_filter: false,
            history_hours: crate::app::history::WINDOWS[0],
            reveal_web_id: None,
            selection: Default::default(),
            selection_query: Default::default(),
            diagnostics_open: false,
            diagnostics_selected: None,
        }
    }
}

impl UiState {
    fn open(&mut self, dialog: Dialog) {
        self.dialog = Some(dialog);
    }
}

pub fn show(ui: &mut Ui, view: &View<'_>, state: &mut UiState, out: &mut Out) {
    keyboard::handle(ui, view, state, out);
    let selected = view.selected();
    let showing_qr = selected.is_some_and(|i| matches!(i.pairing, PairingPhase::Showing { .. }));
    if state.fullscreen_qr && !showing_qr {
        // Paired, cancelled or expired: back to the full view.
        set_fullscreen(ui, state, false);
    }
    if let (true, Some(inst)) = (state.fullscreen_qr, selected) {
        egui::CentralPanel::default()
            .frame(style::central_frame(ui.style()))
            .show(ui, |ui| pairing::fullscreen(ui, inst, state, out));
        return;
    }
    egui::Panel::left("fleet")
        .frame(style::side_panel_frame(ui.style()))
        .resizable(true)
        .default_size(270.0)
        .min_size(200.0)
        .max_size(420.0)
        .show(ui, |ui| sidebar::show(ui, view, state, out));
    // Decided once: a row clicked in the overview switches views from the next frame.
    match selected.filter(|_| !state.overview) {
        _ if state.overview => central(ui, |ui| {
            widgets::notices(ui, view.notices, out);
            fleet_table::show(ui, view, state, out);
        }),
        None => central(ui, |ui| {
            widgets::notices(ui, view.notices, out);
            no_instance(ui, state);
        }),
        Some(inst) => instance(ui, view, inst, state, out),
    }
    dialogs::show(ui, view, state, out);
}

fn central(ui: &mut Ui, add: impl FnOnce(&mut Ui)) {
    egui::CentralPanel::default().frame(style::central_frame(ui.style())).show(ui, add);
}

fn no_instance(ui: &mut Ui, state: &mut UiState) {
    ui.add_space(40.0);
    ui.vertical_centered(|ui| {
        ui.label(RichText::new(tr!("no-instance-title")).size(18.0).strong());
        ui.label(tr!("no-instance"));
        ui.add_space(8.0);
        if ui.button(RichText::new(tr!("fleet-add")).size(15.0)).clicked() {
            state.open(Dialog::Instance(instance_form::InstanceForm::new()));
        }
    });
}

/// One instance: the header, the event log at the bottom, and pairing, operations and health
/// in between.
fn instance(ui: &mut Ui, view: &View<'_>, inst: &InstanceState, state: &mut UiState, out: &mut Out) {
    egui::Panel::top("header")
        .frame(style::side_panel_frame(ui.style()))
        .show(ui, |ui| header::show(ui, inst, state, out));
    // Folded to one line, or open at the height the user dragged it to (remembered); never
    // growing with its rows, which would shrink the QR under the user's eyes.
    let prefs = view.prefs;
    // Two ids: egui remembers each panel's size, and the folded one's must not become the open
    // one's.
    let panel = if prefs.log_open {
        egui::Panel::bottom("event-log-open")
            .resizable(true)
            .default_size(prefs.log_height)
            .min_size(LOG_MIN_HEIGHT)
            .max_size(LOG_MAX_HEIGHT)
    } else {
        egui::Panel::bottom("event-log-folded").resizable(false).exact_size(LOG_FOLDED_HEIGHT)
    };
    let panel = panel.frame(style::side_panel_frame(ui.style()));
    let shown = panel.show(ui, |ui| log::show(ui, inst, prefs, out));
    if state.diagnostics_open {
        egui::Panel::right("diagnostics")
            .frame(style::side_panel_frame(ui.style()))
            .resizable(true)
            .default_size(diagnostics::WIDTH)
            .min_size(360.0)
            .show(ui, |ui| diagnostics::show(ui, inst, state, out));
    }
    let height = shown.response.rect.height();
    let dragging = ui.input(|i| i.pointer.any_down());
    if prefs.log_open && !dragging && (height - prefs.log_height).abs() >= 1.0 {
        out.act(Action::SetPrefs(crate::prefs::Prefs { log_height: height.round(), ..prefs.clone() }));
    }
    central(ui, |ui| {
        // The QR must fit without scrolling: size it from the height the panel has.
        let visible_height = ui.available_height();
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            let top = ui.cursor().top();
            ui.add_space(4.0);
            widgets::notices(ui, view.notices, out);
            widgets::stale_banner(ui, inst);
            // What the notices and the banner took is not there for the QR.
            let left = visible_height - (ui.cursor().top() - top);
            pairing::show(ui, inst, left, state, out);
            ui.add_space(8.0);
            actions::bar(ui, inst, state, out);
            ui.add_space(8.0);
            health::show(ui, inst, &mut state.reveal_web_id);
            ui.add_space(8.0);
            history::card(ui, inst, view.history, &mut state.history_hours, out);
            ui.add_space(8.0);
        });
    });
}

/// The QR alone on the whole screen, or back.
pub(super) fn set_fullscreen(ui: &Ui, state: &mut UiState, on: bool) {
    state.fullscreen_qr = on;
    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Fullscreen(on));
}
