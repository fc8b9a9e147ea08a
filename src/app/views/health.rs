//! Health at a glance: connection, device, battery, storage and stats, all from `status.aspx`.
//! The header says how fresh it is (one poll feeds every card); the last good values stay,
//! dimmed, when a poll fails.

use egui::{Color32, RichText, Ui};

use super::style;
use super::widgets::{card, card_with, kv_grid};
use crate::api::{InstanceStatus, LOW_BATTERY, StorageNode};
use crate::app::state::{InstanceState, status_label};
use crate::backend::InstanceId;
use crate::format;
use crate::tr;

/// Storage folders deeper than this are summed into their parent.
const MAX_STORAGE_DEPTH: usize = 4;

/// Health on one screen: three columns (connection and storage; device; battery and stats)
/// when there is room, fewer when not. The header says how fresh it all is, once.
pub fn show(ui: &mut Ui, inst: &InstanceState, reveal_web_id: &mut Option<InstanceId>) {
    let status = inst.status.as_ref();
    let stale = inst.is_stale();
    let dim = |ui: &mut Ui| {
        if stale {
            ui.multiply_opacity(0.6);
        }
    };
    let width = ui.available_width();
    if width >= 900.0 {
        ui.columns(3, |cols| {
            cols.iter_mut().for_each(dim);
            connection(&mut cols[0], inst, status, reveal_web_id);
            cols[0].add_space(GAP);
            battery(&mut cols[0], status);
            device(&mut cols[1], status);
            stats(&mut cols[2], status);
            cols[2].add_space(GAP);
            storage(&mut cols[2], inst, status);
        });
    } else if width >= 600.0 {
        ui.columns(2, |cols| {
            cols.iter_mut().for_each(dim);
            connection(&mut cols[0], inst, status, reveal_web_id);
            cols[0].add_space(GAP);
            battery(&mut cols[0], status);
            cols[0].add_space(GAP);
            stats(&mut cols[0], status);
            device(&mut cols[1], status);
            cols[1].add_space(GAP);
            storage(&mut cols[1], inst, status);
        });
    } else {
        ui.scope(|ui| {
            dim(ui);
            connection(ui, inst, status, reveal_web_id);
            ui.add_space(GAP);
            device(ui, status);
            ui.add_space(GAP);
            battery(ui, status);
            ui.add_space(GAP);
            storage(ui, inst, status);
            ui.add_space(GAP);
            stats(ui, status);
        });
    }
}

/// Between cards.
const GAP: f32 = 6.0;

fn yes_no(value: Option<bool>) -> Option<String> {
    value.map(|v| if v { tr!("yes") } else { tr!("no") })
}

fn connection(
    ui: &mut Ui,
    inst: &InstanceState,
    status: Option<&InstanceStatus>,
    reveal_web_id: &mut Option<InstanceId>,
) {
    let revealed = *reveal_web_id == Some(inst.id);
    let has_web_id = status.is_some_and(|s| s.web_id.is_some());
    let toggle = |ui: &mut Ui, reveal: &mut Option<InstanceId>| {
        if !has_web_id {
            return;
        }
        let text = if revealed { tr!("web-id-hide") } else { tr!("web-id-show") };
        if ui.small_button(text).clicked() {
            *reveal = if revealed { None } else { Some(inst.id) };
        }
    };
    card_with(
        ui,
        &tr!("panel-connection"),
        |ui| toggle(ui, reveal_web_id),
        |ui| {
            let Some(s) = status else { return no_data(ui) };
            let webhook = s.webhook_as_set();
            // The WebID is a secret like the key: masked unless revealed.
            let web_id =
                s.web_id.as_deref().map(|w| if revealed { w.to_owned() } else { crate::api::mask(w) });
            kv_grid(
                ui,
                "connection-grid",
                &[
                    (tr!("field-status"), Some(status_label(s.status))),
                    (tr!("field-connected"), yes_no(s.connected)),
                    (tr!("field-can-restore"), yes_no(s.can_restore_connection)),
                    (tr!("field-user-agent"), s.user_agent.clone()),
                    (tr!("field-webhook"), webhook.clone()),
                    (tr!("field-web-id"), web_id),
                ],
            );
            if webhook.is_some() && webhook != s.webhook {
                ui.label(RichText::new(tr!("webhook-suffix-note")).weak().small());
            }
        },
    );
}

fn device(ui: &mut Ui, status: Option<&InstanceStatus>) {
    card(ui, &tr!("panel-device"), |ui| {
        let Some(info) = status.and_then(|s| s.connection_info.as_ref()) else {
            ui.label(RichText::new(tr!("device-none")).weak());
            return;
        };
        let phone = info.phone.clone().unwrap_or_default();
        let os = match (&phone.os_version, &phone.os_build_number) {
            (Some(v), Some(b)) => Some(format!("{v} ({b})")),
            (Some(v), None) => Some(v.clone()),
            (None, b) => b.clone(),
        };
        let mcc_mnc = match (&phone.mcc, &phone.mnc) {
            (None, None) => None,
            (mcc, mnc) => {
                Some(format!("{} / {}", mcc.as_deref().unwrap_or("—"), mnc.as_deref().unwrap_or("—")))
            }
        };
        let language = match (&info.lg, &info.lc) {
            (Some(lg), Some(lc)) => Some(format!("{lg}-{lc}")),
            (Some(lg), None) => Some(lg.clone()),
            _ => None,
        };
        kv_grid(
            ui,
            "device-grid",
            &[
                (tr!("field-push-name"), info.pushname.clone()),
                (tr!("field-number"), status.and_then(InstanceStatus::phone_number)),
                (tr!("field-model"), phone.device_model.clone()),
                (tr!("field-manufacturer"), phone.device_manufacturer.clone()),
                (tr!("field-platform"), info.platform.clone()),
                (tr!("field-os"), os),
                (tr!("field-wa-version"), phone.wa_version.clone()),
            ],
        );
        egui::CollapsingHeader::new(RichText::new(tr!("device-more")).small()).id_salt("device-more").show(
            ui,
            |ui| {
                kv_grid(
                    ui,
                    "device-more-grid",
                    &[
                        (tr!("field-mcc-mnc"), mcc_mnc),
                        (tr!("field-language"), language),
                        (tr!("field-locales"), info.locales.clone()),
                    ],
                );
            },
        );
    });
}

fn battery(ui: &mut Ui, status: Option<&InstanceStatus>) {
    card(ui, &tr!("panel-battery"), |ui| {
        let info = status.and_then(|s| s.connection_info.as_ref());
        let Some(percent) = info.and_then(|i| i.battery) else {
            ui.label(RichText::new(tr!("battery-not-reported")).weak());
            return;
        };
        let percent = percent.clamp(0, 100);
        let low = percent < LOW_BATTERY;
        let fill = if low { style::error_color(ui.visuals()) } else { style::ok_color(ui.visuals()) };
        let text = RichText::new(format!("{percent} %")).strong().color(if low {
            Color32::WHITE
        } else {
            Color32::BLACK
        });
        let bar = egui::ProgressBar::new(percent as f32 / 100.0).fill(fill).text(text).desired_height(22.0);
        let label = tr!("battery-alt", percent = percent);
        ui.add(bar)
            .on_hover_text(tr!("battery-reported-by-phone"))
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ProgressIndicator, true, label.clone()));
        let charging = match info.and_then(|i| i.plugged) {
            Some(true) => tr!("battery-charging"),
            Some(false) => tr!("battery-on-battery"),
            None => tr!("battery-charging-unknown"),
        };
        ui.horizontal(|ui| {
            ui.label(charging);
            if low {
                ui.label(RichText::new(tr!("battery-low")).color(style::error_color(ui.visuals())).strong());
            }
        });
    });
}

fn stats(ui: &mut Ui, status: Option<&InstanceStatus>) {
    card(ui, &tr!("panel-stats"), |ui| {
        let Some(stats) = status.and_then(|s| s.stats.as_ref()) else {
            return no_data(ui);
        };
        kv_grid(
            ui,
            "stats-grid",
            &[
                (tr!("field-contacts"), stats.contacts.map(format::count)),
                (tr!("field-chats"), stats.chats.map(format::count)),
                (tr!("field-sent"), stats.sent_bytes.map(format::bytes)),
                (tr!("field-received"), stats.received_bytes.map(format::bytes)),
            ],
        );
    });
}

/// The total and the top-level folders as one stacked bar; the whole tree on expand.
fn storage(ui: &mut Ui, inst: &InstanceState, status: Option<&InstanceStatus>) {
    let root = status.and_then(|s| s.storage.as_ref());
    let total = root.and_then(|r| r.bytes).unwrap_or(0);
    let summary = root.map(|r| {
        tr!("storage-total", size = format::bytes(total), files = format::count(r.files.unwrap_or(0)))
    });
    let right = |ui: &mut Ui| {
        if let Some(summary) = summary {
            ui.label(RichText::new(summary).strong());
        }
    };
    card_with(ui, &tr!("panel-storage"), right, |ui| {
        let Some(root) = root else {
            return no_data(ui);
        };
        if root.subs.is_empty() {
            ui.label(RichText::new(tr!("storage-no-folders")).weak());
            return;
        }
        let rows = storage_rows(root);
        let top: Vec<&StorageRow> = rows.iter().filter(|r| r.depth == 0).collect();
        stacked_bar(ui, &top, total);
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 10.0;
            for (i, row) in top.iter().enumerate() {
                let color = folder_color(ui.visuals(), i);
                let (swatch, _) = ui.allocate_exact_size(egui::vec2(9.0, 9.0), egui::Sense::hover());
                ui.painter().rect_filled(swatch, 2.0, color);
                ui.add_space(-6.0);
                ui.label(RichText::new(format!("{} {}", row.name, format::bytes(row.bytes))).small());
            }
        });
        egui::CollapsingHeader::new(RichText::new(tr!("storage-folders")).small())
            .id_salt(("storage-tree", inst.id))
            .show(ui, |ui| {
                egui::Grid::new("storage-grid").num_columns(4).spacing([12.0, 2.0]).show(ui, |ui| {
                    for row in &rows {
                        let indent = "    ".repeat(row.depth);
                        ui.label(format!("{indent}{}", row.name));
                        let fraction = if total == 0 { 0.0 } else { row.bytes as f32 / total as f32 };
                        proportion_bar(ui, fraction, &tr!("storage-bar-alt", folder = row.name.clone()));
                        ui.label(format::bytes(row.bytes));
                        ui.label(
                            RichText::new(tr!("storage-files", files = format::count(row.files))).weak(),
                        );
                        ui.end_row();
                    }
                });
            });
    });
}

/// Distinct colours for the top-level folders, readable on both themes.
fn folder_color(visuals: &egui::Visuals, i: usize) -> Color32 {
    let base = [
        visuals.selection.bg_fill,
        style::ok_color(visuals),
        style::warn_color(visuals),
        style::progress_color(visuals),
        visuals.weak_text_color(),
    ];
    base[i % base.len()]
}

/// One bar, a segment per top-level folder in proportion to its size.
fn stacked_bar(ui: &mut Ui, top: &[&StorageRow], total: u64) {
    let (rect, response) =
        ui.allocate_exact_size(egui::vec2(ui.available_width(), 10.0), egui::Sense::hover());
    let label =
        top.iter().map(|r| format!("{} {}", r.name, format::bytes(r.bytes))).collect::<Vec<_>>().join(", ");
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Meter, true, &label));
    let painter = ui.painter();
    painter.rect_filled(rect, 3.0, ui.visuals().extreme_bg_color);
    if total == 0 {
        return;
    }
    let mut x = rect.left();
    for (i, row) in top.iter().enumerate() {
        let w = rect.width() * row.bytes as f32 / total as f32;
        let seg = egui::Rect::from_min_max(egui::pos2(x, rect.top()), egui::pos2(x + w, rect.bottom()));
        painter.rect_filled(seg, 0.0, folder_color(ui.visuals(), i));
        x += w;
    }
}

/// One line of the storage breakdown.
#[derive(Debug, PartialEq)]
pub struct StorageRow {
    pub depth: usize,
    pub name: String,
    pub bytes: u64,
    pub files: u64,
}

/// Flattens the `Subs` tree below the root, largest folders first at each level.
pub fn storage_rows(root: &StorageNode) -> Vec<StorageRow> {
    fn walk(node: &StorageNode, depth: usize, out: &mut Vec<StorageRow>) {
        let mut subs: Vec<&StorageNode> = node.subs.iter().collect();
        subs.sort_by_key(|s| std::cmp::Reverse(s.bytes.unwrap_or(0)));
        for sub in subs {
            out.push(StorageRow {
                depth,
                name: sub.name.clone().unwrap_or_else(|| "?".into()),
                bytes: sub.bytes.unwrap_or(0),
                files: sub.files.unwrap_or(0),
            });
            if depth + 1 < MAX_STORAGE_DEPTH {
                walk(sub, depth + 1, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(root, 0, &mut out);
    out
}

fn proportion_bar(ui: &mut Ui, fraction: f32, label: &str) {
    let (rect, response) = ui.allocate_exact_size(egui::vec2(140.0, 10.0), egui::Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Meter, true, label));
    let visuals = ui.visuals();
    ui.painter().rect_filled(rect, 3.0, visuals.extreme_bg_color);
    let mut filled = rect;
    filled.set_width((rect.width() * fraction.clamp(0.0, 1.0)).max(if fraction > 0.0 { 2.0 } else { 0.0 }));
    ui.painter().rect_filled(filled, 3.0, visuals.selection.bg_fill);
}

fn no_data(ui: &mut Ui) {
    ui.label(RichText::new(tr!("no-data")).weak());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(name: &str, bytes: u64, subs: Vec<StorageNode>) -> StorageNode {
        StorageNode { name: Some(name.into()), bytes: Some(bytes), files: Some(1), subs }
    }

    #[test]
    fn storage_rows_are_nested_and_sorted_by_size() {
        let root = node(
            "root",
            10,
            vec![
                node("thumb", 1, vec![]),
                node("media", 8, vec![node("audio", 3, vec![]), node("images", 5, vec![])]),
            ],
        );
        let rows: Vec<(usize, String)> = storage_rows(&root).into_iter().map(|r| (r.depth, r.name)).collect();
        assert_eq!(
            rows,
            [(0, "media".into()), (1, "images".into()), (1, "audio".into()), (0, "thumb".into())]
        );
    }
}
