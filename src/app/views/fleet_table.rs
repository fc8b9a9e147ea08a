//! The fleet overview: every instance in one table, sortable by any column; a row opens it.

use std::time::Instant;

use egui::{RichText, Ui};
use egui_extras::{Column as TableColumn, TableBuilder, TableRow};

use super::{UiState, View, bulk, counts, style};
use crate::app::fleet::{self, Column};
use crate::app::history::Recording;
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
    let with_strips = view.history.recording == Recording::On;
    let layout = columns(with_strips);
    let widths = fitted_widths(ui, view, &layout);
    let mut clicked = None;
    let mut open = None;
    let mut want_strips = Vec::new();
    ui.scope(|ui| {
        // Selectable text would take the click meant for the row.
        ui.style_mut().interaction.selectable_labels = false;
        let mut table = TableBuilder::new(ui)
            .id_salt(if with_strips { "fleet-overview-strips" } else { "fleet-overview" })
            .striped(true)
            .resizable(true)
            .sense(egui::Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .auto_shrink([false, false])
            .min_scrolled_height(0.0);
        for (i, width) in widths.iter().enumerate() {
            let least = width.min(48.0);
            table = table.column(if i + 1 == widths.len() {
                TableColumn::remainder().at_least(least).clip(true)
            } else {
                TableColumn::initial(*width).at_least(least).clip(true)
            });
        }
        table.header(row_height, |mut header| header_row(&mut header, &layout, state)).body(|body| {
            body.rows(row_height, order.len(), |mut row| {
                let inst = &instances[order[row.index()]];
                row.set_selected(state.selection.contains(inst.id));
                for col in &layout {
                    match col {
                        Col::Data(column) => cell(&mut row, inst, *column, now),
                        Col::Strip => {
                            if view.history.wants_strip(&inst.meta.uid, std::time::Instant::now()) {
                                want_strips.push(inst.meta.uid.clone());
                            }
                            row.col(|ui| strip_cell(ui, view, inst));
                        }
                    }
                }
                let response = row.response();
                if response.double_clicked() {
                    open = Some(inst.id);
                } else if response.clicked() {
                    clicked = Some((inst.id, ui_mods(&response)));
                }
            });
        });
    });
    if !want_strips.is_empty() {
        out.act(Action::WantStrips(want_strips));
    }
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

/// The column titles, each a sort button (again: the other way); the strip's is a label.
fn header_row(header: &mut TableRow<'_, '_>, layout: &[Col], state: &mut UiState) {
    let (sort, ascending) = state.sort;
    for col in layout {
        header.col(|ui| {
            let Col::Data(column) = *col else {
                ui.label(RichText::new(tr!("col-strip")).strong()).on_hover_text(tr!("col-strip-hint"));
                return;
            };
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

/// A column of the overview: a sortable figure, or the 24 h strip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Data(Column),
    Strip,
}

/// The columns in order: the strip after the status, when the history is recorded.
fn columns(with_strips: bool) -> Vec<Col> {
    let mut cols: Vec<Col> = Column::ALL.iter().map(|c| Col::Data(*c)).collect();
    if with_strips {
        cols.insert(2, Col::Strip);
    }
    cols
}

/// Widths that fit what the columns hold at 1280 px: the longest name, the states present,
/// a phone number, the short figures; push name, device and last error share what is left.
/// The user's own widths (dragged) are kept by the table itself and remembered.
fn fitted_widths(ui: &Ui, view: &View<'_>, layout: &[Col]) -> Vec<f32> {
    let body = egui::TextStyle::Body.resolve(ui.style());
    let strong = egui::TextStyle::Button.resolve(ui.style());
    let measure = |text: &str, font: &egui::FontId| {
        ui.fonts_mut(|f| f.layout_no_wrap(text.to_owned(), font.clone(), egui::Color32::WHITE).size().x)
    };
    // Room for the header's words, its button padding and the sort mark; cells' padding.
    let header = |c: Column| measure(&title(c), &strong) + 26.0;
    let pad = ui.spacing().item_spacing.x + 4.0;
    let available = ui.available_width() - layout.len() as f32 * ui.spacing().item_spacing.x;
    let longest_name =
        view.index.longest_name.map_or(0.0, |i| measure(&view.instances[i].meta.name, &strong));
    let longest_state =
        view.index.codes.iter().map(|c| measure(&status_friendly(*c), &body)).fold(0.0, f32::max);
    let fixed = |col: Col| -> Option<f32> {
        let w = match col {
            Col::Strip => 100.0,
            Col::Data(c @ Column::Name) => header(c).max(longest_name + pad).min(available * 0.3),
            Col::Data(c @ Column::Status) => header(c).max(longest_state + 16.0 + pad),
            Col::Data(c @ Column::Number) => header(c).max(measure("+55 11 99999-9999", &body) + pad),
            Col::Data(c @ Column::Battery) => header(c).max(measure("100 %", &body) + pad),
            Col::Data(c @ Column::Storage) => header(c).max(measure("999.9 MB", &body) + pad),
            Col::Data(c @ Column::LastPoll) => header(c).max(measure("59 min", &body) + pad),
            Col::Data(Column::PushName | Column::Device | Column::LastError) => return None,
        };
        Some(w)
    };
    let fixed_widths: Vec<Option<f32>> = layout.iter().map(|c| fixed(*c)).collect();
    let used: f32 = fixed_widths.iter().flatten().sum();
    let shared = fixed_widths.iter().filter(|w| w.is_none()).count().max(1) as f32;
    let share = ((available - used) / shared).max(60.0);
    fixed_widths.into_iter().map(|w| w.unwrap_or(share)).collect()
}

/// The instance's last 24 hours, one shape per run of a state; its spans in a tooltip.
fn strip_cell(ui: &mut Ui, view: &View<'_>, inst: &InstanceState) {
    let height = (ui.available_height() - 8.0).clamp(6.0, 14.0);
    let (rect, response) =
        ui.allocate_exact_size(egui::vec2(ui.available_width(), height), egui::Sense::hover());
    match view.history.strip(&inst.meta.uid).and_then(|e| e.spans.as_ref().map(|s| (s, e))) {
        Some((spans, entry)) => {
            response
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, tr!("col-strip-hint")));
            super::history::paint_spans(ui, rect, spans, entry.from_ms, entry.to_ms);
            super::history::span_hover(response, rect, spans, entry.from_ms, entry.to_ms);
        }
        None => {
            ui.painter().rect_filled(rect, 2.0, ui.visuals().faint_bg_color);
        }
    }
}

/// One cell of an instance's row.
fn cell(row: &mut TableRow<'_, '_>, inst: &InstanceState, column: Column, now: Instant) {
    let status = inst.status.as_ref();
    let info = status.and_then(|s| s.connection_info.as_ref());
    let dash = || "—".to_owned();
    row.col(|ui| match column {
        Column::Name => {
            if inst.meta.parked {
                // Out of service on purpose: dimmed, and said.
                ui.label(RichText::new(&inst.meta.name).weak()).on_hover_text(tr!("instance-parked"));
            } else {
                ui.label(RichText::new(&inst.meta.name).strong());
            }
        }
        Column::Status => {
            let color = style::instance_color(ui.visuals(), inst);
            let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            ui.painter().circle_filled(rect.center(), 4.5, color);
            match inst.code() {
                Some(code) => ui.label(status_friendly(code)).on_hover_text(status_label(code)),
                None => ui.label(tr!("status-none")),
            };
        }
        Column::Number => {
            ui.label(status.and_then(|s| s.phone_number()).unwrap_or_else(dash));
        }
        Column::PushName => {
            ui.label(info.and_then(|i| i.pushname.clone()).unwrap_or_else(dash));
        }
        Column::Device => {
            ui.label(fleet::device(inst).unwrap_or_else(dash));
        }
        Column::Battery => {
            let text = fleet::battery(inst).map(|b| format!("{b} %")).unwrap_or_else(dash);
            let color = if fleet::is_low_battery(inst) {
                style::error_color(ui.visuals())
            } else {
                ui.visuals().text_color()
            };
            ui.label(RichText::new(text).color(color));
        }
        Column::Storage => {
            let bytes = status.and_then(|s| s.storage.as_ref()).and_then(|s| s.bytes);
            ui.label(bytes.map(format::bytes).unwrap_or_else(dash));
        }
        Column::LastPoll => {
            let text = inst.status_at.map(|at| format::ago_short(now.saturating_duration_since(at)));
            ui.label(text.unwrap_or_else(dash));
        }
        Column::LastError => {
            let error = inst
                .poll_error
                .as_ref()
                .map(|(e, _)| e.to_string())
                .or_else(|| inst.fatal.as_ref().map(ToString::to_string));
            match error {
                Some(e) => {
                    ui.label(RichText::new(&e).color(style::error_color(ui.visuals()))).on_hover_text(e)
                }
                None => ui.label(RichText::new("—").weak()),
            };
        }
    });
}
