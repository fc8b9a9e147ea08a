//! The top bar, in two rows so that nothing overlaps at 1024 points: the instance and its
//! state with Refresh; then its address, freshness and the instance's own actions.

use egui::{RichText, Ui};

use super::{Dialog, UiState, instance_form::InstanceForm, style, widgets::freshness};
use crate::app::intent::{Action, Out};
use crate::app::state::{InstanceState, status_friendly, status_label};
use crate::backend::Command;
use crate::tr;

pub fn show(ui: &mut Ui, inst: &InstanceState, state: &mut UiState, out: &mut Out) {
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let color = style::status_color(ui.visuals(), inst.code(), inst.is_stale());
        let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
        ui.painter().circle_filled(rect.center(), 5.5, color);
        ui.label(RichText::new(&inst.meta.name).strong().size(17.0));
        let (short, full) = match inst.code() {
            Some(code) => (status_friendly(code), status_label(code)),
            None => (tr!("status-none"), tr!("status-none")),
        };
        ui.label(RichText::new(short).color(color).strong()).on_hover_text(full);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let refresh = ui
                .add_enabled(!inst.refresh_pending, egui::Button::new(tr!("refresh")))
                .on_hover_text(tr!("refresh-hint"));
            if refresh.clicked() {
                out.send(Command::Refresh(inst.id));
            }
            if inst.refresh_pending {
                ui.spinner();
            }
        });
    });
    ui.horizontal(|ui| {
        ui.add_space(18.0);
        ui.add(egui::Label::new(RichText::new(&inst.display_url).weak()).truncate())
            .on_hover_text(tr!("header-key", key = inst.meta.key.masked()));
        ui.label(RichText::new("·").weak());
        freshness(ui, inst);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.menu_button(tr!("report-menu"), |ui| {
                if ui.button(tr!("files-report-json")).clicked() {
                    out.act(Action::ExportReport { id: Some(inst.id), json: true });
                }
                if ui.button(tr!("files-report-text")).clicked() {
                    out.act(Action::ExportReport { id: Some(inst.id), json: false });
                }
            })
            .response
            .on_hover_text(tr!("report-hint"));
            if ui
                .selectable_label(state.diagnostics_open, tr!("diag-button"))
                .on_hover_text(tr!("diag-button-hint"))
                .clicked()
            {
                state.diagnostics_open = !state.diagnostics_open;
            }
            if ui.small_button(tr!("remove-ellipsis")).on_hover_text(tr!("remove-hint")).clicked() {
                state.open(Dialog::Remove(inst.id));
            }
            if ui.small_button(tr!("edit")).on_hover_text(tr!("edit-hint")).clicked() {
                state.open(Dialog::Instance(InstanceForm::edit(inst)));
            }
        });
    });
    ui.add_space(4.0);
}
