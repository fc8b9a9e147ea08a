//! Preferences (language, theme, notifications) and the keyboard shortcuts sheet.

use egui::{RichText, Ui};

use super::modal::{Modal, Outcome};
use crate::app::history::{HistoryCache, Recording};
use crate::app::intent::{Action, Out};
use crate::i18n::Language;
use crate::prefs::{HISTORY_DAYS, Prefs, ThemeChoice};
use crate::tr;

/// Every shortcut, as the sheet (F1) lists them: (keys, what it does).
pub fn shortcut_list() -> Vec<(&'static str, String)> {
    vec![
        ("Ctrl+K, Ctrl+Shift+P", tr!("shortcut-palette")),
        ("F5", tr!("shortcut-refresh")),
        ("Ctrl+N", tr!("shortcut-add")),
        ("Ctrl+F", tr!("shortcut-filter")),
        ("Up, Down", tr!("shortcut-move")),
        ("Ctrl+A", tr!("shortcut-select-all")),
        ("Enter", tr!("shortcut-connect")),
        ("F11", tr!("shortcut-fullscreen")),
        ("Esc", tr!("shortcut-escape")),
        ("F1, ?", tr!("shortcut-help")),
        ("Tab, Space", tr!("shortcut-tab")),
    ]
}

/// The preferences dialog: every change applies at once (and is saved). Returns true when it
/// is closed.
pub fn dialog(ui: &mut Ui, view: &super::View<'_>, out: &mut Out) -> bool {
    let (prefs, run, history) = (view.prefs, view.run_prefs, view.history);
    let mut next = prefs.clone();
    let outcome =
        Modal::new("preferences", tr!("prefs-title")).max_width(460.0).cancel(tr!("close")).show(ui, |ui| {
            ui.label(RichText::new(tr!("prefs-language")).strong());
            // What is in effect shows as chosen (a --lang of this run included); a click is a
            // choice, kept, even of the saved language.
            let shown = run.language.map(Some).unwrap_or(prefs.language);
            ui.horizontal_wrapped(|ui| {
                let system = tr!("prefs-language-system", current = run.system_language.short_name());
                let choices = std::iter::once((None, system))
                    .chain(Language::ALL.map(|l| (Some(l), l.native_name().to_owned())));
                for (choice, name) in choices {
                    if ui.radio(shown == choice, name).clicked()
                        && (choice != shown || run.language.is_some())
                    {
                        out.act(Action::ChooseLanguage(choice));
                    }
                }
            });
            if let Some(lang) = run.language {
                ui.label(RichText::new(tr!("prefs-language-run", lang = lang.tag())).weak().small());
            }
            ui.add_space(8.0);
            ui.label(RichText::new(tr!("prefs-theme")).strong());
            ui.horizontal(|ui| {
                for t in ThemeChoice::ALL {
                    let name = match t {
                        ThemeChoice::System => tr!("prefs-theme-system"),
                        ThemeChoice::Dark => tr!("prefs-theme-dark"),
                        ThemeChoice::Light => tr!("prefs-theme-light"),
                    };
                    ui.radio_value(&mut next.theme, t, name);
                }
            });
            ui.add_space(8.0);
            ui.checkbox(&mut next.notifications, tr!("prefs-notifications"));
            ui.label(RichText::new(tr!("prefs-notifications-help")).weak().small());
            ui.horizontal(|ui| {
                let label = ui.label(tr!("prefs-confirm-polls"));
                egui::ComboBox::from_id_salt("confirm-polls")
                    .selected_text(tr!("prefs-polls", count = i64::from(next.confirm_polls)))
                    .show_ui(ui, |ui| {
                        for n in 1..=3_u32 {
                            ui.selectable_value(
                                &mut next.confirm_polls,
                                n,
                                tr!("prefs-polls", count = i64::from(n)),
                            );
                        }
                    })
                    .response
                    .labelled_by(label.id);
            });
            ui.add_space(8.0);
            fleet_section(ui, &mut next);
            ui.add_space(8.0);
            history_section(ui, &mut next, history, out);
            if let Some(home) = view.key_home {
                ui.add_space(8.0);
                ui.label(RichText::new(tr!("prefs-keys")).strong());
                ui.label(home.describe());
            }
        });
    if next != *prefs {
        out.act(Action::SetPrefs(next));
    }
    outcome != Outcome::Open
}

/// How hard the fleet is polled, and when drops are told together.
fn fleet_section(ui: &mut Ui, next: &mut Prefs) {
    ui.label(RichText::new(tr!("prefs-fleet")).strong());
    ui.horizontal(|ui| {
        let label = ui.label(tr!("prefs-gateway-cap"));
        ui.add(egui::DragValue::new(&mut next.gateway_cap).range(1..=crate::backend::MAX_GATEWAY_CAP))
            .labelled_by(label.id)
            .on_hover_text(tr!("prefs-gateway-cap-hint"));
    });
    ui.horizontal(|ui| {
        let label = ui.label(tr!("prefs-fleet-alert"));
        ui.add(egui::DragValue::new(&mut next.fleet_alert_min).range(2..=50))
            .labelled_by(label.id)
            .on_hover_text(tr!("prefs-fleet-alert-hint"));
    });
}

/// The shortcuts sheet (F1 or ?). Returns true when it is closed.
pub fn shortcuts(ui: &mut Ui) -> bool {
    let outcome = Modal::new("shortcuts", tr!("shortcuts-title")).max_width(480.0).cancel(tr!("close")).show(
        ui,
        |ui| {
            egui::Grid::new("shortcuts-grid").num_columns(2).spacing([18.0, 6.0]).show(ui, |ui| {
                for (keys, what) in shortcut_list() {
                    ui.label(RichText::new(keys).monospace().strong());
                    ui.label(what);
                    ui.end_row();
                }
            });
        },
    );
    outcome != Outcome::Open
}

/// How long history is kept, and where the file is and how big.
fn history_section(ui: &mut Ui, next: &mut Prefs, history: &HistoryCache, out: &mut Out) {
    ui.label(RichText::new(tr!("prefs-history")).strong());
    ui.horizontal(|ui| {
        let label = ui.label(tr!("prefs-history-keep"));
        egui::ComboBox::from_id_salt("history-days")
            .selected_text(tr!("prefs-history-days", days = next.history_days.to_string()))
            .show_ui(ui, |ui| {
                for days in HISTORY_DAYS {
                    let text = tr!("prefs-history-days", days = days.to_string());
                    ui.selectable_value(&mut next.history_days, days, text);
                }
            })
            .response
            .labelled_by(label.id);
    });
    if history.recording != Recording::On {
        ui.label(RichText::new(tr!("prefs-history-off")).weak().small());
        return;
    }
    out.act(Action::WantHistoryInfo);
    if let Some((path, bytes)) = &history.info {
        let text =
            tr!("prefs-history-file", path = path.display().to_string(), size = crate::format::bytes(*bytes));
        ui.label(RichText::new(text).weak().small());
    }
}
