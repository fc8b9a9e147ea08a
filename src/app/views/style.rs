//! Colours and spacing shared by the views.

use egui::{Color32, Visuals};

pub fn apply(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(10.0, 5.0);
        style.spacing.interact_size.y = 26.0;
        meet_wcag_aa(&mut style.visuals);
    });
}

/// WCAG 2 AA asks 4.5:1 for text; aim a little over so that rounding never drops under.
pub const TEXT_CONTRAST: f32 = 4.6;

/// The backgrounds text is drawn on: panels, striped rows and notices, text fields, dialogs,
/// buttons and the selected row.
pub fn text_backgrounds(v: &Visuals) -> [Color32; 6] {
    [
        v.panel_fill,
        v.faint_bg_color,
        v.extreme_bg_color,
        v.window_fill,
        v.widgets.inactive.weak_bg_fill,
        v.selection.bg_fill,
    ]
    .map(|bg| over(bg, v.panel_fill)) // translucent fills as they look on a panel
}

/// egui's weak text (a translucent grey), its light theme's red and orange, and its link
/// blue fall under 4.5:1 on some of these backgrounds: each is moved towards black (light
/// theme) or white (dark) just enough.
fn meet_wcag_aa(v: &mut Visuals) {
    let bgs = text_backgrounds(v);
    v.weak_text_color = Some(readable(v.weak_text_color(), &bgs, v.dark_mode));
    v.override_text_color = Some(readable(v.text_color(), &bgs, v.dark_mode));
    v.error_fg_color = readable(v.error_fg_color, &bgs, v.dark_mode);
    v.warn_fg_color = readable(v.warn_fg_color, &bgs, v.dark_mode);
    v.hyperlink_color = readable(v.hyperlink_color, &bgs, v.dark_mode);
}

/// `fg` (made opaque) lightened or darkened until it reaches [`TEXT_CONTRAST`] on every
/// background of `bgs`.
pub fn readable(fg: Color32, bgs: &[Color32], dark_mode: bool) -> Color32 {
    let target = if dark_mode { Color32::WHITE } else { Color32::BLACK };
    let mut c = over(fg, bgs[0]);
    for _ in 0..50 {
        if bgs.iter().all(|bg| contrast(c, *bg) >= TEXT_CONTRAST) {
            break;
        }
        c = c.lerp_to_gamma(target, 0.08);
    }
    c
}

/// `fg` composited over an opaque `bg`.
fn over(fg: Color32, bg: Color32) -> Color32 {
    let a = fg.a() as f32 / 255.0;
    if a >= 1.0 {
        return fg;
    }
    let [r, g, b, _] = fg.to_srgba_unmultiplied();
    let mix = |f: u8, b: u8| (f as f32 * a + b as f32 * (1.0 - a)).round() as u8;
    Color32::from_rgb(mix(r, bg.r()), mix(g, bg.g()), mix(b, bg.b()))
}

/// The WCAG 2 contrast ratio of two opaque colours (1 to 21).
pub fn contrast(a: Color32, b: Color32) -> f32 {
    fn luminance(c: Color32) -> f32 {
        let ch = |v: u8| {
            let v = v as f32 / 255.0;
            if v <= 0.03928 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * ch(c.r()) + 0.7152 * ch(c.g()) + 0.0722 * ch(c.b())
    }
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// A green that reads well on both themes.
pub fn ok_color(visuals: &Visuals) -> Color32 {
    let green =
        if visuals.dark_mode { Color32::from_rgb(110, 200, 125) } else { Color32::from_rgb(25, 125, 55) };
    readable(green, &text_backgrounds(visuals), visuals.dark_mode)
}

/// The blue of the states on the way to paired (also used as text in the header).
pub fn progress_color(visuals: &Visuals) -> Color32 {
    readable(Color32::from_rgb(70, 140, 230), &text_backgrounds(visuals), visuals.dark_mode)
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
            progress_color(visuals)
        }
        Some(S::WhatsAppAuthenticatedConnectionClosed) => warn_color(visuals),
        Some(S::NoConnection | S::WhatsAppNotAuthenticated) => visuals.weak_text_color(),
        Some(S::Unknown(_)) => warn_color(visuals),
        None => visuals.weak_text_color(),
    }
}

/// The colour of a state's chip, and of the dot of an instance in it: one rule for both.
pub fn chip_color(visuals: &Visuals, chip: crate::app::fleet::Chip) -> Color32 {
    use crate::app::fleet::Chip;
    match chip {
        Chip::Paired => ok_color(visuals),
        Chip::Pairing => progress_color(visuals),
        Chip::NotConnected | Chip::Waiting => visuals.weak_text_color(),
        Chip::SessionClosed => visuals.hyperlink_color,
        Chip::PhoneOffline | Chip::LowBattery => warn_color(visuals),
        Chip::Trouble => error_color(visuals),
        Chip::Parked => visuals.weak_text_color().gamma_multiply(0.5),
    }
}

/// An instance's dot in the lists.
pub fn instance_color(visuals: &Visuals, inst: &crate::app::state::InstanceState) -> Color32 {
    chip_color(visuals, crate::app::fleet::Chip::for_instance(inst))
}

/// Dialogs: the popup frame with room to breathe.
pub fn dialog_frame(style: &egui::Style) -> egui::Frame {
    egui::Frame::popup(style).inner_margin(egui::Margin::same(18))
}

/// A side or top panel without its background: the window is cleared to the panel colour
/// (`WitiApp::clear_color`), so painting it again would only double every pixel's work, which
/// a software renderer (no GPU, as under Xvfb) pays on every frame of a countdown.
pub fn side_panel_frame(style: &egui::Style) -> egui::Frame {
    egui::Frame::side_top_panel(style).fill(Color32::TRANSPARENT)
}

/// The central panel, likewise without its background.
pub fn central_frame(style: &egui::Style) -> egui::Frame {
    egui::Frame::central_panel(style).fill(Color32::TRANSPARENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contrast_formula_matches_wcag() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast(Color32::from_rgb(118, 118, 118), Color32::WHITE) - 4.54).abs() < 0.02);
    }

    /// Every colour text is drawn in reaches AA on every background text is drawn on, in
    /// both themes.
    #[test]
    fn text_meets_wcag_aa_in_both_themes() {
        let ctx = egui::Context::default();
        apply(&ctx);
        for theme in [egui::Theme::Dark, egui::Theme::Light] {
            let v = ctx.style_of(theme).visuals.clone();
            let colours = [
                ("text", v.text_color()),
                ("weak text", v.weak_text_color()),
                ("error", error_color(&v)),
                ("warning", warn_color(&v)),
                ("link", v.hyperlink_color),
                ("ok", ok_color(&v)),
                ("progress", progress_color(&v)),
            ];
            for (name, fg) in colours {
                for bg in text_backgrounds(&v) {
                    let ratio = contrast(over(fg, bg), bg);
                    assert!(ratio >= 4.5, "{theme:?}: {name} {fg:?} on {bg:?} is {ratio:.2}:1");
                }
            }
        }
    }
}
