//! The summary bar: a count per state, each a chip that filters the lists (chips combine with
//! the text filter); the active filter is named and cleared in one click.

use egui::{RichText, Ui};

use super::style;
use crate::app::fleet::{Chip, Counts, FleetQuery};
use crate::format;
use crate::tr;

pub fn chip_name(chip: Chip) -> String {
    match chip {
        Chip::Paired => tr!("chip-paired"),
        Chip::Pairing => tr!("chip-pairing"),
        Chip::NotConnected => tr!("chip-not-connected"),
        Chip::SessionClosed => tr!("chip-session-closed"),
        Chip::PhoneOffline => tr!("chip-phone-offline"),
        Chip::Trouble => tr!("chip-trouble"),
        Chip::LowBattery => tr!("chip-low-battery"),
        Chip::Parked => tr!("chip-parked"),
        Chip::Waiting => tr!("chip-waiting"),
    }
}

/// The chips. `all` shows every state (the overview); otherwise those with none are left out
/// unless chosen (the side panel's narrow width).
pub fn bar(ui: &mut Ui, counts: &Counts, query: &mut FleetQuery, shown: usize, all: bool) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = egui::vec2(4.0, 4.0);
        for chip in Chip::ALL {
            let n = counts.get(chip);
            let on = query.chips.contains(&chip);
            // "No answer yet" is only worth a chip while there are some.
            if n == 0 && !on && (!all || chip == Chip::Waiting) {
                continue;
            }
            if chip_button(ui, chip, n, on).clicked() {
                if on {
                    query.chips.remove(&chip);
                } else {
                    query.chips.insert(chip);
                }
            }
        }
    });
    if !query.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(tr!(
                    "filter-showing",
                    shown = format::count(shown as u64),
                    what = describe(query)
                ))
                .small(),
            );
            if ui.small_button(tr!("filter-clear")).on_hover_text(tr!("filter-clear-hint")).clicked() {
                *query = FleetQuery::default();
            }
        });
    }
}

/// "Paired or Pairing, “loja”": what the lists are filtered by, in words.
fn describe(query: &FleetQuery) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !query.chips.is_empty() {
        let names: Vec<String> = query.chips.iter().map(|c| chip_name(*c)).collect();
        parts.push(names.join(&tr!("filter-or")));
    }
    let text = query.text.trim();
    if !text.is_empty() {
        parts.push(format!("“{text}”"));
    }
    parts.join(", ")
}

/// A chip: a dot in the state's colour, the state's name and its count; selected when chosen.
fn chip_button(ui: &mut Ui, chip: Chip, count: usize, on: bool) -> egui::Response {
    let text = format!("{} {}", chip_name(chip), format::count(count as u64));
    let font = egui::TextStyle::Button.resolve(ui.style());
    let visuals = ui.visuals().clone();
    let galley = ui.painter().layout_no_wrap(text.clone(), font, visuals.text_color());
    let padding = egui::vec2(7.0, 3.0);
    let dot = 8.0;
    let size = egui::vec2(padding.x * 2.0 + dot + 5.0 + galley.size().x, galley.size().y + padding.y * 2.0);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::click());
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, on, text.clone()));
    let response = response.on_hover_text(tr!("chip-hint"));
    if ui.is_rect_visible(rect) {
        let fill = if on {
            visuals.selection.bg_fill
        } else if response.hovered() {
            visuals.widgets.hovered.weak_bg_fill
        } else {
            visuals.widgets.inactive.weak_bg_fill
        };
        let painter = ui.painter();
        painter.rect_filled(rect, rect.height() / 2.0, fill);
        let center = egui::pos2(rect.left() + padding.x + dot / 2.0, rect.center().y);
        painter.circle_filled(center, dot / 2.0, style::chip_color(&visuals, chip));
        let text_color = if on { visuals.selection.stroke.color } else { visuals.text_color() };
        let at = egui::pos2(rect.left() + padding.x + dot + 5.0, rect.center().y - galley.size().y / 2.0);
        painter.galley(at, galley, text_color);
    }
    response
}
