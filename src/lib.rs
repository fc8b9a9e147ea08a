//! witi-connect: a desktop connection manager for the Witi WhatsApp gateway.
//!
//! - [`api`]: the gateway protocol (client, models, errors); no egui.
//! - [`qr`]: QR data URI → pixels, pure and bounded.
//! - [`backend`]: the tokio side, one task per instance; commands in, events out.
//! - [`simulator`]: a faithful gateway simulator for tests, demo mode and training.
//! - [`i18n`] and [`format`]: every user-visible string and number.

/// The app id: the window's, the `.desktop` file's name and `StartupWMClass`.
pub const APP_ID: &str = "witi-connect";

pub mod api;
pub mod app;
pub mod backend;
pub mod export;
pub mod format;
pub mod i18n;
pub mod logging;
pub mod notify;
pub mod prefs;
pub mod qr;
pub mod simulator;
pub mod store;
