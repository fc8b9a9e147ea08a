//! Add or edit an instance: name, base URL, API key (masked unless revealed), tags, notes.

use egui::{RichText, Ui};

use super::modal::{Modal, Outcome, Tone};
use super::{View, style};
use crate::api::url::{self, UrlProblem};
use crate::api::{ApiKey, DEFAULT_BASE_URL};
use crate::app::intent::{Action, Out};
use crate::app::state::{InstanceMeta, InstanceState};
use crate::backend::InstanceId;
use crate::tr;

#[derive(Debug, Clone, PartialEq)]
pub struct InstanceForm {
    editing: Option<(InstanceId, InstanceMeta)>,
    pub name: String,
    pub base_url: String,
    pub key: String,
    pub reveal: bool,
    pub tags: String,
    pub notes: String,
    pub parked: bool,
}

impl InstanceForm {
    pub fn new() -> Self {
        Self {
            editing: None,
            name: String::new(),
            base_url: DEFAULT_BASE_URL.to_owned(),
            key: String::new(),
            reveal: false,
            tags: String::new(),
            notes: String::new(),
            parked: false,
        }
    }

    pub fn edit(inst: &InstanceState) -> Self {
        Self {
            editing: Some((inst.id, inst.meta.clone())),
            name: inst.meta.name.clone(),
            base_url: inst.meta.base_url.clone(),
            key: inst.meta.key.expose().to_owned(),
            reveal: false,
            tags: inst.meta.tags.join(", "),
            notes: inst.meta.notes.clone(),
            parked: inst.meta.parked,
        }
    }

    /// The instance as entered, or what is wrong with it.
    pub fn validate(&self, others: &[InstanceState]) -> Result<InstanceMeta, String> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(tr!("form-name-missing"));
        }
        let editing = self.editing.as_ref().map(|(id, _)| *id);
        if others.iter().any(|o| Some(o.id) != editing && o.meta.name.trim().eq_ignore_ascii_case(name)) {
            return Err(tr!("form-name-taken", name = name.to_owned()));
        }
        match url::base_url(&self.base_url) {
            Err(UrlProblem::Query) => return Err(tr!("form-url-query")),
            Err(_) => return Err(tr!("form-url-invalid")),
            Ok(_) => {}
        }
        let key = ApiKey::new(self.key.trim());
        if !key.is_usable() {
            return Err(tr!("form-key-missing"));
        }
        let tags = self.tags.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect();
        let base = match &self.editing {
            Some((_, meta)) => meta.clone(),
            None => InstanceMeta { persist: true, ..InstanceMeta::new("", "", ApiKey::default()) },
        };
        Ok(InstanceMeta {
            name: name.to_owned(),
            base_url: self.base_url.trim().to_owned(),
            key,
            tags,
            notes: self.notes.trim().to_owned(),
            parked: self.parked,
            ..base
        })
    }

    /// A plain-HTTP address to anything but this computer sends the key in clear text.
    pub fn warning(&self) -> Option<String> {
        let url = reqwest::Url::parse(self.base_url.trim()).ok()?;
        let loopback = match url.host()? {
            ::url::Host::Domain(d) => d.eq_ignore_ascii_case("localhost"),
            ::url::Host::Ipv4(ip) => ip.is_loopback(),
            ::url::Host::Ipv6(ip) => ip.is_loopback(),
        };
        (url.scheme() == "http" && !loopback).then(|| tr!("form-http-warning"))
    }
}

impl Default for InstanceForm {
    fn default() -> Self {
        Self::new()
    }
}

/// The add or edit dialog. Returns true when it is done.
pub fn dialog(ui: &mut Ui, view: &View<'_>, form: &mut InstanceForm, out: &mut Out) -> bool {
    let result = form.validate(view.instances);
    let title = if form.editing.is_some() { tr!("form-edit-title") } else { tr!("form-add-title") };
    let outcome = Modal::new("instance-form", title)
        .width(480.0)
        .confirm(tr!("save"), Tone::Normal, result.is_ok())
        .note(result.as_ref().err().map(|e| RichText::new(e).weak()))
        .show(ui, |ui| fields(ui, form));
    if outcome == Outcome::Confirmed
        && let Ok(meta) = form.validate(view.instances)
    {
        out.act(match &form.editing {
            Some((id, _)) => Action::Update(*id, meta),
            None => Action::Add(meta),
        });
    }
    outcome != Outcome::Open
}

fn fields(ui: &mut Ui, form: &mut InstanceForm) {
    let field = |ui: &mut Ui, label: String, value: &mut String, hint: &str, password: bool| {
        let label = ui.label(label);
        ui.add(
            egui::TextEdit::singleline(value).hint_text(hint).password(password).desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
        ui.add_space(4.0);
    };
    field(ui, tr!("form-name"), &mut form.name, "Loja Centro", false);
    field(ui, tr!("form-base-url"), &mut form.base_url, DEFAULT_BASE_URL, false);
    if let Some(w) = form.warning() {
        ui.label(RichText::new(w).color(style::warn_color(ui.visuals())));
    }
    let reveal = form.reveal;
    field(ui, tr!("form-key"), &mut form.key, "", !reveal);
    ui.checkbox(&mut form.reveal, tr!("form-reveal"));
    field(ui, tr!("form-tags"), &mut form.tags, "varejo, sp", false);
    let label = ui.label(tr!("form-notes"));
    ui.add(egui::TextEdit::multiline(&mut form.notes).desired_rows(2).desired_width(f32::INFINITY))
        .labelled_by(label.id);
    ui.add_space(4.0);
    ui.checkbox(&mut form.parked, tr!("form-parked")).on_hover_text(tr!("form-parked-hint"));
}

/// "Remove this instance?" with what it means. Returns true when it is done.
pub fn remove(ui: &mut Ui, inst: &InstanceState, out: &mut Out) -> bool {
    let outcome = Modal::new("remove-instance", tr!("remove-title", name = inst.meta.name.clone()))
        .max_width(420.0)
        .confirm(tr!("remove"), Tone::Danger, true)
        .show(ui, |ui| {
            ui.label(tr!("remove-body"));
        });
    if outcome == Outcome::Confirmed {
        out.act(Action::Remove(inst.id));
    }
    outcome != Outcome::Open
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_names_what_is_wrong() {
        let mut f = InstanceForm::new();
        assert!(f.validate(&[]).is_err());
        f.name = "Loja".into();
        f.key = "k".into();
        assert!(f.validate(&[]).is_err(), "key too short");
        f.key = "key-123".into();
        let meta = f.validate(&[]).unwrap();
        assert!(meta.persist && meta.base_url == DEFAULT_BASE_URL);
        f.base_url = "ftp://x".into();
        assert!(f.validate(&[]).is_err());
        f.base_url = "https://x/?wid=1".into();
        assert!(f.validate(&[]).is_err());
        f.base_url = "http://10.1.2.3:8080/".into();
        assert!(f.validate(&[]).is_ok() && f.warning().is_some(), "plain http to a LAN host warns");
        f.base_url = "http://127.0.0.1:8787/".into();
        assert!(f.warning().is_none());
        f.tags = " a, ,b ".into();
        assert_eq!(f.validate(&[]).unwrap().tags, ["a", "b"]);
        let other = InstanceState::new(9, InstanceMeta::new("LOJA", "http://h/", ApiKey::new("k-1")));
        assert!(f.validate(&[other]).is_err(), "names are unique, any case");
    }
}
