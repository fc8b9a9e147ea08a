//! witi-connect: a desktop connection manager for the Witi WhatsApp gateway.
//! Layers import downward only: `app` → `backend` → `api`, `qr`; see docs/ARCHITECTURE.md.
//!
//! - [`app`]: the egui side: view model, views, what the user asks for, reports and lists.
//! - [`backend`]: the tokio side, one task per instance; commands in, events out.
//! - [`api`]: the gateway protocol (client, models, errors, the rules of a URL and a key).
//! - [`diagnostics`]: each instance's last requests, redacted, for the drawer and the bundle.
//! - [`qr`]: QR data URI → pixels, pure and bounded.
//! - [`store`]: the instance list on disk, atomic and owner-only.
//! - [`keys`]: API keys in the desktop's keyring, or in that file when there is none.
//! - [`cli`]: the command line (and so the man page).
//! - [`prefs`]: language, theme and notifications on disk.
//! - [`notify`]: when a desktop notification is due (pure), and showing one.
//! - [`logging`]: stderr and a daily file, both with keys and WebIDs redacted.
//! - [`i18n`]: the Fluent catalogues; every user-visible string.
//! - [`format`](mod@format): numbers, sizes, latencies and dates in the user's language.
//! - [`single`]: one window per instance list (a Unix socket).
//! - [`simulator`]: a faithful gateway simulator for tests, demo mode and training.

/// The app id: the window's, the `.desktop` file's name and `StartupWMClass`.
pub const APP_ID: &str = "witi-connect";

pub mod api;
pub mod app;
pub mod backend;
pub mod cli;
pub mod diagnostics;
pub mod format;
pub mod history;
pub mod i18n;
pub mod import;
pub mod keys;
pub mod logging;
pub mod notify;
pub mod prefs;
pub mod qr;
pub mod simulator;
pub mod single;
pub mod store;
