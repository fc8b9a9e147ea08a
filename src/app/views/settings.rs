//! Settings (`set_config`): edited as a copy, applied on Save. Only what changed is sent, and a
//! webhook change asks first (it stops the provider's browser use of the instance).

use egui::{RichText, Ui};

use super::modal::{Modal, Outcome, Tone};
use super::style;
use crate::api::url::UrlProblem;
use crate::api::{ApiVersion, DEFAULT_USER_AGENT, InstanceStatus, Settings};
use crate::app::intent::Out;
use crate::app::state::InstanceState;
use crate::backend::Command;
use crate::tr;

/// Common browsers' full user-agent strings (the gateway asks for a full one).
pub const USER_AGENT_PRESETS: [(&str, &str); 5] = [
    // The one the app sends with generate_qrcode.
    ("Chrome (Windows)", DEFAULT_USER_AGENT),
    ("Firefox (Windows)", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"),
    (
        "Edge (Windows)",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
    ),
    (
        "Safari (macOS)",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    ),
    (
        "Opera (Windows)",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0",
    ),
];

#[derive(Debug, Clone, PartialEq)]
pub struct SettingsForm {
    original_webhook: String,
    original_user_agent: String,
    pub webhook: String,
    pub user_agent: String,
    /// `None`: keep what the gateway has (status does not report it).
    pub api_version: Option<ApiVersion>,
    pub bulk: Option<bool>,
    confirming_webhook: bool,
}

impl SettingsForm {
    pub fn from_status(status: Option<&InstanceStatus>) -> Self {
        let webhook = status.and_then(InstanceStatus::webhook_as_set).unwrap_or_default();
        let user_agent = status.and_then(|s| s.user_agent.clone()).unwrap_or_default();
        Self {
            original_webhook: webhook.clone(),
            original_user_agent: user_agent.clone(),
            webhook,
            user_agent,
            api_version: None,
            bulk: None,
            confirming_webhook: false,
        }
    }

    pub fn webhook_changed(&self) -> bool {
        self.webhook.trim() != self.original_webhook
    }

    /// What Save sends: only the fields that changed. `Err` names what is wrong.
    pub fn changes(&self) -> Result<Settings, String> {
        let webhook = self.webhook.trim();
        if self.webhook_changed() && !webhook.is_empty() {
            validate_webhook(webhook)?;
        }
        let user_agent = self.user_agent.trim();
        if user_agent != self.original_user_agent && user_agent.is_empty() {
            return Err(tr!("settings-ua-empty"));
        }
        Ok(Settings {
            webhook: self.webhook_changed().then(|| webhook.to_owned()),
            user_agent: (user_agent != self.original_user_agent).then(|| user_agent.to_owned()),
            bulk: self.bulk,
            api_version: self.api_version,
        })
    }
}

/// A webhook must be an http(s) URL with a host (the one rule of `api::url`).
pub fn validate_webhook(url: &str) -> Result<(), String> {
    match crate::api::url::http_url(url) {
        Ok(_) => Ok(()),
        Err(UrlProblem::NotUrl(_) | UrlProblem::Query) => Err(tr!("settings-webhook-invalid")),
        Err(UrlProblem::Scheme(_)) => Err(tr!("settings-webhook-scheme")),
        Err(UrlProblem::NoHost) => Err(tr!("settings-webhook-host")),
    }
}

/// The settings dialog of `inst`: the form, then (for a webhook change) the confirmation.
/// Returns true when the dialog is done.
pub fn dialog(ui: &mut Ui, inst: &InstanceState, form: &mut SettingsForm, out: &mut Out) -> bool {
    if form.confirming_webhook {
        return confirm_webhook(ui, inst, form, out);
    }
    let changes = form.changes();
    let nothing = matches!(&changes, Ok(s) if *s == Settings::default());
    let note = match &changes {
        Err(e) => Some(RichText::new(e).color(style::error_color(ui.visuals()))),
        Ok(_) if nothing => Some(RichText::new(tr!("settings-no-changes")).weak()),
        Ok(_) => None,
    };
    let outcome = Modal::new("settings", tr!("settings-title"))
        .subtitle(&inst.meta.name)
        .width(560.0)
        .confirm(tr!("save"), Tone::Normal, changes.is_ok() && !nothing)
        .note(note)
        .show(ui, |ui| fields(ui, form));
    if outcome != Outcome::Confirmed {
        return outcome == Outcome::Cancelled;
    }
    match form.changes() {
        // A webhook change stops the provider's browser use: it asks first.
        Ok(settings) if settings.webhook.is_some() => {
            form.confirming_webhook = true;
            false
        }
        Ok(settings) if settings != Settings::default() => {
            out.send(Command::SetConfig(inst.id, settings));
            true
        }
        _ => false,
    }
}

/// The form's fields (also the bulk settings dialog's).
pub(super) fn fields(ui: &mut Ui, form: &mut SettingsForm) {
    let label = ui.label(tr!("settings-webhook"));
    ui.add(
        egui::TextEdit::singleline(&mut form.webhook)
            .hint_text("https://erp.example.com/witi")
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    if form.webhook_changed() {
        ui.label(RichText::new(tr!("settings-webhook-warning")).color(style::warn_color(ui.visuals())));
    }
    ui.add_space(6.0);

    let label = ui.label(tr!("settings-user-agent"));
    let preset = USER_AGENT_PRESETS.iter().find(|(_, ua)| *ua == form.user_agent.trim()).map(|(n, _)| *n);
    egui::ComboBox::from_id_salt("ua-preset")
        .selected_text(preset.map_or_else(|| tr!("settings-ua-custom"), str::to_owned))
        .width(240.0)
        .show_ui(ui, |ui| {
            for (name, ua) in USER_AGENT_PRESETS {
                if ui.selectable_label(preset == Some(name), name).clicked() {
                    form.user_agent = ua.to_owned();
                }
            }
        })
        .response
        .labelled_by(label.id);
    let ua_label = ui.label(RichText::new(tr!("settings-ua-full")).weak().small());
    ui.add(egui::TextEdit::multiline(&mut form.user_agent).desired_rows(2).desired_width(f32::INFINITY))
        .labelled_by(ua_label.id);
    ui.add_space(6.0);

    ui.horizontal(|ui| {
        let label = ui.label(tr!("settings-api-version"));
        egui::ComboBox::from_id_salt("api-version")
            .selected_text(form.api_version.map_or_else(|| tr!("settings-keep"), |v| v.as_str().to_owned()))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut form.api_version, None, tr!("settings-keep"));
                ui.selectable_value(&mut form.api_version, Some(ApiVersion::V1_0), "1.0");
                ui.selectable_value(&mut form.api_version, Some(ApiVersion::V1_1), "1.1");
            })
            .response
            .labelled_by(label.id);
        ui.add_space(16.0);
        let label = ui.label(tr!("settings-bulk"));
        let bulk_text = |b: Option<bool>| match b {
            None => tr!("settings-keep"),
            Some(true) => tr!("settings-on"),
            Some(false) => tr!("settings-off"),
        };
        egui::ComboBox::from_id_salt("bulk")
            .selected_text(bulk_text(form.bulk))
            .show_ui(ui, |ui| {
                for choice in [None, Some(true), Some(false)] {
                    ui.selectable_value(&mut form.bulk, choice, bulk_text(choice));
                }
            })
            .response
            .labelled_by(label.id);
    });
    ui.label(RichText::new(tr!("settings-keep-note")).weak().small());
    ui.label(RichText::new(tr!("settings-bulk-help")).weak().small());
}

/// "Change the webhook?": the old and new address and what it stops. Back returns to the form.
fn confirm_webhook(ui: &mut Ui, inst: &InstanceState, form: &mut SettingsForm, out: &mut Out) -> bool {
    let new = form.webhook.trim();
    let none = || tr!("settings-none");
    let old = if form.original_webhook.is_empty() { none() } else { form.original_webhook.clone() };
    let new_text = if new.is_empty() { none() } else { new.to_owned() };
    let outcome = Modal::new("settings-webhook", tr!("confirm-webhook-title"))
        .subtitle(&inst.meta.name)
        .width(560.0)
        .confirm(tr!("confirm-webhook-yes"), Tone::Danger, true)
        .cancel(tr!("back"))
        .show(ui, |ui| {
            ui.label(tr!("confirm-webhook-body", old = old, new = new_text));
            ui.label(RichText::new(tr!("settings-webhook-warning")).color(style::warn_color(ui.visuals())));
        });
    match outcome {
        Outcome::Confirmed => {
            if let Ok(settings) = form.changes() {
                out.send(Command::SetConfig(inst.id, settings));
            }
            true
        }
        Outcome::Cancelled => {
            form.confirming_webhook = false;
            false
        }
        Outcome::Open => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhooks_are_validated() {
        assert!(validate_webhook("https://erp.example.com/hook").is_ok());
        assert!(validate_webhook("http://10.0.0.5:8080/x?y=1").is_ok());
        assert!(validate_webhook("ftp://erp.example.com").is_err());
        assert!(validate_webhook("erp.example.com").is_err());
        assert!(validate_webhook("https://").is_err());
    }

    #[test]
    fn only_changes_are_sent() {
        let mut status = InstanceStatus::with_code(crate::api::StatusCode::WhatsAppAuthenticated);
        status.web_id = Some("W-1".into());
        status.webhook = Some("http://a.example&wid=W-1".into());
        status.user_agent = Some("Chrome".into());
        let mut form = SettingsForm::from_status(Some(&status));
        assert_eq!(form.webhook, "http://a.example", "edited as the user set it");
        assert_eq!(form.changes().unwrap(), Settings::default());
        form.user_agent = USER_AGENT_PRESETS[1].1.into();
        let s = form.changes().unwrap();
        assert_eq!((s.webhook, s.user_agent.as_deref()), (None, Some(USER_AGENT_PRESETS[1].1)));
        form.webhook = "not a url".into();
        assert!(form.changes().is_err());
        form.webhook = " https://b.example/h ".into();
        assert_eq!(form.changes().unwrap().webhook.as_deref(), Some("https://b.example/h"));
    }
}
