//! One button per gateway command, drawn from one table. Destructive ones ask first and say
//! what will happen.

use std::time::Instant;

use egui::{RichText, Ui};

use super::modal::{Modal, Outcome, Tone};
use super::{Dialog, UiState, settings, style};
use crate::api::StatusCode;
use crate::app::intent::Out;
use crate::app::state::{InstanceState, operation_name};
use crate::backend::{Command, Operation};
use crate::format;
use crate::tr;

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

/// A phone is linked to the instance (paired, starting, or paired with the phone offline).
fn linked(inst: &InstanceState) -> bool {
    matches!(
        inst.code(),
        Some(
            StatusCode::WhatsAppAuthenticated
                | StatusCode::WhatsAppAuthenticatedConnectionClosed
                | StatusCode::Starting
        )
    )
}

/// What pressing an operation's button does.
enum Press {
    Send(fn(&InstanceState) -> Command),
    /// Ask first (the operation is destructive).
    Confirm,
    OpenSettings,
}

/// One button of the bar.
struct OpButton {
    op: Operation,
    label: fn() -> String,
    hint: fn() -> String,
    /// Shown on hover while disabled.
    why_not: fn() -> String,
    enabled: fn(&InstanceState) -> bool,
    press: Press,
}

/// The bar, in groups separated by a line: pairing and session keeping, then what ends or
/// clears a session, then settings.
const BAR: [&[OpButton]; 3] = [
    &[
        OpButton {
            op: Operation::GenerateQr,
            label: || tr!("op-generate-qr"),
            hint: || tr!("hint-generate-qr"),
            why_not: || tr!("why-not-generate-qr"),
            enabled: |i| !i.is_paired() && !i.pairing.is_active(),
            press: Press::Send(|i| Command::Pair(i.id)),
        },
        OpButton {
            op: Operation::Status,
            label: || tr!("op-status"),
            hint: || tr!("hint-status"),
            why_not: String::new,
            enabled: |i| !i.refresh_pending,
            press: Press::Send(|i| Command::Refresh(i.id)),
        },
        OpButton {
            op: Operation::SaveSession,
            label: || tr!("op-save-session"),
            hint: || tr!("hint-save-session"),
            why_not: || tr!("why-not-connected"),
            enabled: InstanceState::is_paired,
            press: Press::Send(|i| Command::Run(i.id, Operation::SaveSession)),
        },
        OpButton {
            op: Operation::RestoreSession,
            label: || tr!("op-restore-session"),
            hint: || tr!("hint-restore-session"),
            why_not: || tr!("why-not-restore"),
            enabled: InstanceState::can_restore,
            press: Press::Send(|i| Command::Run(i.id, Operation::RestoreSession)),
        },
    ],
    &[
        OpButton {
            op: Operation::CloseSession,
            label: || format!("{}…", tr!("op-close-session")),
            hint: || tr!("hint-close-session"),
            why_not: || tr!("why-not-linked"),
            enabled: linked,
            press: Press::Confirm,
        },
        OpButton {
            op: Operation::Disconnect,
            label: || format!("{}…", tr!("op-disconnect")),
            hint: || tr!("hint-disconnect"),
            why_not: || tr!("why-not-disconnect"),
            enabled: |i| linked(i) || i.can_restore() || i.pairing.is_active(),
            press: Press::Confirm,
        },
        OpButton {
            op: Operation::Clear,
            label: || format!("{}…", tr!("op-clear")),
            hint: || tr!("hint-clear"),
            why_not: || tr!("why-not-known"),
            enabled: |i| i.code().is_some(),
            press: Press::Confirm,
        },
    ],
    &[OpButton {
        op: Operation::SetConfig,
        label: || format!("{}…", tr!("op-settings")),
        hint: || tr!("hint-settings"),
        why_not: || tr!("why-not-known"),
        enabled: |i| i.code().is_some(),
        press: Press::OpenSettings,
    }],
];

pub fn bar(ui: &mut Ui, inst: &InstanceState, state: &mut UiState, out: &mut Out) {
    ui.horizontal_wrapped(|ui| {
        for (n, group) in BAR.iter().enumerate() {
            if n > 0 {
                ui.separator();
            }
            for button in group.iter() {
                if draw(ui, inst, button) {
                    press(inst, button, state, out);
                }
            }
        }
    });
    last_outcome(ui, inst);
}

/// What the button does: send, ask first, or open the settings form.
fn press(inst: &InstanceState, button: &OpButton, state: &mut UiState, out: &mut Out) {
    match button.press {
        Press::Send(command) => out.send(command(inst)),
        Press::Confirm => state.open(Dialog::Operation(inst.id, button.op)),
        Press::OpenSettings => {
            state.open(Dialog::Settings(inst.id, settings::SettingsForm::from_status(inst.status.as_ref())));
        }
    }
}

/// Every operation of the bar for the command palette: (operation, label, enabled, why not).
pub fn operations(inst: &InstanceState) -> Vec<(Operation, String, bool, String)> {
    BAR.iter()
        .flat_map(|group| group.iter())
        .map(|b| {
            let enabled = available(inst, b);
            (b.op, (b.label)(), enabled, if enabled { (b.hint)() } else { (b.why_not)() })
        })
        .collect()
}

/// Does what the bar's button for `op` does, if it is enabled now.
pub fn run(inst: &InstanceState, op: Operation, state: &mut UiState, out: &mut Out) {
    let button = BAR.iter().flat_map(|group| group.iter()).find(|b| b.op == op);
    if let Some(button) = button.filter(|b| available(inst, b)) {
        press(inst, button, state, out);
    }
}

/// The operation makes sense now, is not already in flight, and the instance is usable.
fn available(inst: &InstanceState, button: &OpButton) -> bool {
    (button.enabled)(inst) && !inst.ops_in_flight.contains(&button.op) && inst.fatal.is_none()
}

/// One button, disabled (with why) when it makes no sense now, with a spinner while its
/// operation is in flight. True when clicked.
fn draw(ui: &mut Ui, inst: &InstanceState, button: &OpButton) -> bool {
    let busy = inst.ops_in_flight.contains(&button.op);
    let enabled = available(inst, button);
    let response = ui
        .add_enabled(enabled, egui::Button::new((button.label)()))
        .on_hover_text((button.hint)())
        .on_disabled_hover_text((button.why_not)());
    if busy {
        ui.spinner();
    }
    response.clicked()
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

/// "Close this session?" and the like: what will happen, and a danger-coloured yes. Returns
/// true when the dialog is done.
pub fn confirm(ui: &mut Ui, inst: &InstanceState, op: Operation, out: &mut Out) -> bool {
    let (title, body, yes) = match op {
        Operation::Disconnect => {
            (tr!("confirm-disconnect-title"), tr!("confirm-disconnect-body"), tr!("op-disconnect"))
        }
        Operation::CloseSession => {
            (tr!("confirm-close-title"), tr!("confirm-close-body"), tr!("op-close-session"))
        }
        Operation::Clear => (tr!("confirm-clear-title"), tr!("confirm-clear-body"), tr!("op-clear")),
        _ => return true,
    };
    let outcome = Modal::new("confirm-operation", title)
        .subtitle(&inst.meta.name)
        .max_width(420.0)
        .confirm(yes, Tone::Danger, true)
        .show(ui, |ui| {
            ui.label(body);
        });
    if outcome == Outcome::Confirmed {
        out.send(Command::Run(inst.id, op));
    }
    outcome != Outcome::Open
}
