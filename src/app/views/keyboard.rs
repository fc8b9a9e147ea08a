//! The keyboard: every shortcut of the sheet (F1). Keys that type text (Enter, ?, arrows) are
//! left to a text field that has the focus; none act while a dialog is open, but Esc and F1.

use egui::{Key, Modifiers, Ui};

use super::{Dialog, UiState, View, actions, instance_form::InstanceForm, set_fullscreen};
use crate::app::intent::{Action, Out};
use crate::backend::{Command, Operation, PairingPhase};

pub fn handle(ui: &Ui, view: &View<'_>, state: &mut UiState, out: &mut Out) {
    let typing = ui.ctx().egui_wants_keyboard_input();
    // Enter and the arrows belong to a focused widget (a button presses on Enter) if any.
    let focus_free = !typing && ui.memory(|m| m.focused().is_none());
    let pressed = |key| ui.input(|i| i.key_pressed(key) && i.modifiers.is_none());
    let command = |key| ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, key));
    if state.fullscreen_qr && (pressed(Key::Escape) || pressed(Key::F11)) {
        set_fullscreen(ui, state, false);
        return;
    }
    if state.dialog.is_none()
        && (pressed(Key::F1) || (!typing && ui.input(|i| i.key_pressed(Key::Questionmark))))
    {
        state.open(Dialog::Shortcuts);
    }
    // The palette, from anywhere but another dialog (and again to close it).
    let palette =
        command(Key::K) || ui.input_mut(|i| i.consume_key(Modifiers::COMMAND | Modifiers::SHIFT, Key::P));
    if palette {
        match state.dialog {
            None => super::palette::open(view, state),
            Some(Dialog::Palette(_)) => state.dialog = None,
            Some(_) => {}
        }
    }
    if state.dialog.is_some() {
        return;
    }
    if command(Key::N) {
        state.open(Dialog::Instance(InstanceForm::new()));
    }
    if command(Key::F) {
        state.focus_filter = true;
    }
    if state.overview && !typing {
        if command(Key::A) {
            let shown = super::fleet_table::selectable(view, &state.query);
            state.selection.select_all(&shown);
        }
        if pressed(Key::Escape) && !state.selection.is_empty() {
            state.selection.clear();
        }
        // Enter opens the one selected row.
        if focus_free && pressed(Key::Enter) && state.selection.len() == 1 {
            let shown: Vec<_> = view.index.table.iter().map(|&i| view.instances[i].id).collect();
            if let Some(&id) = state.selection.in_order(&shown).first() {
                state.overview = false;
                out.act(Action::Select(id));
            }
        }
    }
    if let Some(inst) = view.selected() {
        if pressed(Key::F5) {
            out.send(Command::Refresh(inst.id));
        }
        let showing = matches!(inst.pairing, PairingPhase::Showing { .. });
        if pressed(Key::F11) && showing {
            set_fullscreen(ui, state, true);
        }
        // Enter does what the card on screen offers first: restore a saved session without
        // the phone, or else ask for a QR.
        if focus_free && pressed(Key::Enter) && !state.overview {
            if actions::can_restore_now(inst) {
                out.send(Command::Run(inst.id, Operation::RestoreSession));
            } else if actions::can_pair(inst) {
                out.send(Command::Pair(inst.id));
            }
        }
    }
    if focus_free && (pressed(Key::ArrowDown) || pressed(Key::ArrowUp)) {
        let order = &view.index.side;
        let at = order.iter().position(|&i| Some(view.instances[i].id) == view.selected);
        let next = match (at, pressed(Key::ArrowDown)) {
            (None, _) => order.first(),
            (Some(at), true) => order.get(at + 1).or(order.last()),
            (Some(at), false) => order.get(at.saturating_sub(1)),
        };
        if let Some(&i) = next {
            state.overview = false;
            out.act(Action::Select(view.instances[i].id));
        }
    }
}
