//! Pairing: the QR shown large and sharp with its countdown, the scan, the paired banner,
//! and the offer to restore a saved session before any QR.

use std::time::{Duration, Instant};

use egui::{Align, Color32, Layout, RichText, Ui};

use super::{UiState, style};
use crate::app::intent::{Action, Out};
use crate::app::state::InstanceState;
use crate::backend::pairing::MAX_AUTO_REFRESHES;
use crate::backend::{Command, Operation, PairingPhase};
use crate::format;
use crate::tr;

/// The QR is never smaller than this (points a side), and grows with the window to `MAX`.
pub const MIN_QR_SIDE: f32 = 280.0;
const MAX_QR_SIDE: f32 = 720.0;

pub fn show(ui: &mut Ui, inst: &InstanceState, visible_height: f32, state: &mut UiState, out: &mut Out) {
    if let Some(error) = &inst.fatal {
        return banner(ui, |ui| {
            ui.label(
                RichText::new(tr!("instance-unusable")).strong().color(style::error_color(ui.visuals())),
            );
            ui.label(error.to_string());
        });
    }
    match &inst.pairing {
        PairingPhase::Showing { seq, expires_at, attempt, .. } => showing(
            ui,
            inst,
            Shown { seq: *seq, expires_at: *expires_at, attempt: *attempt },
            visible_height,
            state,
            out,
        ),
        PairingPhase::Requesting { attempt } => banner(ui, |ui| {
            ui.horizontal(|ui| {
                ui.spinner();
                let text = if *attempt == 1 { tr!("qr-requesting") } else { tr!("qr-refreshing") };
                ui.label(RichText::new(text).size(16.0));
            });
            cancel_button(ui, inst, out);
        }),
        PairingPhase::Scanned => banner(ui, |ui| {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(RichText::new(tr!("qr-scanned")).size(18.0).strong());
            });
        }),
        PairingPhase::Retrying { retry_at, error, .. } => banner(ui, |ui| {
            let color = style::error_color(ui.visuals());
            ui.label(RichText::new(tr!("qr-request-failed")).strong().color(color));
            ui.label(error.to_string());
            let left = retry_at.saturating_duration_since(Instant::now());
            ui.label(tr!("qr-retry-in", secs = format::secs_left(left)));
            repaint_at_next_second(ui, left);
            ui.horizontal(|ui| {
                if ui.button(tr!("qr-try-now")).clicked() {
                    out.send(Command::CancelPairing(inst.id));
                    out.send(Command::Pair(inst.id));
                }
                cancel_button(ui, inst, out);
            });
        }),
        PairingPhase::Expired { error } => banner(ui, |ui| {
            ui.label(RichText::new(tr!("qr-expired")).size(18.0).strong());
            match error {
                Some(e) => ui.label(RichText::new(e.to_string()).color(style::error_color(ui.visuals()))),
                None => ui.label(tr!("qr-expired-why", refreshes = MAX_AUTO_REFRESHES)),
            };
            if ui.button(RichText::new(tr!("qr-get-new")).size(15.0)).clicked() {
                out.send(Command::Pair(inst.id));
            }
        }),
        PairingPhase::Paired | PairingPhase::Idle if inst.is_paired() => paired(ui, inst),
        PairingPhase::Paired | PairingPhase::Idle => not_connected(ui, inst, out),
    }
}

fn banner(ui: &mut Ui, add: impl FnOnce(&mut Ui)) {
    egui::Frame::group(ui.style()).inner_margin(egui::Margin::same(16)).corner_radius(8.0).show(ui, |ui| {
        ui.set_width(ui.available_width());
        add(ui);
    });
}

fn cancel_button(ui: &mut Ui, inst: &InstanceState, out: &mut Out) {
    if ui.button(tr!("qr-cancel")).on_hover_text(tr!("qr-cancel-hint")).clicked() {
        out.send(Command::CancelPairing(inst.id));
    }
}

/// Asks for one repaint when the whole-second countdown shows its next number.
fn repaint_at_next_second(ui: &Ui, left: Duration) {
    let ms = (left.as_millis() % 1000) as u64;
    let wait = if ms == 0 { 1000 } else { ms };
    ui.ctx().request_repaint_after(Duration::from_millis(wait));
}

/// The QR being shown, from [`PairingPhase::Showing`].
struct Shown {
    seq: u64,
    expires_at: Instant,
    attempt: u32,
}

fn showing(
    ui: &mut Ui,
    inst: &InstanceState,
    Shown { seq, expires_at, attempt }: Shown,
    visible_height: f32,
    state: &mut UiState,
    out: &mut Out,
) {
    let left = expires_at.saturating_duration_since(Instant::now());
    let secs = format::secs_left(left);
    banner(ui, |ui| {
        let width = ui.available_width();
        // 40 points for the card's margins (and a stale banner's room is taken by scrolling).
        let side = (width * 0.55).min(visible_height - 40.0).clamp(MIN_QR_SIDE, MAX_QR_SIDE).floor();
        let wide = width >= side + 260.0;
        let layout = if wide { Layout::left_to_right(Align::Min) } else { Layout::top_down(Align::Min) };
        ui.with_layout(layout, |ui| {
            qr_square(ui, inst, seq, side, secs, state, out);
            ui.add_space(16.0);
            ui.vertical(|ui| {
                ui.label(RichText::new(tr!("qr-scan-title")).size(20.0).strong());
                ui.add_space(6.0);
                for step in [tr!("qr-step-1"), tr!("qr-step-2"), tr!("qr-step-3")] {
                    ui.label(step);
                }
                ui.add_space(12.0);
                let countdown =
                    if secs == 0 { tr!("qr-refreshing") } else { tr!("qr-expires-in", secs = secs) };
                ui.label(RichText::new(countdown).size(22.0).strong());
                ui.label(
                    RichText::new(tr!("qr-attempt", attempt = attempt, total = MAX_AUTO_REFRESHES + 1))
                        .weak(),
                );
                ui.add_space(12.0);
                if ui.button(tr!("qr-fullscreen")).on_hover_text(tr!("qr-fullscreen-hint")).clicked() {
                    super::set_fullscreen(ui, state, true);
                }
                ui.horizontal(|ui| {
                    if ui.button(tr!("qr-new")).on_hover_text(tr!("qr-new-hint")).clicked() {
                        out.send(Command::CancelPairing(inst.id));
                        out.send(Command::Pair(inst.id));
                    }
                    cancel_button(ui, inst, out);
                });
                let has_image = inst.qr.as_ref().is_some_and(|q| q.seq == seq);
                if ui
                    .add_enabled(has_image, egui::Button::new(tr!("qr-save-png")))
                    .on_hover_text(tr!("qr-save-png-hint"))
                    .clicked()
                {
                    out.act(Action::SaveQrPng(inst.id));
                }
            });
        });
    });
    if secs > 0 {
        repaint_at_next_second(ui, left);
    }
}

/// The QR itself: black on white with its quiet zone in every theme, drawn 1:1 in physical
/// pixels so that every module stays sharp.
fn qr_square(
    ui: &mut Ui,
    inst: &InstanceState,
    seq: u64,
    side: f32,
    secs: u64,
    state: &mut UiState,
    out: &mut Out,
) {
    let ppp = ui.ctx().pixels_per_point();
    let side_px = (side * ppp).floor() as u32;
    if state.qr_side_sent.get(&inst.id) != Some(&side_px) {
        state.qr_side_sent.insert(inst.id, side_px);
        out.send(Command::QrDisplaySize { id: inst.id, side_px });
    }
    let (rect, response) = ui.allocate_exact_size(egui::vec2(side, side), egui::Sense::hover());
    let alt = tr!("qr-alt", secs = secs);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, alt.clone()));
    let painter = ui.painter_at(rect);
    let current = inst.qr.as_ref().filter(|q| q.seq == seq);
    // The image has its own white quiet zone and fills the square: no white under it (each
    // pixel painted once, which a software renderer feels at every countdown tick).
    let img_side = current.map_or(0.0, |qr| qr.image.side as f32 / ppp);
    if img_side < side - 1.0 {
        painter.rect_filled(rect, 6.0, Color32::WHITE);
    }
    match (current, &inst.qr_error) {
        (Some(qr), _) => {
            // Place the image on whole physical pixels.
            let min = rect.center() - egui::vec2(img_side, img_side) / 2.0;
            let min = egui::pos2((min.x * ppp).round() / ppp, (min.y * ppp).round() / ppp);
            let img_rect = egui::Rect::from_min_size(min, egui::vec2(img_side, img_side));
            let uv = egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0));
            painter.image(qr.texture.id(), img_rect, uv, Color32::WHITE);
        }
        (None, Some((err_seq, error))) if *err_seq == seq => {
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                tr!("qr-unreadable", error = error.to_string()),
                egui::FontId::proportional(14.0),
                Color32::from_rgb(180, 30, 30),
            );
        }
        _ => {
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                tr!("qr-preparing"),
                egui::FontId::proportional(14.0),
                Color32::DARK_GRAY,
            );
        }
    }
}

/// Full screen: the QR as large as the window allows, the countdown under it, nothing else.
pub fn fullscreen(ui: &mut Ui, inst: &InstanceState, state: &mut UiState, out: &mut Out) {
    let PairingPhase::Showing { seq, expires_at, .. } = &inst.pairing else { return };
    let left = expires_at.saturating_duration_since(Instant::now());
    let secs = format::secs_left(left);
    let countdown = if secs == 0 { tr!("qr-refreshing") } else { tr!("qr-expires-in", secs = secs) };
    let room = ui.available_size() - egui::vec2(32.0, 110.0);
    let side = room.x.min(room.y).max(MIN_QR_SIDE).floor();
    ui.vertical_centered(|ui| {
        ui.add_space(((ui.available_height() - side - 90.0) / 2.0).max(8.0));
        qr_square(ui, inst, *seq, side, secs, state, out);
        ui.add_space(10.0);
        ui.label(RichText::new(format!("{}  ·  {countdown}", inst.meta.name)).size(26.0).strong());
        ui.add_space(6.0);
        if ui.button(tr!("qr-fullscreen-leave")).clicked() {
            super::set_fullscreen(ui, state, false);
        }
    });
    if secs > 0 {
        repaint_at_next_second(ui, left);
    }
}

fn paired(ui: &mut Ui, inst: &InstanceState) {
    // One line: the health below says the rest.
    let status = inst.status.as_ref();
    let info = status.and_then(|s| s.connection_info.as_ref());
    let name = info.and_then(|i| i.pushname.clone()).unwrap_or_else(|| tr!("unknown-value"));
    let number = status.and_then(|s| s.phone_number()).unwrap_or_else(|| tr!("unknown-value"));
    let device =
        info.and_then(|i| i.phone.as_ref()).and_then(|p| p.label()).unwrap_or_else(|| tr!("unknown-device"));
    let frame =
        egui::Frame::group(ui.style()).inner_margin(egui::Margin::symmetric(14, 8)).corner_radius(8.0);
    frame.show(ui, |ui| {
        ui.set_width(ui.available_width());
        let color = style::ok_color(ui.visuals());
        ui.label(
            RichText::new(tr!("paired-as", name = name, number = number, device = device))
                .size(17.0)
                .strong()
                .color(color),
        );
    });
}

fn not_connected(ui: &mut Ui, inst: &InstanceState, out: &mut Out) {
    banner(ui, |ui| {
        if inst.can_restore() {
            ui.label(RichText::new(tr!("restore-offer-title")).size(18.0).strong());
            ui.label(tr!("restore-offer-body"));
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let busy = inst.ops_in_flight.contains(&Operation::RestoreSession);
                if ui
                    .add_enabled(
                        !busy,
                        egui::Button::new(RichText::new(tr!("op-restore-session")).size(15.0)),
                    )
                    .clicked()
                {
                    out.send(Command::Run(inst.id, Operation::RestoreSession));
                }
                if busy {
                    ui.spinner();
                }
                if ui.button(tr!("restore-offer-new-qr")).clicked() {
                    out.send(Command::Pair(inst.id));
                }
            });
        } else {
            ui.label(RichText::new(tr!("not-connected-title")).size(18.0).strong());
            ui.label(tr!("not-connected-body"));
            ui.add_space(6.0);
            if ui
                .button(RichText::new(tr!("connect")).size(16.0))
                .on_hover_text(tr!("connect-hint"))
                .clicked()
            {
                out.send(Command::Pair(inst.id));
            }
        }
    });
}
