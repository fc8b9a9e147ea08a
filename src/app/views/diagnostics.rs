//! The diagnostics drawer: the current instance's last requests (newest first: time, command,
//! HTTP status, latency, size, outcome); the selected one's answer below, pretty-printed and
//! already masked (key, WebID, phone numbers), with Copy; and "Support bundle…", which saves
//! a zip for a ticket. The records come from the backend while the drawer is open.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::{UiState, style};
use crate::app::intent::{Action, Out};
use crate::app::state::InstanceState;
use crate::diagnostics::Exchange;
use crate::format;
use crate::tr;

pub const WIDTH: f32 = 430.0;

/// The drawer's contents (the caller puts it in a right panel).
pub fn show(ui: &mut Ui, inst: &InstanceState, state: &mut UiState, out: &mut Out) {
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new(tr!("diag-title")).strong().size(15.0));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.small_button(tr!("close")).on_hover_text(tr!("diag-close")).clicked() {
                state.diagnostics_open = false;
            }
            if ui.button(tr!("diag-bundle")).on_hover_text(tr!("diag-bundle-hint")).clicked() {
                out.act(Action::SupportBundle(inst.id));
            }
        });
    });
    let records: Vec<&Exchange> = inst.exchanges.records().rev().collect();
    ui.label(
        RichText::new(tr!(
            "diag-count",
            count = records.len() as i64,
            max = crate::diagnostics::MAX_EXCHANGES as i64
        ))
        .weak()
        .small(),
    );
    ui.add_space(4.0);
    if records.is_empty() {
        ui.label(RichText::new(tr!("diag-empty")).weak());
        return;
    }
    // The selection follows a record, not a row: new requests push it down, it stays chosen.
    let selected = state.diagnostics_selected;
    let table_height = (ui.available_height() * 0.45).max(140.0);
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    ui.push_id("diag-table", |ui| {
        // Selectable text would take the click meant for the row.
        ui.style_mut().interaction.selectable_labels = false;
        TableBuilder::new(ui)
            .striped(true)
            .sense(egui::Sense::click())
            .max_scroll_height(table_height)
            .min_scrolled_height(table_height)
            // Always that tall: the answer below stays put while requests arrive (it moved
            // down a row with each poll until the list filled its share).
            .auto_shrink([false, false])
            .column(Column::exact(64.0))
            .column(Column::remainder().at_least(110.0))
            .column(Column::exact(40.0))
            .column(Column::exact(58.0))
            .column(Column::exact(58.0))
            .column(Column::exact(70.0))
            .header(row_height, |mut header| {
                let titles = [
                    tr!("diag-time"),
                    tr!("diag-command"),
                    tr!("diag-http"),
                    tr!("diag-latency"),
                    tr!("diag-size"),
                    tr!("diag-outcome"),
                ];
                for title in titles {
                    header.col(|ui| {
                        ui.label(RichText::new(title).strong().small());
                    });
                }
            })
            .body(|body| {
                body.rows(row_height, records.len(), |mut row| {
                    let e = records[row.index()];
                    let key = (e.at_ms, e.command);
                    row.set_selected(selected == Some(key));
                    let color = |ui: &Ui| match &e.error {
                        None => ui.visuals().text_color(),
                        Some(_) => style::error_color(ui.visuals()),
                    };
                    row.col(|ui| {
                        ui.label(
                            chrono::DateTime::<chrono::Local>::from(e.at()).format("%H:%M:%S").to_string(),
                        );
                    });
                    row.col(|ui| {
                        ui.add(egui::Label::new(e.command.trim_end_matches(".aspx")).truncate());
                    });
                    row.col(|ui| {
                        let code = e.http_status.map_or_else(|| "—".to_owned(), |c| c.to_string());
                        ui.label(RichText::new(code).color(color(ui)));
                    });
                    row.col(|ui| {
                        ui.label(format::latency(std::time::Duration::from_millis(u64::from(e.latency_ms))));
                    });
                    row.col(|ui| {
                        ui.label(format::bytes(u64::from(e.size)));
                    });
                    row.col(|ui| {
                        let outcome = e.outcome_text();
                        ui.add(egui::Label::new(RichText::new(&outcome).color(color(ui))).truncate())
                            .on_hover_text(&outcome);
                    });
                    let response = row.response();
                    let label = tr!(
                        "diag-row",
                        command = e.command,
                        status = e.http_status.map_or_else(|| "—".to_owned(), |c| c.to_string()),
                        outcome = e.outcome_text()
                    );
                    response.widget_info(|| {
                        egui::WidgetInfo::selected(egui::Role::Button, true, selected == Some(key), &label)
                    });
                    if response.clicked() {
                        state.diagnostics_selected = Some(key);
                    }
                });
            });
    });
    ui.add_space(6.0);
    let chosen = selected.and_then(|key| records.iter().find(|e| (e.at_ms, e.command) == key));
    let Some(e) = chosen else {
        ui.label(RichText::new(tr!("diag-pick")).weak());
        return;
    };
    ui.horizontal(|ui| {
        ui.label(RichText::new(tr!("diag-body")).strong());
        if let Some(body) = &e.body
            && ui.button(tr!("diag-copy")).on_hover_text(tr!("diag-copy-hint")).clicked()
        {
            ui.ctx().copy_text(body.to_string());
        }
    });
    match &e.body {
        Some(body) => {
            egui::ScrollArea::both().id_salt("diag-body").auto_shrink([false, false]).show(ui, |ui| {
                let mut text: &str = body;
                ui.add(
                    egui::TextEdit::multiline(&mut text)
                        .code_editor()
                        .desired_width(f32::INFINITY)
                        .desired_rows(8),
                )
                .on_hover_text(tr!("diag-body-hint"));
            });
        }
        None if e.http_status.is_some() => {
            ui.label(RichText::new(tr!("diag-body-dropped")).weak());
        }
        None => {
            ui.label(RichText::new(tr!("diag-no-answer")).weak());
        }
    }
}
