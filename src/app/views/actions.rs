//! One button per gateway command. Destructive ones ask first and say what will happen.

use std::time::Instant;

use egui::{RichText, Ui};

use super::{UiState, settings, style};
use crate::api::StatusCode;
use crate::app::state::{InstanceState, operation_name};
use crate::backend::{Command, Operation};
use crate::format;
use crate::tr;

/// A destructive operation waiting for the user's yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingConfirm {
    pub op: Operation,
}

/// Generate QR / Connect makes sense: known, not paired, not already pairing, usable.
pub fn can_pair(inst: &InstanceState) -> bool {
    inst.code().is_some() && !inst.is_paired() && !inst.pairing.is_active() && inst.fatal.is_none()
}

/// Restore session makes sense: a saved session, not paired, not already restoring.
pub fn can_restore_now(inst: &InstanceState) -> bool {
    inst.can_restore()
        && !inst.pairing.is_active()
        && inst.fatal.is_none()
        && !inst.ops_in_flight.contains(&Operation::RestoreSession)
}

pub fn bar(ui: &mut Ui, inst: &InstanceState, state: &mut UiState, out: &mut Vec<Command>) {
    let code = inst.code();
    let linked = matches!(
        code,
        Some(
            StatusCode::WhatsAppAuthenticated
                | StatusCode::WhatsAppAuthenticatedConnectionClosed
                | StatusCode::Starting
        )
    );
    let pairing = inst.pairing.is_active();
    let known = code.is_some();
    ui.horizontal_wrapped(|ui| {
        let button =
            |ui: &mut Ui, op: Operation, label: String, enabled: bool, hint: String, why_not: String| {
                let busy = inst.ops_in_flight.contains(&op);
                let response = ui
                    .add_enabled(enabled && !busy && inst.fatal.is_none(), egui::Button::new(label))
                    .on_hover_text(hint)
                    .on_disabled_hover_text(why_not);
                if busy {
                    ui.spinner();
                }
                response.clicked()
            };
        if button(
            ui,
            Operation::GenerateQr,
            tr!("op-generate-qr"),
            !inst.is_paired() && !pairing,
            tr!("hint-generate-qr"),
            tr!("why-not-generate-qr"),
        ) {
            out.push(Command::Pair(inst.id));
        }
        if button(
            ui,
            Operation::Status,
            tr!("op-status"),
            !inst.refresh_pending,
            tr!("hint-status"),
            String::new(),
        ) {
            out.push(Command::Refresh(inst.id));
        }
        if button(
            ui,
            Operation::SaveSession,
            tr!("op-save-session"),
            inst.is_paired(),
            tr!("hint-save-session"),
            tr!("why-not-connected"),
        ) {
            out.push(Command::Run(inst.id, Operation::SaveSession));
        }
        if button(
            ui,
            Operation::RestoreSession,
            tr!("op-restore-session"),
            inst.can_restore(),
            tr!("hint-restore-session"),
            tr!("why-not-restore"),
        ) {
            out.push(Command::Run(inst.id, Operation::RestoreSession));
        }
        ui.separator();
        if button(
            ui,
            Operation::CloseSession,
            format!("{}…", tr!("op-close-session")),
            linked,
            tr!("hint-close-session"),
            tr!("why-not-linked"),
        ) {
            state.confirm = Some(PendingConfirm { op: Operation::CloseSession });
        }
        let can_disconnect = linked || inst.can_restore() || pairing;
        if button(
            ui,
            Operation::Disconnect,
            format!("{}…", tr!("op-disconnect")),
            can_disconnect,
            tr!("hint-disconnect"),
            tr!("why-not-disconnect"),
        ) {
            state.confirm = Some(PendingConfirm { op: Operation::Disconnect });
        }
        if button(
            ui,
            Operation::Clear,
            format!("{}…", tr!("op-clear")),
            known,
            tr!("hint-clear"),
            tr!("why-not-known"),
        ) {
            state.confirm = Some(PendingConfirm { op: Operation::Clear });
        }
        ui.separator();
        if button(
            ui,
            Operation::SetConfig,
            format!("{}…", tr!("op-settings")),
            known,
            tr!("hint-settings"),
            tr!("why-not-known"),
        ) {
            state.settings = Some(settings::SettingsForm::from_status(inst.status.as_ref()));
        }
    });
    last_outcome(ui, inst);
}

/// The most recent operation's outcome, next to the buttons.
fn last_outcome(ui: &mut Ui, inst: &InstanceState) {
    let Some((op, result)) = inst.last_results.iter().max_by_key(|(_, r)| r.at) else {
        return;
    };
    let elapsed = Instant::now().saturating_duration_since(result.at);
    ui.horizontal_wrapped(|ui| {
        match &result.result {
            Ok(()) => {
                let color = style::ok_color(ui.visuals());
                ui.label(RichText::new(operation_name(*op)).color(color).strong());
                ui.label(tr!("outcome-ok", latency = format::latency(result.latency)));
            }
            Err(error) => {
                let color = style::error_color(ui.visuals());
                ui.label(
                    RichText::new(tr!("outcome-failed", op = operation_name(*op))).color(color).strong(),
                );
                ui.label(RichText::new(error.to_string()).color(color));
            }
        }
        ui.label(RichText::new(format::ago(elapsed)).weak());
    });
}

pub fn confirm_dialog(ui: &mut Ui, inst: &InstanceState, state: &mut UiState, out: &mut Vec<Command>) {
    let Some(pending) = state.confirm.clone() else {
        return;
    };
    let (title, body, yes) = match pending.op {
        Operation::Disconnect => {
            (tr!("confirm-disconnect-title"), tr!("confirm-disconnect-body"), tr!("op-disconnect"))
        }
        Operation::CloseSession => {
            (tr!("confirm-close-title"), tr!("confirm-close-body"), tr!("op-close-session"))
        }
        Operation::Clear => (tr!("confirm-clear-title"), tr!("confirm-clear-body"), tr!("op-clear")),
        _ => {
            state.confirm = None;
            return;
        }
    };
    let mut close = false;
    let modal = egui::Modal::new(egui::Id::unique("confirm-operation"))
        .frame(super::style::dialog_frame(ui.style()))
        .show(ui.ctx(), |ui| {
            ui.set_max_width(420.0);
            ui.label(RichText::new(title).strong().size(17.0));
            ui.label(RichText::new(&inst.meta.name).weak());
            ui.add_space(6.0);
            ui.label(body);
            ui.add_space(10.0);
            ui.horizontal(|ui| {
                let danger = style::error_color(ui.visuals());
                if ui.button(RichText::new(yes).color(danger).strong()).clicked() {
                    out.push(Command::Run(inst.id, pending.op));
                    close = true;
                }
                if ui.button(tr!("cancel")).clicked() {
                    close = true;
                }
            });
        });
    if close || modal.should_close() {
        state.confirm = None;
    }
}
