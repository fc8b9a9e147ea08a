//! The one shell of every dialog: a modal with a title (and a line under it), the dialog's own
//! body, then a row with the confirm button (danger-coloured for what cannot be undone), the
//! cancel button and a note. Esc and a click outside cancel; Enter confirms, unless the
//! action is dangerous (then it takes a click, or Tab and Space) or a text field has the keys.

use egui::{RichText, Ui};

use super::style;
use crate::tr;

/// How the confirm button looks, and whether Enter may press it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Normal,
    /// Destructive or hard to undo: red, and never pressed by Enter.
    Danger,
}

/// What happened to the dialog in this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Open,
    Confirmed,
    Cancelled,
}

/// A dialog, described, then shown once per frame with [`Modal::show`].
pub struct Modal {
    id: &'static str,
    title: String,
    subtitle: Option<String>,
    width: Width,
    confirm: Option<(String, Tone, bool)>,
    cancel: String,
    note: Option<RichText>,
}

enum Width {
    AtMost(f32),
    Exactly(f32),
}

impl Modal {
    pub fn new(id: &'static str, title: String) -> Self {
        Self {
            id,
            title,
            subtitle: None,
            width: Width::AtMost(440.0),
            confirm: None,
            cancel: tr!("cancel"),
            note: None,
        }
    }

    /// A weak line under the title (the instance's name).
    pub fn subtitle(mut self, text: impl Into<String>) -> Self {
        self.subtitle = Some(text.into());
        self
    }

    /// At most this wide (text wraps), the default being 440 points.
    pub fn max_width(mut self, width: f32) -> Self {
        self.width = Width::AtMost(width);
        self
    }

    /// Exactly this wide (for forms, whose fields take the width).
    pub fn width(mut self, width: f32) -> Self {
        self.width = Width::Exactly(width);
        self
    }

    pub fn confirm(mut self, label: String, tone: Tone, enabled: bool) -> Self {
        self.confirm = Some((label, tone, enabled));
        self
    }

    /// The cancel button's label ("Cancel" unless set: "Close", "Back").
    pub fn cancel(mut self, label: String) -> Self {
        self.cancel = label;
        self
    }

    /// A short text after the buttons (why Save is disabled, say).
    pub fn note(mut self, note: Option<RichText>) -> Self {
        self.note = note;
        self
    }

    pub fn show(self, ui: &mut Ui, body: impl FnOnce(&mut Ui)) -> Outcome {
        // Asked before the body: Enter in a text field ends the typing, it does not confirm.
        let typing = ui.ctx().egui_wants_keyboard_input();
        let mut outcome = Outcome::Open;
        let modal = egui::Modal::new(egui::Id::unique(self.id)).frame(style::dialog_frame(ui.style())).show(
            ui.ctx(),
            |ui| {
                match self.width {
                    Width::AtMost(w) => ui.set_max_width(w),
                    Width::Exactly(w) => ui.set_width(w),
                }
                ui.label(RichText::new(&self.title).strong().size(17.0));
                if let Some(subtitle) = &self.subtitle {
                    ui.label(RichText::new(subtitle).weak());
                }
                ui.add_space(6.0);
                body(ui);
                ui.add_space(10.0);
                ui.horizontal(|ui| {
                    if let Some((label, tone, enabled)) = &self.confirm {
                        let text = match tone {
                            Tone::Normal => RichText::new(label).strong(),
                            Tone::Danger => {
                                RichText::new(label).strong().color(style::error_color(ui.visuals()))
                            }
                        };
                        if ui.add_enabled(*enabled, egui::Button::new(text)).clicked() {
                            outcome = Outcome::Confirmed;
                        }
                    }
                    if ui.button(&self.cancel).clicked() {
                        outcome = Outcome::Cancelled;
                    }
                    if let Some(note) = self.note {
                        ui.label(note);
                    }
                });
            },
        );
        let enter_confirms = matches!(self.confirm, Some((_, Tone::Normal, true))) && !typing;
        if outcome == Outcome::Open && enter_confirms && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            outcome = Outcome::Confirmed;
        }
        if outcome == Outcome::Open && modal.should_close() {
            outcome = Outcome::Cancelled;
        }
        outcome
    }
}
