//! The fleet overview: every instance in one table, sortable by any column; a row opens it.

use std::time::Instant;

use egui::{RichText, Ui};
use egui_extras::{Column as TableColumn, TableBuilder, TableRow};

use super::{UiState, View, bulk, counts, style};
use crate::app::fleet::{self, Column};
use crate::app::intent::{Action, Out};
use crate::app::selection::ClickMods;
use crate::app::state::{InstanceState, status_friendly, status_label};
use crate::backend::InstanceId;
use crate::format;
use crate::tr;

fn title(column: Column) -> String {
    match column {
        Column::Name => tr!("col-name"),
        Column::Status => tr!("col-status"),
        Column::Number => tr!("field-number"),
        Column::PushName => tr!("field-push-name"),
        Column::Device => tr!("panel-device"),
        Column::Battery => tr!("panel-battery"),
        Column::Storage => tr!("panel-storage"),
        Column::LastPoll => tr!("col-last-poll"),
        Column::LastError => tr!("col-last-error"),
    }
}

pub fn show(ui: &mut Ui, view: &View<'_>, state: &mut UiState, out: &mut Out) {
    let instances = view.instances;
    ui.add_space(6.0);
    ui.label(RichText::new(tr!("overview-title", count = instances.len())).strong().size(17.0));
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(tr!("overview-hint")).weak());
        if let Some(cycle) = cycle_text(view, ui.visuals()) {
            ui.label(cycle);
        }
    });
    ui.add_space(6.0);
    counts::bar(ui, &view.index.counts, &mut state.query, view.index.table.len(), true);
    ui.add_space(4.0);
    // Once the lists show the new filter (the frame after it changed).
    if state.selection_query != state.query && view.index.query() == Some(&state.query) {
        // The filter changed: what it hides is no longer selected.
        let shown: Vec<InstanceId> = view.index.table.iter().map(|&i| instances[i].id).collect();
        state.selection.keep_only(&shown);
        state.selection_query = state.query.clone();
    }
    bulk::bar(ui, view, state, out);
    ui.add_space(4.0);
    let order = &view.index.table;
    let now = Instant::now();
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 10.0;
    let mut clicked = None;
    let mut open = None;
    // Nine columns share the width (clipped text shows whole on hover), so that every column
    // is visible down to a 1024-point window.
    let width = ui.available_width() - 9.0 * ui.spacing().item_spacing.x;
    let font = egui::TextStyle::Button.resolve(ui.style());
    // Room for the header's words, its button padding and the sort mark.
    let header_width: Vec<f32> = Column::ALL
        .iter()
        .map(|c| {
            ui.fonts_mut(|f| f.layout_no_wrap(title(*c), font.clone(), egui::Color32::WHITE).size().x) + 26.0
        })
        .collect();
    // The short figures (battery, storage, last poll) take what their header needs; the text
    // columns share the rest by weight, Last error taking what is left.
    let fixed: f32 = header_width[5..8].iter().sum();
    let text_room = (width - fixed).max(0.0);
    let weights = [0.14, 0.19, 0.15, 0.15, 0.17, 0.0, 0.0, 0.0];
    let column = |i: usize| {
        let least = header_width[i];
        TableColumn::initial((text_room * weights[i]).max(least)).at_least(least).clip(true)
    };
    ui.scope(|ui| {
        // Selectable text would take the click meant for the row.
        ui.style_mut().interaction.selectable_labels = false;
        TableBuilder::new(ui)
            .id_salt("fleet-overview")
            .striped(true)
            .resizable(true)
            .sense(egui::Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .auto_shrink([false, false])
            .min_scrolled_height(0.0)
            .column(column(0))
            .column(column(1))
            .column(column(2))
            .column(column(3))
            .column(column(4))
            .column(column(5))
            .column(column(6))
            .column(column(7))
            .column(TableColumn::remainder().at_least(header_width[8]).clip(true))
            .header(row_height, |mut header| header_row(&mut header, state))
            .body(|body| {
                body.rows(row_height, order.len(), |mut row| {
                    let inst = &instances[order[row.index()]];
                    row.set_selected(state.selection.contains(inst.id));
                    cells(&mut row, inst, now);
                    let response = row.response();
                    if response.double_clicked() {
                        open = Some(inst.id);
                    } else if response.clicked() {
                        clicked = Some((inst.id, ui_mods(&response)));
                    }
                });
            });
    });
    if let Some((id, mods)) = clicked {
        state.selection.click(id, mods, &selectable(view, &state.query));
    }
    if let Some(id) = open {
        state.overview = false;
        out.act(Action::Select(id));
    }
}

/// How a click selects: Ctrl (Cmd) adds or removes, Shift takes a range.
fn ui_mods(response: &egui::Response) -> ClickMods {
    let mods = response.ctx.input(|i| i.modifiers);
    ClickMods { toggle: mods.command, range: mods.shift }
}

/// The rows a range or Ctrl+A may take, in the order shown: parked ones only when the user
/// asked for them (the Parked chip); a Ctrl-click takes one regardless.
pub(super) fn selectable(view: &View<'_>, query: &crate::app::fleet::FleetQuery) -> Vec<InstanceId> {
    let wants_parked = query.wants_parked();
    view.index
        .table
        .iter()
        .map(|&i| &view.instances[i])
        .filter(|inst| wants_parked || !inst.meta.parked)
        .map(|inst| inst.id)
        .collect()
}

/// "Each instance polled about every 74 s", once the app has seen how often: said in the
/// warning colour when the fleet is too large for the interval at the gateways' cap.
fn cycle_text(view: &View<'_>, visuals: &egui::Visuals) -> Option<RichText> {
    let cycle = view.index.cycle?;
    let text = tr!("overview-cycle", secs = cycle.as_secs().to_string());
    let slow = cycle.as_secs_f32()
        > crate::backend::BackendConfig::default().background_interval.as_secs_f32() * 1.25;
    Some(if slow {
        RichText::new(tr!("overview-cycle-slow", cycle = text)).color(style::warn_color(visuals))
    } else {
        RichText::new(text).weak()
    })
}

/// The column titles, each a sort button (again: the other way).
fn header_row(header: &mut TableRow<'_, '_>, state: &mut UiState) {
    let (sort, ascending) = state.sort;
    for column in Column::ALL {
        header.col(|ui| {
            let here = sort == column;
            let arrow = match (here, ascending) {
                (false, _) => "",
                (true, true) => " ^",
                (true, false) => " v",
            };
            let text = RichText::new(format!("{}{arrow}", title(column))).strong();
            if ui.selectable_label(here, text).on_hover_text(tr!("overview-sort-hint")).clicked() {
                state.sort = (column, if here { !ascending } else { true });
            }
        });
    }
}

/// One instance's cells, in `Column::ALL`'s order.
fn cells(row: &mut TableRow<'_, '_>, inst: &InstanceState, now: Instant) {
    let status = inst.status.as_ref();
    let info = status.and_then(|s| s.connection_info.as_ref());
    let dash = || "—".to_owned();
    row.col(|ui| {
        if inst.meta.parked {
            // Out of service on purpose: dimmed, and said.
            ui.label(RichText::new(&inst.meta.name).weak()).on_hover_text(tr!("instance-parked"));
        } else {
            ui.label(RichText::new(&inst.meta.name).strong());
        }
    });
    row.col(|ui| {
        ui.horizontal(|ui| {
            let color = style::instance_color(ui.visuals(), inst);
            let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            ui.painter().circle_filled(rect.center(), 4.5, color);
            match inst.code() {
                Some(code) => ui.label(status_friendly(code)).on_hover_text(status_label(code)),
                None => ui.label(tr!("status-none")),
            };
        });
    });
    row.col(|ui| {
        ui.label(status.and_then(|s| s.phone_number()).unwrap_or_else(dash));
    });
    row.col(|ui| {
        ui.label(info.and_then(|i| i.pushname.clone()).unwrap_or_else(dash));
    });
    row.col(|ui| {
        ui.label(fleet::device(inst).unwrap_or_else(dash));
    });
    row.col(|ui| {
        let text = fleet::battery(inst).map(|b| format!("{b} %")).unwrap_or_else(dash);
        let low = fleet::battery(inst).is_some_and(|b| b < fleet::LOW_BATTERY);
        let color = if low { style::error_color(ui.visuals()) } else { ui.visuals().text_color() };
        ui.label(RichText::new(text).color(color));
    });
    row.col(|ui| {
        let bytes = status.and_then(|s| s.storage.as_ref()).and_then(|s| s.bytes);
        ui.label(bytes.map(format::bytes).unwrap_or_else(dash));
    });
    row.col(|ui| {
        let text = inst.status_at.map(|at| format::ago_short(now.saturating_duration_since(at)));
        ui.label(text.unwrap_or_else(dash));
    });
    row.col(|ui| {
        let error = inst
            .poll_error
            .as_ref()
            .map(|(e, _)| e.to_string())
            .or_else(|| inst.fatal.as_ref().map(ToString::to_string));
        match error {
            Some(e) => ui.label(RichText::new(&e).color(style::error_color(ui.visuals()))).on_hover_text(e),
            None => ui.label(RichText::new("—").weak()),
        };
    });
}
