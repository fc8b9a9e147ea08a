//! The command palette (Ctrl+K or Ctrl+Shift+P): type to find an operation of the current
//! instance, a view, or any instance by name, number or tag; Up and Down move, Enter runs or
//! opens, Esc closes. The keyboard alone does everything. The matching is `app::palette`.

use egui::{Key, Modifiers, RichText, Ui};

use super::modal::Modal;
use super::{Dialog, UiState, View, actions, instance_form::InstanceForm};
use crate::app::intent::{Action, Out};
use crate::app::palette::{Entry, Kind, Palette, Target};
use crate::app::state::InstanceState;
use crate::backend::InstanceId;
use crate::tr;

const ROW_HEIGHT: f32 = 28.0;
const LIST_HEIGHT: f32 = 360.0;

/// Opens the palette with what there is now.
pub fn open(view: &View<'_>, state: &mut UiState) {
    let entries = entries(view, state);
    state.open(Dialog::Palette(Box::new(Palette::new(entries))));
}

/// The current instance's operations and actions first, then the views, then every instance
/// in the list's order (a filter in the side panel does not hide any here).
fn entries(view: &View<'_>, state: &UiState) -> Vec<Entry> {
    let mut entries = Vec::new();
    let current = view.selected().filter(|_| !state.overview);
    if let Some(inst) = current {
        let name = &inst.meta.name;
        for (op, label, enabled, why) in actions::operations(inst) {
            let detail = if enabled { name.clone() } else { format!("{name} — {why}") };
            entries.push(entry(Target::Operation(inst.id, op), Kind::Operation, label, detail, enabled));
        }
        let more = [
            (Target::Diagnostics(inst.id), tr!("palette-diagnostics")),
            (Target::ExportReport(inst.id), tr!("files-report-text")),
            (Target::EditInstance(inst.id), tr!("edit")),
            (Target::RemoveInstance(inst.id), tr!("remove-ellipsis")),
        ];
        for (target, title) in more {
            entries.push(entry(target, Kind::Operation, title, name.clone(), true));
        }
    }
    let views = [
        (Target::Overview, tr!("overview-button")),
        (Target::AddInstance, format!("{}…", tr!("fleet-add"))),
        (Target::ImportCsv, tr!("files-import-csv")),
        (Target::ImportList, tr!("files-import-list")),
        (Target::ExportList, tr!("files-export-list")),
        (Target::FleetReport, tr!("palette-fleet-report")),
        (Target::Preferences, tr!("prefs-button")),
        (Target::Shortcuts, tr!("palette-shortcuts")),
    ];
    for (target, title) in views {
        entries.push(entry(target, Kind::View, title, String::new(), true));
    }
    // Every instance, whatever the side panel's filter shows.
    entries.extend(view.instances.iter().map(instance_entry));
    entries
}

fn entry(target: Target, kind: Kind, title: String, detail: String, enabled: bool) -> Entry {
    let haystack = format!("{title} {detail}");
    Entry { target, kind, title, detail, enabled, haystack }
}

/// An instance: found by its name, its number (with or without punctuation) and its tags.
fn instance_entry(inst: &InstanceState) -> Entry {
    let number = inst.status.as_ref().and_then(|s| s.phone_number()).unwrap_or_default();
    let status = match inst.code() {
        Some(code) => crate::app::state::status_label(code),
        None => tr!("status-none"),
    };
    let mut detail = status;
    if !number.is_empty() {
        detail = format!("{number} · {detail}");
    }
    if !inst.meta.tags.is_empty() {
        detail = format!("{detail} · {}", inst.meta.tags.join(", "));
    }
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let haystack = format!("{} {detail} {digits}", inst.meta.name);
    Entry {
        target: Target::Instance(inst.id),
        kind: Kind::Instance,
        title: inst.meta.name.clone(),
        detail,
        enabled: true,
        haystack,
    }
}

/// The palette for one frame. Returns whether it closed, and what was chosen.
pub fn show(ui: &mut Ui, palette: &mut Palette) -> (bool, Option<Target>) {
    // The keys the palette answers, taken before the text field sees them.
    let (down, up, enter) = ui.input_mut(|i| {
        (
            i.consume_key(Modifiers::NONE, Key::ArrowDown),
            i.consume_key(Modifiers::NONE, Key::ArrowUp),
            i.consume_key(Modifiers::NONE, Key::Enter),
        )
    });
    if down || up {
        palette.move_highlight(if down { 1 } else { -1 });
    }
    let mut chosen = None;
    let outcome =
        Modal::new("palette", tr!("palette-title")).width(560.0).cancel(tr!("close")).show(ui, |ui| {
            let label = ui.label(tr!("palette-find"));
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut palette.query)
                        .hint_text(tr!("palette-hint"))
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            // Typing goes to the field at once and stays there: the palette is keyboard-first.
            if !field.has_focus() {
                field.request_focus();
            }
            palette.rank();
            ui.label(RichText::new(tr!("palette-count", count = palette.shown.len() as i64)).weak().small());
            egui::ScrollArea::vertical().max_height(LIST_HEIGHT).auto_shrink([false, true]).show_rows(
                ui,
                ROW_HEIGHT,
                palette.shown.len(),
                |ui, rows| {
                    for n in rows {
                        let entry = &palette.entries[palette.shown[n]];
                        let highlighted = n == palette.highlight;
                        let response = row(ui, entry, highlighted);
                        if highlighted && (down || up) {
                            response.scroll_to_me(None);
                        }
                        if response.clicked() && entry.enabled {
                            chosen = Some(entry.target);
                        }
                    }
                },
            );
        });
    if enter && let Some(entry) = palette.chosen().filter(|e| e.enabled) {
        chosen = Some(entry.target);
    }
    (chosen.is_some() || outcome != super::modal::Outcome::Open, chosen)
}

/// One line: the title, the detail after it, the kind at the right; greyed when it cannot run.
fn row(ui: &mut Ui, entry: &Entry, highlighted: bool) -> egui::Response {
    let (rect, response) =
        ui.allocate_exact_size(egui::vec2(ui.available_width(), ROW_HEIGHT), egui::Sense::click());
    let label = if entry.detail.is_empty() {
        entry.title.clone()
    } else {
        format!("{} — {}", entry.title, entry.detail)
    };
    response
        .widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, entry.enabled, highlighted, &label));
    let visuals = ui.visuals();
    if highlighted {
        ui.painter().rect_filled(rect, 5.0, visuals.selection.bg_fill.gamma_multiply(0.6));
    } else if response.hovered() {
        ui.painter().rect_filled(rect, 5.0, visuals.widgets.hovered.weak_bg_fill);
    }
    let strong = if entry.enabled { visuals.strong_text_color() } else { visuals.weak_text_color() };
    let weak = visuals.weak_text_color();
    let kind = match entry.kind {
        Kind::Operation => tr!("palette-kind-operation"),
        Kind::View => tr!("palette-kind-view"),
        Kind::Instance => tr!("palette-kind-instance"),
    };
    let painter = ui.painter_at(rect.shrink2(egui::vec2(8.0, 0.0)));
    let y = rect.center().y;
    let font = egui::FontId::proportional(14.0);
    let small = egui::FontId::proportional(12.0);
    let kind_rect = painter.text(
        egui::pos2(rect.right() - 10.0, y),
        egui::Align2::RIGHT_CENTER,
        kind,
        small.clone(),
        weak,
    );
    let title = painter.text(
        egui::pos2(rect.left() + 10.0, y),
        egui::Align2::LEFT_CENTER,
        &entry.title,
        font,
        strong,
    );
    if !entry.detail.is_empty() {
        // The detail is cut before the kind rather than drawn under it.
        let room = ui.painter_at(egui::Rect::from_x_y_ranges(
            title.right() + 10.0..=kind_rect.left() - 10.0,
            rect.y_range(),
        ));
        room.text(egui::pos2(title.right() + 10.0, y), egui::Align2::LEFT_CENTER, &entry.detail, small, weak);
    }
    response
}

/// Does what the chosen entry says (after the palette closed, so that a dialog it opens stays).
pub fn run(target: Target, view: &View<'_>, state: &mut UiState, out: &mut Out) {
    let instance = |id: InstanceId| view.instances.iter().find(|i| i.id == id);
    match target {
        Target::Operation(id, op) => {
            if let Some(inst) = instance(id) {
                actions::run(inst, op, state, out);
            }
        }
        Target::Instance(id) => {
            state.overview = false;
            out.act(Action::Select(id));
        }
        Target::Diagnostics(id) => {
            state.overview = false;
            out.act(Action::Select(id));
            state.diagnostics_open = true;
        }
        Target::EditInstance(id) => {
            if let Some(inst) = instance(id) {
                state.open(Dialog::Instance(InstanceForm::edit(inst)));
            }
        }
        Target::RemoveInstance(id) => state.open(Dialog::Remove(id)),
        Target::ExportReport(id) => out.act(Action::ExportReport { id: Some(id), json: false }),
        Target::Overview => state.overview = true,
        Target::Preferences => state.open(Dialog::Preferences),
        Target::Shortcuts => state.open(Dialog::Shortcuts),
        Target::AddInstance => state.open(Dialog::Instance(InstanceForm::new())),
        Target::ImportCsv => out.act(Action::ImportCsv),
        Target::ImportList => out.act(Action::ImportList),
        Target::ExportList => state.open(Dialog::ExportList(false)),
        Target::FleetReport => out.act(Action::ExportReport { id: None, json: false }),
    }
}
