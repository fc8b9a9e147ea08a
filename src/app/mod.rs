//! The egui side: `logic()` drains backend events into the view model, `ui()` draws it.
//! Views never touch the network: they push [`Command`]s, sent after the frame.

pub mod state;
mod views;

use std::time::Duration;

use crate::api::{ApiKey, DEFAULT_TIMEOUT};
use crate::backend::{self, BackendHandle, Command, InstanceId, InstanceSpec};
use crate::qr::QrImage;
pub use state::InstanceState;
use views::UiState;

/// An instance to open at start (from `--demo`, or `--base-url` with `--key`).
#[derive(Debug, Clone)]
pub struct StartInstance {
    pub name: String,
    pub base_url: String,
    pub key: ApiKey,
    pub timeout: Duration,
}

impl StartInstance {
    pub fn new(name: impl Into<String>, base_url: impl Into<String>, key: ApiKey) -> Self {
        Self {
            name: name.into(),
            base_url: base_url.into(),
            key,
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

pub struct WitiApp {
    backend: BackendHandle,
    instances: Vec<InstanceState>,
    selected: Option<InstanceId>,
    ui_state: UiState,
    next_id: InstanceId,
}

impl WitiApp {
    /// Starts the backend on `runtime` and opens `start`'s instances, the first on screen.
    pub fn new(ctx: &egui::Context, runtime: &tokio::runtime::Handle, start: Vec<StartInstance>) -> Self {
        views::style::apply(ctx);
        let backend = backend::start(runtime, ctx.clone());
        let mut app = Self {
            backend,
            instances: Vec::new(),
            selected: None,
            ui_state: UiState::default(),
            next_id: 1,
        };
        for instance in start {
            app.add_instance(instance);
        }
        let first = app.instances.first().map(|i| i.id);
        app.select(first);
        app
    }

    fn add_instance(&mut self, start: StartInstance) -> InstanceId {
        let id = self.next_id;
        self.next_id += 1;
        let host = display_base_url(&start.base_url);
        self.instances
            .push(InstanceState::new(id, start.name, host, start.key.masked()));
        self.backend.send(Command::AddInstance(InstanceSpec {
            id,
            base_url: start.base_url,
            key: start.key,
            timeout: start.timeout,
        }));
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

    pub fn instances(&self) -> &[InstanceState] {
        &self.instances
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

    /// Applies every pending backend event. Runs in `logic()`, also while the window is hidden.
    fn drain_events(&mut self, ctx: &egui::Context) {
        while let Some(event) = self.backend.try_recv() {
            let id = event_instance(&event);
            let Some(inst) = self.instances.iter_mut().find(|i| i.id == id) else {
                continue;
            };
            inst.apply(event, |image| {
                let size = [image.side as usize, image.side as usize];
                let color = egui::ColorImage::from_rgba_unmultiplied(size, &image.rgba);
                // Nearest filtering: the image already has whole pixels per module.
                ctx.load_texture(format!("qr-{id}"), color, egui::TextureOptions::NEAREST)
            });
        }
    }
}

fn event_instance(event: &backend::Event) -> InstanceId {
    use backend::Event as E;
    match event {
        E::Pairing { id, .. }
        | E::QrImage { id, .. }
        | E::Status { id, .. }
        | E::PollFailed { id, .. }
        | E::OperationStarted { id, .. }
        | E::OperationDone { id, .. }
        | E::InstanceFailed { id, .. } => *id,
    }
}

/// The base URL as shown: scheme, host, port and path; never a query.
fn display_base_url(raw: &str) -> String {
    match reqwest::Url::parse(raw.trim()) {
        Ok(mut url) => {
            url.set_query(None);
            url.to_string()
        }
        Err(_) => raw.split('?').next().unwrap_or("").to_owned(),
    }
}

impl eframe::App for WitiApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.drain_events(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let mut outbox = Vec::new();
        let selected = self.selected;
        let inst = self.instances.iter().find(|i| Some(i.id) == selected);
        views::show(ui, inst, &mut self.ui_state, &mut outbox);
        for command in outbox {
            self.backend.send(command);
        }
    }
}
