//! Which dialog is open (at most one), and showing it: each dialog's body lives with its view
//! (settings.rs, instance_form.rs, ...), its shell is [`super::modal::Modal`].

use egui::{RichText, Ui};

use super::modal::{Modal, Outcome, Tone};
use super::{UiState, View, actions, bulk, instance_form, palette, preferences, settings, style};
use crate::app::intent::{Action, Out};
use crate::backend::{InstanceId, Operation};
use crate::tr;

/// The open dialog and what it holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    /// "Close session?", "Disconnect?", "Clear?" for an instance.
    Operation(InstanceId, Operation),
    Settings(InstanceId, settings::SettingsForm),
    Instance(instance_form::InstanceForm),
    Remove(InstanceId),
    /// The export of the instance list; `true` when "include API keys" is ticked.
    ExportList(bool),
    Preferences,
    Shortcuts,
    /// A bulk action's confirmation.
    Bulk(bulk::BulkConfirm),
    /// The rows of a CSV file, judged, before anything is added.
    CsvPreview(Box<crate::import::CsvPreview>),
    /// The command palette.
    Palette(Box<crate::app::palette::Palette>),
}

/// Shows the open dialog; closes it when it says so (or when its instance is gone).
pub fn show(ui: &mut Ui, view: &View<'_>, state: &mut UiState, out: &mut Out) {
    let Some(dialog) = state.dialog.as_mut() else { return };
    let instance = |id: InstanceId| view.instances.iter().find(|i| i.id == id);
    let mut chosen = None;
    let done = match dialog {
        Dialog::Operation(id, op) => match instance(*id) {
            Some(inst) => actions::confirm(ui, inst, *op, out),
            None => true,
        },
        Dialog::Settings(id, form) => match instance(*id) {
            Some(inst) => settings::dialog(ui, inst, form, out),
            None => true,
        },
        Dialog::Instance(form) => instance_form::dialog(ui, view, form, out),
        Dialog::Remove(id) => match instance(*id) {
            Some(inst) => instance_form::remove(ui, inst, out),
            None => true,
        },
        Dialog::ExportList(include_keys) => export_list(ui, include_keys, out),
        Dialog::Preferences => preferences::dialog(ui, view, out),
        Dialog::Shortcuts => preferences::shortcuts(ui),
        Dialog::Bulk(confirm) => bulk::confirm(ui, view, confirm, out),
        Dialog::CsvPreview(preview) => csv_preview(ui, preview, out),
        Dialog::Palette(palette) => {
            let (done, target) = palette::show(ui, palette);
            chosen = target;
            done
        }
    };
    if done {
        state.dialog = None;
    }
    // After closing: what the palette runs may open a dialog of its own.
    if let Some(target) = chosen {
        palette::run(target, view, state, out);
    }
}

/// Every row of a CSV file with its verdict (keys masked); Add takes the valid ones. Only the
/// rows in view are laid out, so a 10 MB file scrolls as a small one.
fn csv_preview(ui: &mut Ui, preview: &crate::import::CsvPreview, out: &mut Out) -> bool {
    use egui_extras::{Column, TableBuilder};
    let valid = preview.valid();
    let count = |n: usize| crate::format::count(n as u64);
    let outcome = Modal::new("csv-preview", tr!("csv-title", count = count(preview.rows.len())))
        .width(820.0)
        .confirm(tr!("csv-add", count = count(valid)), Tone::Normal, valid > 0)
        .show(ui, |ui| {
            let summary =
                tr!("csv-summary", valid = count(valid), invalid = count(preview.rows.len() - valid));
            ui.label(summary);
            ui.label(RichText::new(tr!("csv-columns")).weak().small());
            ui.add_space(6.0);
            let height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
            TableBuilder::new(ui)
                .id_salt("csv-preview-table")
                .striped(true)
                .max_scroll_height(320.0)
                .min_scrolled_height(320.0)
                .column(Column::exact(48.0))
                .column(Column::exact(230.0).clip(true))
                .column(Column::exact(160.0).clip(true))
                .column(Column::exact(150.0).clip(true))
                .column(Column::exact(100.0).clip(true))
                .column(Column::remainder().clip(true))
                .header(height, |mut h| {
                    for title in [
                        tr!("csv-col-line"),
                        tr!("csv-col-result"),
                        tr!("col-name"),
                        tr!("form-base-url"),
                        tr!("form-key"),
                        tr!("form-tags"),
                    ] {
                        h.col(|ui| {
                            ui.label(RichText::new(title).strong());
                        });
                    }
                })
                .body(|body| {
                    body.rows(height, preview.rows.len(), |mut row| {
                        let r = &preview.rows[row.index()];
                        row.col(|ui| {
                            ui.label(r.line.to_string());
                        });
                        row.col(|ui| match &r.problem {
                            None => {
                                ui.label(RichText::new(tr!("csv-ok")).color(style::ok_color(ui.visuals())));
                            }
                            Some(p) => {
                                ui.label(RichText::new(p).color(style::error_color(ui.visuals())))
                                    .on_hover_text(p);
                            }
                        });
                        row.col(|ui| {
                            ui.label(&r.name);
                        });
                        row.col(|ui| {
                            ui.label(&r.base_url);
                        });
                        row.col(|ui| {
                            ui.label(if r.key.expose().is_empty() {
                                "—".to_owned()
                            } else {
                                r.key.masked()
                            });
                        });
                        row.col(|ui| {
                            ui.label(r.tags.join(", "));
                        });
                    });
                });
        });
    if outcome == Outcome::Confirmed {
        out.act(Action::AddFromCsv(preview.rows.clone()));
    }
    outcome != Outcome::Open
}

/// "Export instance list": keys are left out unless ticked, with a warning when they are.
fn export_list(ui: &mut Ui, include_keys: &mut bool, out: &mut Out) -> bool {
    let outcome = Modal::new("export-list", tr!("export-list-title"))
        .confirm(tr!("export-list-save"), Tone::Normal, true)
        .show(ui, |ui| {
            ui.label(tr!("export-list-body"));
            ui.checkbox(include_keys, tr!("export-list-keys"));
            if *include_keys {
                ui.label(
                    RichText::new(tr!("export-list-keys-warning")).color(style::warn_color(ui.visuals())),
                );
            }
        });
    if outcome == Outcome::Confirmed {
        out.act(Action::ExportList { include_keys: *include_keys });
    }
    outcome != Outcome::Open
}
