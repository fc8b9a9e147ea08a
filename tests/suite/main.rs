//! The integration tests, as one test binary: each module below was a file of its own in
//! `tests/`, and each of those linked the whole app, its dependencies and the simulator again
//! (disk and link time that filled a CI machine's disk); one binary builds and links once.
//! Run one part with a filter: `cargo test --test suite ui_bulk::` or `history_store::growth`.
//!
//! Tests that need a process of their own stay in their own files: the language is process-wide
//! (`locale_format`, `ui_pt_br`), the leak hunt sets process-wide logging in a child process,
//! the soak measures the process's memory, and the keyring tests run under their own session
//! bus (`tests/keyring_test.sh`).

#[path = "../common/mod.rs"]
mod common;

mod backend;
mod bulk_backend;
mod client_sim;
mod fixtures;
mod fleet_polling;
mod history_e2e;
mod history_store;
mod hostile_svg;
mod packaging;
mod properties;
mod single_window;
mod ui_app;
mod ui_bulk;
mod ui_csv;
mod ui_diagnostics;
mod ui_fleet;
mod ui_history;
mod ui_keyboard;
mod ui_keys;
mod ui_palette;
