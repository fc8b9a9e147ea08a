//! The event log of the instance on screen: state changes and operations, newest first.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::style;
use crate::app::intent::{Action, Out};
use crate::app::state::{InstanceState, LogOutcome};
use crate::format;
use crate::prefs::Prefs;
use crate::tr;

/// The log's title is its fold toggle; folded, the newest entry stays in view beside it.
pub fn show(ui: &mut Ui, inst: &InstanceState, prefs: &Prefs, out: &mut Out) {
    ui.add_space(2.0);
    ui.horizontal(|ui| {
        // Room on the left for a painted arrow (the UI font has no arrow glyphs).
        let title = format!("     {}", tr!("log-title"));
        let toggle = ui.selectable_label(prefs.log_open, RichText::new(title).strong());
        paint_arrow(ui, &toggle, prefs.log_open);
        if toggle.clicked() {
            out.act(Action::SetPrefs(Prefs { log_open: !prefs.log_open, ..prefs.clone() }));
        }
        ui.label(RichText::new(tr!("log-latest", count = inst.log.len() as i64)).weak().small());
        if let (false, Some(entry)) = (prefs.log_open, inst.log.back()) {
            ui.label(RichText::new(entry.at.format("%H:%M:%S").to_string()).monospace().weak());
            let text = if entry.detail.is_empty() {
                entry.what.clone()
            } else {
                format!("{} · {}", entry.what, entry.detail)
            };
            ui.add(egui::Label::new(text).truncate());
        }
    });
    if !prefs.log_open {
        return;
    }
    if inst.log.is_empty() {
        ui.label(RichText::new(tr!("log-empty")).weak());
        return;
    }
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    // The table's scroll area must stay within the panel (the panel's Ui may report more room
    // than the panel shows).
    let max_height = (ui.available_height() - 2.0 * row_height).max(row_height);
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

/// ▶ folded, ▼ open, at the left of `button`.
fn paint_arrow(ui: &Ui, button: &egui::Response, open: bool) {
    let c = egui::pos2(button.rect.left() + 12.0, button.rect.center().y);
    let r = 4.0;
    let points = if open {
        vec![
            egui::pos2(c.x - r, c.y - r * 0.6),
            egui::pos2(c.x + r, c.y - r * 0.6),
            egui::pos2(c.x, c.y + r * 0.6),
        ]
    } else {
        vec![
            egui::pos2(c.x - r * 0.6, c.y - r),
            egui::pos2(c.x + r * 0.6, c.y),
            egui::pos2(c.x - r * 0.6, c.y + r),
        ]
    };
    let color = ui.style().interact(button).fg_stroke.color;
    ui.painter().add(egui::Shape::convex_polygon(points, color, egui::Stroke::NONE));
}
