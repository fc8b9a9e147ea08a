//! The small pieces every view uses: notices, cards with their freshness, the stale banner, and
//! key/value grids.

use std::time::Instant;

use egui::{RichText, Ui};

use super::style;
use crate::api::ApiError;
use crate::app::intent::{Action, Notice, Out};
use crate::app::state::InstanceState;
use crate::format;
use crate::tr;

/// Notices shown at once; the rest wait behind "and N more".
const NOTICES_SHOWN: usize = 3;

/// State changes of any instance and other news, newest first, until dismissed.
pub fn notices(ui: &mut Ui, notices: &[Notice], out: &mut Out) {
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
                            out.act(Action::DismissNotice(index));
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
pub fn card<R>(ui: &mut Ui, title: &str, add: impl FnOnce(&mut Ui) -> R) -> R {
    card_with(ui, title, |_| {}, add)
}

/// A card with something on the right of its title (a small button).
pub fn card_with<R>(
    ui: &mut Ui,
    title: &str,
    right: impl FnOnce(&mut Ui),
    add: impl FnOnce(&mut Ui) -> R,
) -> R {
    egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::same(10))
        .corner_radius(8.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.label(RichText::new(title).strong().size(15.0));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), right);
            });
            ui.add_space(2.0);
            add(ui)
        })
        .inner
}

/// A card whose title row is the caller's.
pub fn plain_card<R>(ui: &mut Ui, add: impl FnOnce(&mut Ui) -> R) -> R {
    egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::same(10))
        .corner_radius(8.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            add(ui)
        })
        .inner
}

/// "updated 3 min ago", or "stale: <error>" in the error colour (kept current by the app's
/// minute tick).
pub fn freshness(ui: &mut Ui, inst: &InstanceState) {
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
pub fn stale_banner(ui: &mut Ui, inst: &InstanceState) {
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
pub fn kv_grid(ui: &mut Ui, id: &str, rows: &[(String, Option<String>)]) {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let key_width = rows
        .iter()
        .map(|(k, _)| {
            ui.fonts_mut(|f| f.layout_no_wrap(k.clone(), font.clone(), egui::Color32::WHITE).size().x)
        })
        .fold(0.0, f32::max)
        + 16.0;
    // Rows as tall as their text, not as a button: the health cards fit one screen.
    let row = egui::vec2(ui.available_width(), ui.text_style_height(&egui::TextStyle::Body) + 2.0);
    ui.push_id(id, |ui| {
        for (key, value) in rows {
            ui.allocate_ui_with_layout(row, egui::Layout::left_to_right(egui::Align::Center), |ui| {
                ui.set_min_height(row.y);
                let size = egui::vec2(key_width, row.y);
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
