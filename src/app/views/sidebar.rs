//! The fleet in a side panel: a coloured dot, name, battery and freshness per instance, those
//! needing action first; a filter; Add instance.

use std::time::Instant;

use egui::{RichText, Ui};

use super::{Dialog, UiState, View, counts, instance_form::InstanceForm, style};
use crate::app::fleet;
use crate::app::intent::{Action, Out};
use crate::app::state::InstanceState;
use crate::format;
use crate::tr;

pub fn show(ui: &mut Ui, view: &View<'_>, state: &mut UiState, out: &mut Out) {
    ui.add_space(6.0);
    let title = RichText::new(tr!("fleet-title", count = view.instances.len())).strong().size(15.0);
    let (add, files) = (tr!("fleet-add"), tr!("files-menu"));
    // Title and buttons share a row when they fit (English at the default width); otherwise
    // (Portuguese's longer words, a narrow panel) the buttons go under the title.
    let width = |text: &str, font: egui::FontId| {
        ui.painter().layout_no_wrap(text.to_owned(), font, egui::Color32::WHITE).size().x
    };
    let button_font = egui::TextStyle::Button.resolve(ui.style());
    let padding = 2.0 * ui.spacing().button_padding.x + ui.spacing().item_spacing.x;
    let needed = width(title.text(), egui::FontId::proportional(15.0))
        + width(&add, button_font.clone())
        + width(&files, button_font)
        + 2.0 * padding
        + ui.spacing().item_spacing.x;
    let add_button = |ui: &mut Ui, state: &mut UiState| {
        if ui.button(add.as_str()).on_hover_text(tr!("fleet-add-hint")).clicked() {
            state.open(Dialog::Instance(InstanceForm::new()));
        }
    };
    let files_button = |ui: &mut Ui, state: &mut UiState, out: &mut Out| {
        ui.menu_button(files.as_str(), |ui| files_menu(ui, state, out));
    };
    if needed <= ui.available_width() {
        ui.horizontal(|ui| {
            ui.label(title);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                // Right to left: Files is drawn first, at the edge.
                files_button(ui, state, out);
                add_button(ui, state);
            });
        });
    } else {
        ui.label(title);
        ui.horizontal(|ui| {
            add_button(ui, state);
            files_button(ui, state, out);
        });
    }
    let label = ui.label(RichText::new(tr!("fleet-filter")).small().weak());
    let filter = ui
        .add(
            egui::TextEdit::singleline(&mut state.query.text)
                .hint_text(tr!("fleet-filter-hint"))
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if std::mem::take(&mut state.focus_filter) {
        filter.request_focus();
    }
    ui.add_space(4.0);
    if ui
        .selectable_label(state.overview, RichText::new(tr!("overview-button")).strong())
        .on_hover_text(tr!("overview-button-hint"))
        .clicked()
    {
        state.overview = !state.overview;
    }
    ui.add_space(4.0);
    if !state.overview {
        // The overview has its own, with every state.
        counts::bar(ui, &view.index.counts, &mut state.query, view.index.side.len(), false);
        ui.add_space(4.0);
    }
    // At the bottom of the panel, before the list takes the rest of the height.
    egui::Panel::bottom("sidebar-bottom")
        .frame(style::side_panel_frame(ui.style()))
        .show_separator_line(false)
        .show(ui, |ui| {
            ui.add_space(4.0);
            ui.horizontal_wrapped(|ui| {
                if ui.button(tr!("prefs-button")).on_hover_text(tr!("prefs-button-hint")).clicked() {
                    state.open(Dialog::Preferences);
                }
                if ui.button(tr!("shortcuts-button")).on_hover_text(tr!("shortcuts-button-hint")).clicked() {
                    state.open(Dialog::Shortcuts);
                }
                if ui.button(tr!("palette-button")).on_hover_text(tr!("palette-button-hint")).clicked() {
                    super::palette::open(view, state);
                }
            });
            ui.add_space(2.0);
        });
    let order = &view.index.side;
    if order.is_empty() {
        let text = if view.instances.is_empty() { tr!("fleet-empty") } else { tr!("fleet-no-match") };
        ui.label(RichText::new(text).weak());
        return;
    }
    // Only the rows in view are laid out: a frame costs the same with 50 or 5,000.
    egui::ScrollArea::vertical().auto_shrink([false, false]).show_rows(
        ui,
        ROW_HEIGHT,
        order.len(),
        |ui, rows| {
            for &i in &order[rows] {
                let inst = &view.instances[i];
                if row(ui, inst, view.selected == Some(inst.id) && !state.overview).clicked() {
                    state.overview = false;
                    out.act(Action::Select(inst.id));
                }
            }
        },
    );
}

/// A row's height in the list, in points.
const ROW_HEIGHT: f32 = 44.0;

fn files_menu(ui: &mut Ui, state: &mut UiState, out: &mut Out) {
    if ui.button(tr!("files-report-json")).clicked() {
        out.act(Action::ExportReport { id: None, json: true });
    }
    if ui.button(tr!("files-report-text")).clicked() {
        out.act(Action::ExportReport { id: None, json: false });
    }
    ui.separator();
    if ui.button(tr!("files-export-list")).clicked() {
        state.open(Dialog::ExportList(false));
    }
    if ui.button(tr!("files-import-list")).clicked() {
        out.act(Action::ImportList);
    }
    if ui.button(tr!("files-import-csv")).on_hover_text(tr!("csv-columns")).clicked() {
        out.act(Action::ImportCsv);
    }
}

fn row(ui: &mut Ui, inst: &InstanceState, selected: bool) -> egui::Response {
    let visuals = ui.visuals().clone();
    let (rect, response) =
        ui.allocate_exact_size(egui::vec2(ui.available_width(), ROW_HEIGHT), egui::Sense::click());
    let status = match inst.code() {
        Some(code) => crate::app::state::status_label(code),
        None => tr!("status-none"),
    };
    let status = if inst.meta.parked { format!("{} — {status}", tr!("instance-parked")) } else { status };
    let name = inst.meta.name.clone();
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, name.clone()));
    let response = response.on_hover_text(&status);
    if selected {
        ui.painter().rect_filled(rect, 6.0, visuals.selection.bg_fill.gamma_multiply(0.5));
    } else if response.hovered() {
        ui.painter().rect_filled(rect, 6.0, visuals.widgets.hovered.weak_bg_fill);
    }
    let dot = egui::pos2(rect.left() + 14.0, rect.top() + 15.0);
    ui.painter().circle_filled(dot, 5.0, style::instance_color(&visuals, inst));
    // Parked: out of service on purpose, dimmed.
    let text_color = if inst.meta.parked { visuals.weak_text_color() } else { visuals.strong_text_color() };
    let left = rect.left() + 28.0;
    let font = egui::FontId::proportional(14.0);
    let small = egui::FontId::proportional(11.5);
    // The name, cut to fit before the battery figure.
    let battery = fleet::battery(inst).map(|b| format!("{b} %"));
    let battery_width = if battery.is_some() { 46.0 } else { 0.0 };
    let name_galley = ui.painter().layout(
        inst.meta.name.clone(),
        font.clone(),
        text_color,
        (rect.right() - left - battery_width - 8.0).max(20.0),
    );
    let clipped = ui.painter().with_clip_rect(egui::Rect::from_min_max(
        egui::pos2(left, rect.top()),
        egui::pos2(rect.right() - battery_width - 4.0, rect.top() + 24.0),
    ));
    clipped.galley(egui::pos2(left, rect.top() + 6.0), name_galley, text_color);
    if let Some(b) = battery {
        let low = fleet::battery(inst).is_some_and(|b| b < fleet::LOW_BATTERY);
        let c = if low { style::error_color(&visuals) } else { visuals.text_color() };
        ui.painter().text(
            egui::pos2(rect.right() - 8.0, rect.top() + 8.0),
            egui::Align2::RIGHT_TOP,
            b,
            small.clone(),
            c,
        );
    }
    let second = match (&inst.poll_error, inst.status_at) {
        (Some((e, _)), _) => e.to_string(),
        (None, Some(at)) => {
            let elapsed = Instant::now().saturating_duration_since(at);
            tr!("fleet-seen", ago = format::ago(elapsed))
        }
        (None, None) => inst.fatal.as_ref().map(ToString::to_string).unwrap_or_else(|| tr!("never-updated")),
    };
    let second = if inst.meta.parked { format!("{} · {second}", tr!("instance-parked")) } else { second };
    let second_color = if inst.poll_error.is_some() || inst.fatal.is_some() {
        style::error_color(&visuals)
    } else {
        visuals.weak_text_color()
    };
    let clipped = ui.painter().with_clip_rect(rect.shrink(2.0));
    clipped.text(egui::pos2(left, rect.top() + 26.0), egui::Align2::LEFT_TOP, second, small, second_color);
    response
}
