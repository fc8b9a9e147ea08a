//! The egui side: `logic()` drains backend events into the view model, `ui()` draws it.
//! Views never touch the network or the disk: they return [`Action`]s, applied after the frame.

mod fleet;
pub mod state;
mod views;

use std::time::Instant;

use crate::backend::{self, BackendConfig, BackendHandle, Command, InstanceId, InstanceSpec};
use crate::qr::QrImage;
use crate::store::{ConfigFile, Store};
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
}

impl AppOptions {
    pub fn with_instances(instances: Vec<InstanceMeta>) -> Self {
        Self {
            instances,
            ..Self::default()
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
    backend: BackendHandle,
    store: Option<Store>,
    instances: Vec<InstanceState>,
    selected: Option<InstanceId>,
    notices: Vec<Notice>,
    ui_state: UiState,
    next_id: InstanceId,
}

/// Notices kept at most; older ones drop off.
const MAX_NOTICES: usize = 20;

impl WitiApp {
    /// Starts the backend on `runtime` and opens the instances of `options`.
    pub fn new(ctx: &egui::Context, runtime: &tokio::runtime::Handle, options: AppOptions) -> Self {
        views::style::apply(ctx);
        let backend = backend::start_with(runtime, ctx.clone(), options.backend.clone());
        let mut app = Self {
            backend,
            store: options.store,
            instances: Vec::new(),
            selected: None,
            notices: Vec::new(),
            ui_state: UiState::default(),
            next_id: 1,
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
                let found = app
                    .instances
                    .iter()
                    .find(|i| i.meta.name.to_lowercase() == *name)
                    .map(|i| i.id);
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
        self.notices.insert(
            0,
            Notice {
                text,
                warning,
                at: Instant::now(),
            },
        );
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
            instances: self
                .instances
                .iter()
                .filter(|i| i.meta.persist)
                .map(|i| i.meta.to_saved())
                .collect(),
            ..ConfigFile::default()
        };
        self.backend.send(Command::SaveConfig(store.clone(), config));
    }

    fn apply_action(&mut self, action: Action) {
        match action {
            Action::Backend(command) => self.backend.send(command),
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
                    let next = fleet::visible(&self.instances, "")
                        .first()
                        .map(|&i| self.instances[i].id);
                    self.selected = None;
                    self.select(next);
                }
                self.persist();
            }
            Action::DismissNotice(index) => {
                if index < self.notices.len() {
                    self.notices.remove(index);
                }
            }
        }
    }

    /// Applies every pending backend event. Runs in `logic()`, also while the window is hidden.
    fn drain_events(&mut self, ctx: &egui::Context) {
        while let Some(event) = self.backend.try_recv() {
            let Some(id) = event.instance() else {
                if let backend::Event::ConfigSaved { result: Err(error) } = event {
                    self.notice(tr!("notice-save-failed", error = error), true);
                }
                continue;
            };
            let Some(inst) = self.instances.iter_mut().find(|i| i.id == id) else {
                continue;
            };
            let before = inst.code();
            inst.apply(event, |image| {
                let size = [image.side as usize, image.side as usize];
                let color = egui::ColorImage::from_rgba_unmultiplied(size, &image.rgba);
                // Nearest filtering: the image already has whole pixels per module.
                ctx.load_texture(format!("qr-{id}"), color, egui::TextureOptions::NEAREST)
            });
            // Any instance changing state is announced, so that nobody misses one that dropped.
            if let (Some(before), Some(after)) = (before, inst.code())
                && before != after
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

fn spec(id: InstanceId, meta: &InstanceMeta) -> InstanceSpec {
    InstanceSpec {
        id,
        base_url: meta.base_url.clone(),
        key: meta.key.clone(),
        timeout: meta.timeout,
    }
}

impl eframe::App for WitiApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.drain_events(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let mut actions = Vec::new();
        let view = views::View {
            instances: &self.instances,
            selected: self.selected,
            notices: &self.notices,
        };
        views::show(ui, &view, &mut self.ui_state, &mut actions);
        // The window title names the instance on screen (never its key).
        let title = match self.selected() {
            Some(inst) => format!("{} — witi-connect", inst.meta.name),
            None => "witi-connect".to_owned(),
        };
        if self.ui_state.last_title.as_deref() != Some(title.as_str()) {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.ui_state.last_title = Some(title);
        }
        for action in actions {
            self.apply_action(action);
        }
    }
}
