//! The egui side, split by role as a frame runs: `logic()` drains backend events into the view
//! model (`events.rs`), `ui()` draws it (`views/`) and collects what the user asked for in one
//! [`intent::Out`], which `apply.rs` then applies. Views never touch the network or the disk.

pub mod alerts;
mod apply;
pub mod bulk;
mod events;
pub mod export;
pub mod fleet;
pub mod history;
pub mod intent;
pub mod palette;
pub mod selection;
pub mod state;
mod views;

use std::time::Instant;

use crate::backend::{self, BackendConfig, BackendHandle, Command, InstanceId, InstanceSpec};
use crate::i18n;
use crate::prefs::{Prefs, PrefsStore, RunPrefs};
use crate::qr::QrImage;
use crate::store::{Loaded, Store};
use crate::tr;
pub use intent::{Action, Notice};
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
    /// The desktop's language and the command line's `--lang`/`--theme` for this run.
    pub run_prefs: RunPrefs,
    /// Remember the layout (window size, panel and column widths) across runs: eframe keeps
    /// egui's memory in its storage. Off in demo runs and tests.
    pub remember_layout: bool,
    /// Save the instance list once at start (to move keys from the file to the keyring).
    pub save_at_start: bool,
    /// This window's claim on its instance list: later starts ask it to come forward.
    pub single_window: Option<crate::single::Claim>,
    /// The list as read, with keys kept in the keyring still to read: the backend reads them
    /// after the window opened (thousands take seconds), and those instances start then.
    pub keys_to_read: Option<crate::store::ConfigFile>,
}

impl AppOptions {
    pub fn with_instances(instances: Vec<InstanceMeta>) -> Self {
        Self { instances, ..Self::default() }
    }

    /// Reads the saved instance list from `store` (blocking: at start, before the window).
    /// A file that cannot be read is moved aside and said so; one that cannot be used (a newer
    /// version) is neither read nor overwritten: the app runs with nothing saved, and says so.
    pub fn load_instances(&mut self, store: Store) {
        match store.load_deferring_keys() {
            Ok(Loaded::Config(mut config)) => {
                // Stable ids for the history: added once, nothing else in the file changes.
                if Store::add_missing_ids(&mut config)
                    && let Err(e) = store.save(&config)
                {
                    tracing::warn!("the instance list could not be saved with ids: {e}");
                }
                self.instances.extend(config.instances.iter().map(InstanceMeta::from_saved));
                if let Some(keys) = store.keys() {
                    // Keys still in the file go to the keyring with the first save, on the
                    // runtime (thousands of them take a while), right after the window opens.
                    self.save_at_start = keys.wants_migration(&config);
                    if config.instances.iter().any(|i| i.keyring && i.key.is_empty()) {
                        self.keys_to_read = Some(config.clone());
                    }
                }
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
    run_prefs: RunPrefs,
    prefs_applied: bool,
    throttle: crate::notify::Throttle,
    /// Desktop notifications sent (newest last, the last 50): what and about which instance.
    notified: Vec<(InstanceId, crate::notify::Reason)>,
    next_id: InstanceId,
    /// When the last file dialog was asked for: an answer within moments means no dialog
    /// could open (no portal, no zenity), which is worth saying; a later `None` is a cancel.
    file_asked_at: Option<Instant>,
    history: history::HistoryCache,
    /// Bumped on every change to `instances`: the fleet index rebuilds when it moves.
    generation: u64,
    /// Where each instance is in `instances`: a fleet's events find theirs without a search.
    positions: std::collections::HashMap<InstanceId, usize>,
    index: fleet::FleetIndex,
    /// The bulk run in progress, or the last one until dismissed.
    bulk_job: Option<bulk::BulkJob>,
    next_job: backend::bulk::JobId,
    fleet_drops: alerts::FleetDrops,
    remember_layout: bool,
    /// Where the API keys are (Preferences says it); `None` when nothing is saved.
    key_home: Option<crate::keys::KeyHome>,
    /// The saved instances' AddInstance commands, sent once the first frame is drawn: the
    /// window shows the list at once, then the backend builds 5,000 clients and starts
    /// polling, instead of doing it while the first frame is painted.
    at_start: Option<Vec<Command>>,
    first_frame_drawn: bool,
    started: Instant,
    raised: usize,
    /// The instance whose requests the diagnostics drawer watches.
    watching: Option<InstanceId>,
    /// Instances whose key the keyring is still being asked for: not started until it answers.
    keys_pending: std::collections::HashMap<std::sync::Arc<str>, InstanceId>,
    /// A support bundle waiting for the history's CSV: its instance and the parts so far.
    pending_bundle: Option<(InstanceId, Vec<(String, String)>)>,
}

/// The longest the saved instances wait for the first frame before polling starts anyway.
const START_GRACE: std::time::Duration = std::time::Duration::from_secs(1);

/// Notices kept at most; older ones drop off.
const MAX_NOTICES: usize = 20;

impl WitiApp {
    /// Starts the backend on `runtime` and opens the instances of `options`.
    pub fn new(ctx: &egui::Context, runtime: &tokio::runtime::Handle, options: AppOptions) -> Self {
        views::style::apply(ctx);
        apply_prefs(ctx, &options.prefs, &options.run_prefs);
        let recording = match &options.backend.history {
            Some(_) => history::Recording::On,
            None => history::Recording::Disabled,
        };
        // The user's limit of requests at a time per gateway.
        let config = BackendConfig { max_in_flight: options.prefs.gateway_cap, ..options.backend.clone() };
        let backend = backend::start_with(runtime, ctx.clone(), config);
        let key_home = options.store.as_ref().map(Store::key_home);
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
            run_prefs: options.run_prefs,
            prefs_applied: false,
            throttle: Default::default(),
            notified: Vec::new(),
            next_id: 1,
            file_asked_at: None,
            history: history::HistoryCache::new(recording),
            generation: 0,
            positions: Default::default(),
            index: Default::default(),
            bulk_job: None,
            next_job: 1,
            fleet_drops: Default::default(),
            remember_layout: options.remember_layout,
            key_home,
            at_start: Some(Vec::new()),
            first_frame_drawn: false,
            started: Instant::now(),
            raised: 0,
            watching: None,
            pending_bundle: None,
            keys_pending: Default::default(),
        };
        for text in options.notices {
            app.notice(text, true);
        }
        let waiting: std::collections::HashSet<&str> = options
            .keys_to_read
            .iter()
            .flat_map(|c| &c.instances)
            .filter(|i| i.keyring && i.key.is_empty())
            .map(|i| i.id.as_str())
            .collect();
        for meta in options.instances {
            if waiting.contains(&*meta.uid) {
                let uid = meta.uid.clone();
                let id = app.add_state(meta);
                app.keys_pending.insert(uid, id);
            } else {
                app.spawn(meta);
            }
        }
        if let (Some(config), Some(store)) = (options.keys_to_read, &app.store) {
            app.backend.send(Command::ReadKeys(store.clone(), config));
        }
        if app.at_start.as_ref().is_some_and(Vec::is_empty) {
            app.at_start = None;
        } else {
            ctx.request_repaint_after(START_GRACE);
        }
        if let Some(claim) = options.single_window {
            app.backend.send(Command::Listen(claim));
        }
        let first = match &options.open {
            Some(name) => app.find_by_name(name),
            None => None,
        }
        .or_else(|| {
            let order = fleet::visible(&app.instances, "");
            order.first().map(|&i| app.instances[i].id)
        });
        app.select(first);
        if options.save_at_start {
            app.persist();
        }
        app
    }

    /// The instance called `name` (case aside), or a notice that there is none.
    fn find_by_name(&mut self, name: &str) -> Option<InstanceId> {
        let wanted = name.to_lowercase();
        let found = self.instances.iter().find(|i| i.meta.name.to_lowercase() == wanted).map(|i| i.id);
        if found.is_none() {
            self.notice(tr!("notice-no-such-instance", name = name.to_owned()), true);
        }
        found
    }

    fn spawn(&mut self, meta: InstanceMeta) -> InstanceId {
        let id = self.add_state(meta);
        self.start(id);
        id
    }

    /// Starts an instance of the list in the backend (after the first frame, if not drawn yet).
    fn start(&mut self, id: InstanceId) {
        let Some(&at) = self.positions.get(&id) else { return };
        let meta = &self.instances[at].meta;
        crate::logging::register_secret(meta.key.expose());
        let add = Command::AddInstance(spec(id, meta));
        match &mut self.at_start {
            Some(waiting) => waiting.push(add),
            None => self.backend.send(add),
        }
    }

    /// The keyring answered a batch (after the window opened): those instances start now.
    /// With the last batch, the ones still waiting start without a key (and then say why).
    fn on_keys_read(
        &mut self,
        keys: Vec<(String, crate::api::ApiKey)>,
        done: Option<(Vec<String>, crate::keys::KeyHome)>,
    ) {
        let mut ready: Vec<(std::sync::Arc<str>, Option<crate::api::ApiKey>)> =
            keys.into_iter().map(|(uid, key)| (uid.into(), Some(key))).collect();
        if done.is_some() {
            ready.extend(self.keys_pending.keys().map(|uid| (uid.clone(), None)));
        }
        for (uid, key) in ready {
            let Some(id) = self.keys_pending.remove(&uid) else { continue };
            let Some(&at) = self.positions.get(&id) else { continue }; // removed meanwhile
            if let Some(key) = key {
                self.instances[at].meta.key = key;
            }
            self.start(id);
        }
        self.generation += 1;
        let Some((notices, home)) = done else { return };
        for text in notices {
            self.notice(text, true);
        }
        self.key_home = Some(home);
        // --no-keyring: the keys just read go back to the file.
        if self.store.as_ref().and_then(Store::keys).is_some_and(|k| !k.writes_to_keyring()) {
            self.persist();
        }
    }

    /// The instance in the list, not (yet) started in the backend.
    fn add_state(&mut self, meta: InstanceMeta) -> InstanceId {
        let id = self.next_id;
        self.next_id += 1;
        self.positions.insert(id, self.instances.len());
        self.instances.push(InstanceState::new(id, meta));
        self.generation += 1;
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
        self.notice_in(text, warning, None);
    }

    /// A notice about a drop of `group`'s gateway (replaced when they are told together).
    fn notice_in(&mut self, text: String, warning: bool, group: Option<String>) {
        self.notices.insert(0, Notice { text, warning, at: Instant::now(), group });
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

    /// The window title: the instance on screen by name (never its key or WebID).
    pub fn window_title(&self) -> String {
        match self.selected() {
            Some(inst) => format!("{} — witi-connect", inst.meta.name),
            None => "witi-connect".to_owned(),
        }
    }

    /// The fleet's counts and orders.
    pub fn fleet_index(&self) -> &fleet::FleetIndex {
        &self.index
    }

    fn refresh_index(&mut self) -> bool {
        self.index.refresh(&self.instances, self.generation, &self.ui_state.query, self.ui_state.sort)
    }

    /// The bulk run in progress, or the last one until dismissed.
    pub fn bulk_job(&self) -> Option<&bulk::BulkJob> {
        self.bulk_job.as_ref()
    }

    pub fn prefs(&self) -> &Prefs {
        &self.prefs
    }

    /// What the UI knows of the history.
    pub fn history(&self) -> &history::HistoryCache {
        &self.history
    }

    /// Applies an action as if a view had asked for it (tests drive the app this way where the
    /// UI path is not what they test).
    pub fn act(&mut self, action: intent::Action) {
        self.apply_action(action);
    }

    /// How often a later start asked this window to come forward.
    pub fn raised(&self) -> usize {
        self.raised
    }

    pub fn notifications_sent(&self) -> &[(InstanceId, crate::notify::Reason)] {
        &self.notified
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
}

/// Language and theme, at start and when changed (`Action::SetPrefs`).
fn apply_prefs(ctx: &egui::Context, prefs: &Prefs, run: &RunPrefs) {
    i18n::set_language(run.language(prefs));
    ctx.set_theme(run.theme(prefs).to_egui());
}

fn spec(id: InstanceId, meta: &InstanceMeta) -> InstanceSpec {
    InstanceSpec {
        id,
        uid: meta.uid.clone(),
        name: meta.name.clone(),
        base_url: meta.base_url.clone(),
        key: meta.key.clone(),
        timeout: meta.timeout,
        parked: meta.parked,
    }
}

impl eframe::App for WitiApp {
    /// The panels' own colour: they paint no background of their own (see
    /// `views::style::side_panel_frame`).
    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        visuals.panel_fill.to_normalized_gamma_f32()
    }

    fn persist_egui_memory(&self) -> bool {
        self.remember_layout
    }

    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        if !std::mem::replace(&mut self.prefs_applied, true) {
            // Again on the first frame: an integration (or a test harness) may set its own
            // theme after the app is created.
            apply_prefs(ctx, &self.prefs, &self.run_prefs);
        }
        // After the first frame (or a second, should the window start hidden and draw none).
        if self.at_start.is_some() && (self.first_frame_drawn || self.started.elapsed() >= START_GRACE) {
            for command in self.at_start.take().unwrap_or_default() {
                self.backend.send(command);
            }
        }
        self.drain_events(ctx);
        // One tick a minute for everything that ages ("updated 3 min ago") and for the polls
        // sent quietly because nothing changed: an idle window repaints once a minute.
        if !self.instances.is_empty() {
            ctx.request_repaint_after(crate::format::until_next_minute(std::time::SystemTime::now()));
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.refresh_index();
        let mut out = intent::Out::default();
        let view = views::View {
            index: &self.index,
            bulk: self.bulk_job.as_ref(),
            instances: &self.instances,
            selected: self.selected,
            notices: &self.notices,
            prefs: &self.prefs,
            run_prefs: &self.run_prefs,
            key_home: self.key_home.as_ref(),
            history: &self.history,
        };
        views::show(ui, &view, &mut self.ui_state, &mut out);
        self.watch_exchanges();
        let title = self.window_title();
        if self.ui_state.last_title.as_deref() != Some(title.as_str()) {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.ui_state.last_title = Some(title);
        }
        for action in out.into_actions() {
            self.apply_action(action);
        }
        // The filter, the sort or the list changed in this frame: show it on the next.
        if self.refresh_index() {
            ui.ctx().request_repaint();
        }
        if self.at_start.is_some() && !std::mem::replace(&mut self.first_frame_drawn, true) {
            // The next frame's logic sends them; it comes right after this one is painted.
            ui.ctx().request_repaint();
        }
    }
}
