//! Colours and spacing shared by the views.

use egui::{Color32, Visuals};

pub fn apply(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(10.0, 5.0);
        style.spacing.interact_size.y = 26.0;
    });
}

/// A green that reads well on both themes.
pub fn ok_color(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode { Color32::from_rgb(110, 200, 125) } else { Color32::from_rgb(25, 125, 55) }
}

pub fn warn_color(visuals: &Visuals) -> Color32 {
    visuals.warn_fg_color
}

pub fn error_color(visuals: &Visuals) -> Color32 {
    visuals.error_fg_color
}

/// The colour of a status dot.
pub fn status_color(visuals: &Visuals, code: Option<crate::api::StatusCode>, stale: bool) -> Color32 {
    use crate::api::StatusCode as S;
    if stale {
        return error_color(visuals);
    }
    match code {
        Some(S::WhatsAppAuthenticated) => ok_color(visuals),
        Some(S::WaitForQrAuthentication | S::Starting | S::WebSocketOpening | S::WebSocketOpen) => {
            Color32::from_rgb(70, 140, 230)
        }
        Some(S::WhatsAppAuthenticatedConnectionClosed) => warn_color(visuals),
        Some(S::NoConnection | S::WhatsAppNotAuthenticated) => visuals.weak_text_color(),
        Some(S::Unknown(_)) => warn_color(visuals),
        None => visuals.weak_text_color(),
    }
}

/// Dialogs: the popup frame with room to breathe.
pub fn dialog_frame(style: &egui::Style) -> egui::Frame {
    egui::Frame::popup(style).inner_margin(egui::Margin::same(18))
}
