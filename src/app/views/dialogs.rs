//! Which dialog is open (at most one), and showing it: each dialog's body lives with its view
//! (settings.rs, instance_form.rs, ...), its shell is [`super::modal::Modal`].

use egui::{RichText, Ui};

use super::modal::{Modal, Outcome, Tone};
use super::{UiState, View, actions, bulk, instance_form, preferences, settings, style};
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
}

/// Shows the open dialog; closes it when it says so (or when its instance is gone).
pub fn show(ui: &mut Ui, view: &View<'_>, state: &mut UiState, out: &mut Out) {
    let Some(dialog) = state.dialog.as_mut() else { return };
    let instance = |id: InstanceId| view.instances.iter().find(|i| i.id == id);
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
        Dialog::Preferences => preferences::dialog(ui, view.prefs, view.history, out),
        Dialog::Shortcuts => preferences::shortcuts(ui),
        Dialog::Bulk(confirm) => bulk::confirm(ui, view, confirm, out),
    };
    if done {
        state.dialog = None;
    }
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
