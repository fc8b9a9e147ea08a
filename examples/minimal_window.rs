//! The floor for `scripts/compare_window.sh`: an empty eframe window of the same eframe
//! version, options and build profile as witi-connect, so that the app's start-up time,
//! memory and CPU are judged against what eframe itself costs on the machine.
//!
//!     cargo run --release --example minimal_window            # nothing changes: no repaints
//!     cargo run --release --example minimal_window -- --tick  # one repaint a second, like a countdown

use std::time::{Duration, Instant};

struct Minimal {
    tick: bool,
    started: Instant,
}

impl eframe::App for Minimal {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            if self.tick {
                ui.label(format!("{} s", self.started.elapsed().as_secs()));
                ui.ctx().request_repaint_after(Duration::from_secs(1));
            } else {
                ui.label("Empty window");
            }
        });
    }
}

fn main() -> eframe::Result {
    let tick = std::env::args().any(|a| a == "--tick");
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("minimal_window")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([900.0, 560.0]),
        ..Default::default()
    };
    eframe::run_native(
        "minimal_window",
        native,
        Box::new(move |_cc| Ok(Box::new(Minimal { tick, started: Instant::now() }))),
    )
}
