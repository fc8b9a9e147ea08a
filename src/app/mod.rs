//! The egui side: `logic()` drains backend events into the view model, `ui()` draws it.
//! Views never touch the network or the disk: they return [`Action`]s, applied after the frame.

mod fleet;
pub mod state;
mod views;

use std::time::Instant;

use crate::backend::{
    self, BackendConfig, BackendHandle, Command, FileFilter, FilePurpose, InstanceId, InstanceSpec,
};
use crate::export;
use crate::i18n;
use crate::prefs::{Prefs, PrefsStore};
use crate::qr::QrImage;
use crate::store::{ConfigFile, Loaded, Store};
use crate::tr;
pub use state::{InstanceMeta, InstanceState};
use views::UiState;

/// What the app starts with.
#[derive(Debug, Clone, Default)]
pub struct AppOptions {
    /// Where the instance list is saved; `None` keeps it in memory (e.g. a file of a newer
    /// version that must not be overwritten).
    pub store: Option<Store>,
    pub instances: Vec<InstanceMeta>,
    /// The name of the instance to open first.
    pub open: Option<String>,
    /// Messages to show at start (a config file moved aside, ...).
    pub notices: Vec<String>,
    pub backend: BackendConfig,
    /// Language, theme, notifications; applied at start.
    pub prefs: Prefs,
    /// Where preference changes are saved; `None` keeps them for this run only.
    pub prefs_store: Option<PrefsStore>,
}

impl AppOptions {
    pub fn with_instances(instances: Vec<InstanceMeta>) -> Self {
        Self { instances, ..Self::default() }
    }

    /// Reads the saved instance list from `store` (blocking: at start, before the window).
    /// A file that cannot be read is moved aside and said so; one that cannot be used (a newer
    /// version) is neither read nor overwritten: the app runs with nothing saved, and says so.
    pub fn load_instances(&mut self, store: Store) {
        match store.load() {
            Ok(Loaded::Config(config)) => {
                self.instances.extend(config.instances.iter().map(InstanceMeta::from_saved));
                self.store = Some(store);
            }
            Ok(Loaded::Missing) => self.store = Some(store),
            Ok(Loaded::MovedAside { backup, reason }) => {
                tracing::warn!("instance list unreadable ({reason}); moved to {}", backup.display());
                let backup = backup.display().to_string();
                self.notices.push(tr!("notice-config-moved", reason = reason, backup = backup));
                self.store = Some(store);
            }
            Err(error) => {
                tracing::error!("{error}");
                self.notices.push(tr!("notice-config-unusable", error = error.to_string()));
            }
        }
    }
}

/// Something the user did that changes the app (not only the backend).
#[derive(Debug, Clone)]
pub enum Action {
    Backend(Command),
    Select(InstanceId),
    Add(InstanceMeta),
    Update(InstanceId, InstanceMeta),
    Remove(InstanceId),
    DismissNotice(usize),
    /// A health report of one instance (or of the fleet when `None`).
    ExportReport {
        id: Option<InstanceId>,
        json: bool,
    },
    ExportList {
        include_keys: bool,
    },
    ImportList,
    SaveQrPng(InstanceId),
    /// New preferences, applied at once and saved.
    SetPrefs(Prefs),
}

/// A message at the top of the window until dismissed: an instance changed state, a file
/// could not be read, ...
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub warning: bool,
    pub at: Instant,
}

pub struct WitiApp {
    ctx: egui::Context,
    backend: BackendHandle,
    store: Option<Store>,
    instances: Vec<InstanceState>,
    selected: Option<InstanceId>,
    notices: Vec<Notice>,
    ui_state: UiState,
    prefs: Prefs,
    prefs_store: Option<PrefsStore>,
    prefs_applied: bool,
    throttle: crate::notify::Throttle,
    /// Desktop notifications sent (newest last, the last 50): what and about which instance.
    notified: Vec<(InstanceId, crate::notify::Reason)>,
    next_id: InstanceId,
    /// When the last file dialog was asked for: an answer within moments means no dialog
    /// could open (no portal, no zenity), which is worth saying; a later `None` is a cancel.
    file_asked_at: Option<Instant>,
}

/// Notices kept at most; older ones drop off.
const MAX_NOTICES: usize = 20;

impl WitiApp {
    /// Starts the backend on `runtime` and opens the instances of `options`.
    pub fn new(ctx: &egui::Context, runtime: &tokio::runtime::Handle, options: AppOptions) -> Self {
        views::style::apply(ctx);
        apply_prefs(ctx, &options.prefs);
        let backend = backend::start_with(runtime, ctx.clone(), options.backend.clone());
        let mut app = Self {
            ctx: ctx.clone(),
            backend,
            store: options.store,
            instances: Vec::new(),
            selected: None,
            notices: Vec::new(),
            ui_state: UiState::default(),
            prefs: options.prefs,
            prefs_store: options.prefs_store,
            prefs_applied: false,
            throttle: Default::default(),
            notified: Vec::new(),
            next_id: 1,
            file_asked_at: None,
        };
        for text in options.notices {
            app.notice(text, true);
        }
        for meta in options.instances {
            app.spawn(meta);
        }
        let wanted = options.open.as_deref().map(str::to_lowercase);
        let first = match &wanted {
            Some(name) => {
                let found = app.instances.iter().find(|i| i.meta.name.to_lowercase() == *name).map(|i| i.id);
                if found.is_none() {
                    app.notice(tr!("notice-no-such-instance", name = name.clone()), true);
                }
                found
            }
            None => None,
        }
        .or_else(|| {
            let order = fleet::visible(&app.instances, "");
            order.first().map(|&i| app.instances[i].id)
        });
        app.select(first);
        app
    }

    fn spawn(&mut self, meta: InstanceMeta) -> InstanceId {
        crate::logging::register_secret(meta.key.expose());
        let id = self.next_id;
        self.next_id += 1;
        self.backend.send(Command::AddInstance(spec(id, &meta)));
        self.instances.push(InstanceState::new(id, meta));
        id
    }

    fn select(&mut self, id: Option<InstanceId>) {
        if let Some(old) = self.selected.filter(|old| Some(*old) != id) {
            // Leaving an instance's pairing view stops its QR requests.
            self.backend.send(Command::CancelPairing(old));
        }
        self.selected = id;
        self.backend.send(Command::Focus(id));
    }

    fn notice(&mut self, text: String, warning: bool) {
        self.notices.insert(0, Notice { text, warning, at: Instant::now() });
        self.notices.truncate(MAX_NOTICES);
    }

    pub fn instances(&self) -> &[InstanceState] {
        &self.instances
    }

    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    pub fn selected(&self) -> Option<&InstanceState> {
        self.instances.iter().find(|i| Some(i.id) == self.selected)
    }

    /// The QR image the app is showing now, as uploaded to its texture.
    /// The window title: the instance on screen by name (never its key or WebID).
    pub fn window_title(&self) -> String {
        match self.selected() {
            Some(inst) => format!("{} — witi-connect", inst.meta.name),
            None => "witi-connect".to_owned(),
        }
    }

    pub fn prefs(&self) -> &Prefs {
        &self.prefs
    }

    pub fn notifications_sent(&self) -> &[(InstanceId, crate::notify::Reason)] {
        &self.notified
    }

    pub fn displayed_qr(&self) -> Option<&QrImage> {
        let inst = self.selected()?;
        let qr = inst.qr.as_ref()?;
        match &inst.pairing {
            backend::PairingPhase::Showing { seq, .. } if *seq == qr.seq => Some(&qr.image),
            _ => None,
        }
    }

    /// Writes the saved instances (on the runtime; the UI thread does no I/O).
    fn persist(&self) {
        let Some(store) = &self.store else { return };
        let config = ConfigFile {
            instances: self.instances.iter().filter(|i| i.meta.persist).map(|i| i.meta.to_saved()).collect(),
            ..ConfigFile::default()
        };
        self.backend.send(Command::SaveConfig(store.clone(), config));
    }

    fn apply_action(&mut self, action: Action) {
        match action {
            Action::Backend(command) => {
                // A refresh shows as pending until its answer (or the poll it joined) comes.
                if let Command::Refresh(id) = &command
                    && let Some(inst) = self.instances.iter_mut().find(|i| i.id == *id && i.fatal.is_none())
                {
                    inst.refresh_pending = true;
                }
                self.backend.send(command)
            }
            Action::Select(id) => self.select(Some(id)),
            Action::Add(meta) => {
                let persist = meta.persist;
                let id = self.spawn(meta);
                self.select(Some(id));
                if persist {
                    self.persist();
                }
            }
            Action::Update(id, meta) => {
                let Some(inst) = self.instances.iter_mut().find(|i| i.id == id) else {
                    return;
                };
                let reconnect = inst.meta.base_url != meta.base_url || inst.meta.key != meta.key;
                crate::logging::register_secret(meta.key.expose());
                if reconnect {
                    // A new address or key is a new client: start the instance afresh.
                    self.backend.send(Command::RemoveInstance(id));
                    self.backend.send(Command::AddInstance(spec(id, &meta)));
                    *inst = InstanceState::new(id, meta);
                    if self.selected == Some(id) {
                        self.backend.send(Command::Focus(Some(id)));
                    }
                } else {
                    inst.meta = meta;
                }
                self.persist();
            }
            Action::Remove(id) => {
                self.backend.send(Command::RemoveInstance(id));
                self.instances.retain(|i| i.id != id);
                if self.selected == Some(id) {
                    let next = fleet::visible(&self.instances, "").first().map(|&i| self.instances[i].id);
                    self.selected = None;
                    self.select(next);
                }
                self.persist();
            }
            Action::SetPrefs(prefs) => {
                apply_prefs(&self.ctx, &prefs);
                if let Some(store) = &self.prefs_store {
                    self.backend.send(Command::SavePrefs(store.clone(), prefs.clone()));
                }
                self.prefs = prefs;
            }
            Action::DismissNotice(index) => {
                if index < self.notices.len() {
                    self.notices.remove(index);
                }
            }
            Action::ExportReport { id, json } => {
                let chosen: Vec<&InstanceState> =
                    self.instances.iter().filter(|i| id.is_none_or(|id| i.id == id)).collect();
                let (contents, ext) = if json {
                    (export::report_json(&chosen), "json")
                } else {
                    (export::report_text(&chosen), "txt")
                };
                let stem = match chosen.as_slice() {
                    [one] if id.is_some() => file_stem(&one.meta.name),
                    _ => "fleet".to_owned(),
                };
                let stamp = chrono::Local::now().format("%Y%m%d-%H%M");
                self.save_file(
                    FilePurpose::Report,
                    format!("witi-report-{stem}-{stamp}.{ext}"),
                    ext,
                    contents.into_bytes(),
                );
            }
            Action::ExportList { include_keys } => {
                let metas: Vec<&InstanceMeta> =
                    self.instances.iter().filter(|i| i.meta.persist).map(|i| &i.meta).collect();
                let contents = export::export_list(&metas, include_keys);
                self.save_file(
                    FilePurpose::InstanceList,
                    "witi-instances.json".into(),
                    "json",
                    contents.into_bytes(),
                );
            }
            Action::ImportList => {
                self.file_asked_at = Some(Instant::now());
                self.backend
                    .send(Command::OpenFile { purpose: FilePurpose::ImportList, filter: filter("json") });
            }
            Action::SaveQrPng(id) => {
                let Some(inst) = self.instances.iter().find(|i| i.id == id) else { return };
                let Some(qr) = &inst.qr else { return };
                let name = format!("witi-qr-{}.png", file_stem(&inst.meta.name));
                let png = qr.image.to_png();
                self.save_file(FilePurpose::QrPng, name, "png", png);
            }
        }
    }

    fn save_file(&mut self, purpose: FilePurpose, file_name: String, ext: &str, contents: Vec<u8>) {
        self.file_asked_at = Some(Instant::now());
        self.backend.send(Command::SaveFile { purpose, file_name, filter: filter(ext), contents });
    }

    /// Merges an instance list into the fleet by name, or refuses it whole with the reason.
    pub fn import_list(&mut self, bytes: &[u8]) {
        let incoming = match export::parse_list(bytes) {
            Ok(list) => list,
            Err(reason) => return self.notice(tr!("notice-import-refused", reason = reason), true),
        };
        let existing: Vec<&InstanceMeta> = self.instances.iter().map(|i| &i.meta).collect();
        let (changes, report) = export::merge(&existing, incoming);
        for change in changes {
            match change {
                export::Change::Add(meta) => {
                    self.spawn(meta);
                }
                export::Change::Update { name, meta } => {
                    if let Some(id) = self.instances.iter().find(|i| i.meta.name == name).map(|i| i.id) {
                        self.apply_action(Action::Update(id, meta));
                    }
                }
            }
        }
        self.persist();
        let skipped: Vec<String> = report.skipped.iter().map(|(n, why)| format!("{n} ({why})")).collect();
        self.notice(
            tr!(
                "notice-imported",
                added = report.added.len(),
                updated = report.updated.len(),
                skipped = report.skipped.len(),
                details = skipped.join(", ")
            ),
            false,
        );
    }

    /// Answers to file dialogs and config saves.
    fn on_app_event(&mut self, event: backend::Event) {
        let quick =
            self.file_asked_at.take().is_some_and(|at| at.elapsed() < std::time::Duration::from_millis(300));
        match event {
            backend::Event::ConfigSaved { result: Err(error) } => {
                self.notice(tr!("notice-save-failed", error = error), true);
            }
            backend::Event::PrefsSaved { result: Err(error) } => {
                self.notice(tr!("notice-prefs-save-failed", error = error), true);
            }
            backend::Event::FileSaved { result: Ok(Some(path)), .. } => {
                self.notice(tr!("notice-file-saved", path = path.display().to_string()), false);
            }
            backend::Event::FileOpened { purpose: FilePurpose::ImportList, result: Ok(Some(bytes)) } => {
                self.import_list(&bytes);
            }
            backend::Event::FileSaved { result: Err(e), .. }
            | backend::Event::FileOpened { result: Err(e), .. } => {
                self.notice(tr!("notice-file-failed", error = e), true);
            }
            backend::Event::FileSaved { result: Ok(None), .. }
            | backend::Event::FileOpened { result: Ok(None), .. }
                if quick =>
            {
                self.notice(tr!("notice-no-file-dialog"), true);
            }
            _ => {}
        }
    }

    /// Applies every pending backend event. Runs in `logic()`, also while the window is hidden.
    fn drain_events(&mut self, ctx: &egui::Context) {
        while let Some(event) = self.backend.try_recv() {
            let Some(id) = event.instance() else {
                self.on_app_event(event);
                continue;
            };
            let Some(inst) = self.instances.iter_mut().find(|i| i.id == id) else {
                continue;
            };
            let before = inst.code();
            let mut reason = None;
            if let backend::Event::Status { status, .. } = &event {
                if let Some(web_id) = &status.web_id {
                    crate::logging::register_secret(web_id);
                }
                reason = crate::notify::reason(inst.status.as_ref(), status);
            }
            inst.apply(event, |image| {
                let size = [image.side as usize, image.side as usize];
                let color = egui::ColorImage::from_rgba_unmultiplied(size, &image.rgba);
                // Nearest filtering: the image already has whole pixels per module.
                ctx.load_texture(format!("qr-{id}"), color, egui::TextureOptions::NEAREST)
            });
            if let Some(reason) = reason
                && self.prefs.notifications
                && self.throttle.allow(id, Instant::now())
            {
                let name = inst.meta.name.clone();
                let state = inst.code().map(state::status_label).unwrap_or_default();
                let (summary, body) = match reason {
                    crate::notify::Reason::LeftPaired => (
                        tr!("notify-left-paired-title", name = name),
                        tr!("notify-left-paired-body", state = state),
                    ),
                    crate::notify::Reason::LowBattery(percent) => (
                        tr!("notify-low-battery-title", name = name, percent = percent),
                        tr!("notify-low-battery-body"),
                    ),
                };
                self.backend.send(Command::Notify { summary, body });
                self.notified.push((id, reason));
                if self.notified.len() > 50 {
                    self.notified.remove(0);
                }
            }
            // Any other instance changing state is announced, so that nobody misses one that
            // dropped; the one on screen shows its change itself (and logs it).
            if let (Some(before), Some(after)) = (before, inst.code())
                && before != after
                && self.selected != Some(id)
            {
                let text = tr!(
                    "notice-state-changed",
                    name = inst.meta.name.clone(),
                    from = state::status_label(before),
                    to = state::status_label(after)
                );
                let warning = before.is_paired();
                self.notice(text, warning);
            }
        }
    }
}

/// Language and theme, at start and when changed (`Action::SetPrefs`).
fn apply_prefs(ctx: &egui::Context, prefs: &Prefs) {
    i18n::set_language(prefs.language.unwrap_or_default());
    ctx.set_theme(prefs.theme.to_egui());
}

fn filter(ext: &str) -> FileFilter {
    let name = match ext {
        "png" => tr!("file-filter-png"),
        "txt" => tr!("file-filter-text"),
        _ => tr!("file-filter-json"),
    };
    FileFilter { name, extensions: vec![ext.into()] }
}

/// A name made safe for a file name: letters, digits and dashes.
fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if stem.is_empty() { "instance".into() } else { stem }
}

fn spec(id: InstanceId, meta: &InstanceMeta) -> InstanceSpec {
    InstanceSpec { id, base_url: meta.base_url.clone(), key: meta.key.clone(), timeout: meta.timeout }
}

impl eframe::App for WitiApp {
    /// The panels' own colour: they paint no background of their own (see
    /// `views::style::side_panel_frame`).
    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        visuals.panel_fill.to_normalized_gamma_f32()
    }

    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        if !std::mem::replace(&mut self.prefs_applied, true) {
            // Again on the first frame: an integration (or a test harness) may set its own
            // theme after the app is created.
            apply_prefs(ctx, &self.prefs);
        }
        self.drain_events(ctx);
        // One tick a minute for everything that ages ("updated 3 min ago") and for the polls
        // sent quietly because nothing changed: an idle window repaints once a minute.
        if !self.instances.is_empty() {
            ctx.request_repaint_after(crate::format::until_next_minute(std::time::SystemTime::now()));
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let mut actions = Vec::new();
        let view = views::View {
            instances: &self.instances,
            selected: self.selected,
            notices: &self.notices,
            prefs: &self.prefs,
        };
        views::show(ui, &view, &mut self.ui_state, &mut actions);
        let title = self.window_title();
        if self.ui_state.last_title.as_deref() != Some(title.as_str()) {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.ui_state.last_title = Some(title);
        }
        for action in actions {
            self.apply_action(action);
        }
    }
}
