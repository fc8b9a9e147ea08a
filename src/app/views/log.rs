//! The event log of the instance on screen: state changes and operations, newest first.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::style;
use crate::app::state::{InstanceState, LogOutcome};
use crate::format;
use crate::tr;

pub fn show(ui: &mut Ui, inst: &InstanceState) {
    ui.add_space(4.0);
    ui.label(RichText::new(tr!("log-title")).strong());
    if inst.log.is_empty() {
        ui.label(RichText::new(tr!("log-empty")).weak());
        return;
    }
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    // The panel has a fixed height; the table's scroll area must stay within it (the panel's
    // Ui reports more room than the panel shows).
    let max_height = (super::LOG_PANEL_HEIGHT - 3.0 * row_height - 24.0).max(row_height);
    TableBuilder::new(ui)
        .id_salt(("log", inst.id))
        .striped(true)
        .resizable(true)
        .auto_shrink([false, false])
        .min_scrolled_height(0.0)
        .max_scroll_height(max_height)
        .column(Column::exact(72.0))
        .column(Column::initial(260.0).at_least(120.0).clip(true))
        .column(Column::exact(60.0))
        .column(Column::remainder().at_least(120.0).clip(true))
        .column(Column::exact(70.0))
        .header(row_height, |mut header| {
            for title in [
                tr!("log-col-time"),
                tr!("log-col-event"),
                tr!("log-col-outcome"),
                tr!("log-col-detail"),
                tr!("log-col-latency"),
            ] {
                header.col(|ui| {
                    ui.label(RichText::new(title).strong());
                });
            }
        })
        .body(|body| {
            let entries: Vec<_> = inst.log.iter().rev().collect();
            body.rows(row_height, entries.len(), |mut row| {
                let entry = entries[row.index()];
                row.col(|ui| {
                    ui.label(RichText::new(entry.at.format("%H:%M:%S").to_string()).monospace());
                });
                row.col(|ui| {
                    ui.label(&entry.what);
                });
                row.col(|ui| {
                    let (text, color) = match entry.outcome {
                        LogOutcome::Ok => (tr!("log-ok"), style::ok_color(ui.visuals())),
                        LogOutcome::Failed => (tr!("log-failed"), style::error_color(ui.visuals())),
                        LogOutcome::Info => (tr!("log-info"), ui.visuals().weak_text_color()),
                    };
                    ui.label(RichText::new(text).color(color));
                });
                row.col(|ui| {
                    ui.label(&entry.detail).on_hover_text(&entry.detail);
                });
                row.col(|ui| {
                    if let Some(latency) = entry.latency {
                        ui.label(RichText::new(format::latency(latency)).weak());
                    }
                });
            });
        });
}
