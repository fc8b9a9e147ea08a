//! The top bar: which instance, its state at a glance, and Refresh.

use egui::{RichText, Ui};

use super::{UiState, freshness, instance_form::InstanceForm, style};
use crate::app::state::{InstanceState, status_label};
use crate::backend::Command;
use crate::tr;

pub fn show(ui: &mut Ui, inst: &InstanceState, state: &mut UiState, out: &mut Vec<Command>) {
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new(&inst.meta.name).strong().size(16.0));
        ui.label(RichText::new(&inst.display_url).weak())
            .on_hover_text(tr!("header-key", key = inst.meta.key.masked()));
        if ui.small_button(tr!("edit")).on_hover_text(tr!("edit-hint")).clicked() {
            state.instance_form = Some(InstanceForm::edit(inst));
        }
        if ui.small_button(tr!("remove-ellipsis")).on_hover_text(tr!("remove-hint")).clicked() {
            state.remove_confirm = Some(inst.id);
        }
        ui.menu_button(tr!("report-menu"), |ui| {
            if ui.button(tr!("files-report-json")).clicked() {
                state
                    .pending_actions
                    .push(crate::app::Action::ExportReport { id: Some(inst.id), json: true });
            }
            if ui.button(tr!("files-report-text")).clicked() {
                state
                    .pending_actions
                    .push(crate::app::Action::ExportReport { id: Some(inst.id), json: false });
            }
        })
        .response
        .on_hover_text(tr!("report-hint"));

        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let refresh = ui
                .add_enabled(!inst.refresh_pending, egui::Button::new(tr!("refresh")))
                .on_hover_text(tr!("refresh-hint"));
            if refresh.clicked() {
                out.push(Command::Refresh(inst.id));
            }
            if inst.refresh_pending {
                ui.spinner();
            }
            freshness(ui, inst);
            status_pill(ui, inst);
        });
    });
    ui.add_space(4.0);
}

/// A coloured dot and the state's name.
fn status_pill(ui: &mut Ui, inst: &InstanceState) {
    let color = style::status_color(ui.visuals(), inst.code(), inst.is_stale());
    let text = match inst.code() {
        Some(code) => status_label(code),
        None => tr!("status-none"),
    };
    ui.label(RichText::new(text).strong());
    let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
    ui.painter().circle_filled(rect.center(), 5.0, color);
}
