//! A faithful simulator of the Witi gateway (axum): the same eight commands with the same JSON
//! shapes, a real state machine, real scannable QR codes, and `/_sim/` control routes for
//! scanning, phone events and fault injection. Used by the tests, `--demo` and training.

pub mod cli;
mod config;
mod control;
pub mod demo;
mod listener;
mod routes;
mod state;
mod wire;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use base64::Engine as _;

pub use config::{FaultKind, SimConfig};
pub use control::SimControl;
pub use state::Instance;
pub use wire::SimInstanceState;

/// The simulator's shared state. Cheap to clone; all clones see the same instances.
#[derive(Clone)]
pub struct Simulator {
    inner: Arc<Shared>,
}

struct Shared {
    config: SimConfig,
    instances: Mutex<HashMap<String, Instance>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    connections: Arc<AtomicUsize>,
    /// Chance, in millionths, that a command without an injected fault suffers a random one.
    fault_rate_ppm: AtomicU32,
    /// When each command arrived, if asked for (`record_arrivals`).
    arrivals: Mutex<Option<Vec<Arrival>>>,
    /// Bumped whenever held commands are released (`/_sim/hold`), waking those that wait.
    released: tokio::sync::watch::Sender<u64>,
}

/// A command as it reached the simulator, for tests that look at the traffic over time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrival {
    pub at: Instant,
    pub key: String,
    pub command: String,
}

/// Counts of the traffic the simulator has seen, for politeness tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Traffic {
    pub in_flight: usize,
    pub max_in_flight: usize,
    /// TCP connections accepted since start.
    pub connections: usize,
}

impl Simulator {
    pub fn new<S: Into<String>>(config: SimConfig, keys: impl IntoIterator<Item = S>) -> Self {
        let instances = keys
            .into_iter()
            .map(Into::into)
            .map(|k| {
                let inst = Instance::new(&k);
                (k, inst)
            })
            .collect();
        Self {
            inner: Arc::new(Shared {
                config,
                instances: Mutex::new(instances),
                in_flight: AtomicUsize::new(0),
                max_in_flight: AtomicUsize::new(0),
                connections: Arc::new(AtomicUsize::new(0)),
                fault_rate_ppm: AtomicU32::new(0),
                arrivals: Mutex::new(None),
                released: tokio::sync::watch::Sender::new(0),
            }),
        }
    }

    pub fn config(&self) -> &SimConfig {
        &self.inner.config
    }

    /// Adds an instance (a no-op if the key exists).
    pub fn add_instance(&self, key: &str) {
        self.instances().entry(key.to_owned()).or_insert_with(|| Instance::new(key));
    }

    pub fn has_instance(&self, key: &str) -> bool {
        self.instances().contains_key(key)
    }

    /// Runs `f` on the instance after applying the transitions due by now.
    pub fn with_instance<R>(
        &self,
        key: &str,
        f: impl FnOnce(&mut Instance, Instant, &SimConfig) -> R,
    ) -> Option<R> {
        let now = Instant::now();
        let mut map = self.instances();
        let inst = map.get_mut(key)?;
        inst.tick(now, &self.inner.config);
        Some(f(inst, now, &self.inner.config))
    }

    pub fn state(&self, key: &str) -> Option<SimInstanceState> {
        self.with_instance(key, |i, now, _| i.snapshot(now))
    }

    pub fn traffic(&self) -> Traffic {
        Traffic {
            in_flight: self.inner.in_flight.load(Ordering::SeqCst),
            max_in_flight: self.inner.max_in_flight.load(Ordering::SeqCst),
            connections: self.inner.connections.load(Ordering::SeqCst),
        }
    }

    /// Makes a `rate` share (0.0..=1.0) of commands fail with a fault drawn at random from those
    /// that apply to the command (`FaultKind::ALL`), on top of injected faults. 0 stops them.
    pub fn set_fault_rate(&self, rate: f64) {
        let ppm = (rate.clamp(0.0, 1.0) * 1e6).round() as u32;
        self.inner.fault_rate_ppm.store(ppm, Ordering::SeqCst);
    }

    /// Draws the random fault for one command, if it gets one.
    fn random_fault(&self, command: &str) -> Option<FaultKind> {
        let ppm = self.inner.fault_rate_ppm.load(Ordering::Relaxed);
        if ppm == 0 || rand::random_range(0..1_000_000) >= ppm {
            return None;
        }
        let kinds: Vec<FaultKind> = FaultKind::ALL
            .into_iter()
            .filter(|k| *k != FaultKind::HostileSvg || command == "generate_qrcode.aspx")
            .collect();
        Some(kinds[rand::random_range(0..kinds.len())])
    }

    /// Starts (or stops and clears) recording when each command arrives.
    pub fn record_arrivals(&self, on: bool) {
        *self.arrivals_log() = on.then(Vec::new);
    }

    /// The commands recorded since `record_arrivals(true)`, in order of arrival.
    pub fn arrivals(&self) -> Vec<Arrival> {
        self.arrivals_log().clone().unwrap_or_default()
    }

    fn note_arrival(&self, key: &str, command: &str) {
        if let Some(log) = self.arrivals_log().as_mut() {
            log.push(Arrival { at: Instant::now(), key: key.to_owned(), command: command.to_owned() });
        }
    }

    fn arrivals_log(&self) -> MutexGuard<'_, Option<Vec<Arrival>>> {
        self.inner.arrivals.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn instances(&self) -> MutexGuard<'_, HashMap<String, Instance>> {
        // A panic while holding the lock leaves plain data behind; keep serving it.
        self.inner.instances.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Holds (or releases) the commands of `key` unanswered; `None` for an unknown key.
    pub fn hold_requests(&self, key: &str, held: bool) -> Option<()> {
        self.with_instance(key, |inst, _, _| inst.requests_held = held)?;
        if !held {
            self.inner.released.send_modify(|generation| *generation += 1);
        }
        Some(())
    }

    /// Waits while the commands of `key` are held; counted in the instance's `held` meanwhile
    /// (also when the client gives up and the request is dropped).
    async fn wait_while_held(&self, key: &str) {
        struct Waiting<'a>(&'a Simulator, &'a str);
        impl Drop for Waiting<'_> {
            fn drop(&mut self) {
                self.0.with_instance(self.1, |inst, _, _| inst.held = inst.held.saturating_sub(1));
            }
        }
        let mut released = self.inner.released.subscribe();
        // Checked and counted under one lock: a release cannot slip between the two.
        let held = |inst: &mut Instance, _, _: &_| {
            inst.held += u32::from(inst.requests_held);
            inst.requests_held
        };
        if !self.with_instance(key, held).unwrap_or(false) {
            return;
        }
        let _waiting = Waiting(self, key);
        while self.with_instance(key, |inst, _, _| inst.requests_held).unwrap_or(false) {
            if released.changed().await.is_err() {
                return;
            }
        }
    }

    fn enter_request(&self) -> InFlight {
        let now = self.inner.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.inner.max_in_flight.fetch_max(now, Ordering::SeqCst);
        InFlight(self.inner.clone())
    }

    /// Binds `addr` (use port 0 for any free port) and serves until the returned handle is
    /// dropped or shut down. Must be called within a tokio runtime.
    pub async fn serve(self, addr: SocketAddr) -> std::io::Result<RunningSim> {
        let tcp = tokio::net::TcpListener::bind(addr).await?;
        let local = tcp.local_addr()?;
        let router = routes::router(self.clone());
        let accepted = self.inner.connections.clone();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let service = router.into_make_service_with_connect_info::<listener::KillSwitch>();
            let server = axum::serve(listener::KillableListener { tcp, accepted }, service)
                .with_graceful_shutdown(async move {
                    let _ = rx.await;
                });
            if let Err(e) = server.await {
                tracing::warn!("simulator stopped: {e}");
            }
        });
        let host = match local.ip() {
            std::net::IpAddr::V6(ip) => format!("[{ip}]"),
            ip @ std::net::IpAddr::V4(_) => ip.to_string(),
        };
        Ok(RunningSim {
            base_url: format!("http://{host}:{}/", local.port()),
            addr: local,
            sim: self,
            shutdown: Some(tx),
            task,
        })
    }
}

/// Counts a request in flight until dropped.
struct InFlight(Arc<Shared>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A simulator serving on a socket. Dropping it stops the server.
pub struct RunningSim {
    pub base_url: String,
    pub addr: SocketAddr,
    pub sim: Simulator,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl RunningSim {
    /// Stops accepting, lets requests in flight finish, and waits for the server to end.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = (&mut self.task).await;
    }
}

impl Drop for RunningSim {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// A real, scannable QR code of `payload` as the gateway sends it: an SVG data URI.
pub fn qr_data_uri(payload: &str) -> String {
    data_uri(&qr_svg(payload, None))
}

/// The QR as SVG; `declared_side` overrides the width/height attributes (the hostile fault).
pub(crate) fn qr_svg(payload: &str, declared_side: Option<u64>) -> String {
    let code = qrcode::QrCode::with_error_correction_level(payload.as_bytes(), qrcode::EcLevel::L)
        .or_else(|_| qrcode::QrCode::new(b"payload too long"))
        .expect("a short fixed payload always encodes");
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(264, 264)
        .dark_color(qrcode::render::svg::Color("#000000"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build();
    match declared_side {
        None => svg,
        Some(side) => hostile_size(&svg, side),
    }
}

/// Rewrites the root's width/height to `side`, keeping (or adding) the viewBox.
fn hostile_size(svg: &str, side: u64) -> String {
    let Some(start) = svg.find("<svg") else {
        return svg.to_owned();
    };
    let end = start + svg[start..].find('>').unwrap_or(0);
    let tag = &svg[start..end];
    let attr = |name: &str| -> Option<String> {
        let i = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(tag[i..i + tag[i..].find('"')?].to_owned())
    };
    let (w, h) = (attr("width").unwrap_or("264".into()), attr("height").unwrap_or("264".into()));
    let view_box = attr("viewBox").unwrap_or_else(|| format!("0 0 {w} {h}"));
    let new_tag = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{side}\" height=\"{side}\" viewBox=\"{view_box}\""
    );
    format!("{}{}{}", &svg[..start], new_tag, &svg[end..])
}

pub(crate) fn data_uri(svg: &str) -> String {
    format!("data:image/svg+xml;base64,{}", base64::engine::general_purpose::STANDARD.encode(svg))
}
