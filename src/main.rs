//! Parses the command line, starts logging and the tokio runtime, and runs the window.

use std::net::SocketAddr;

use clap::Parser;
use witi_connect::api::{ApiKey, DEFAULT_BASE_URL};
use witi_connect::app::{StartInstance, WitiApp};
use witi_connect::simulator::{SimConfig, Simulator};

/// Pair phones by QR, watch instance health and run session operations on the Witi gateway.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// Start the built-in gateway simulator on loopback and open a demo instance.
    #[arg(long, conflicts_with_all = ["base_url", "key"])]
    demo: bool,
    /// The gateway's base URL.
    #[arg(long, value_name = "URL", default_value = DEFAULT_BASE_URL)]
    base_url: String,
    /// The instance's API key (better: the WITI_API_KEY environment variable, which stays out
    /// of the shell history and the process list).
    #[arg(long, env = "WITI_API_KEY", hide_env_values = true)]
    key: Option<String>,
    /// A name for the instance.
    #[arg(long, default_value = "Instance")]
    name: String,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    // Logs go to stderr: stdout carries the demo's base URL and key for scripts.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "warn,witi_connect=info".into()),
        )
        .init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;

    let mut start = Vec::new();
    let mut _simulator = None;
    if args.demo {
        let sim = Simulator::new(SimConfig::default(), ["demo"]);
        let running = runtime.block_on(sim.serve(SocketAddr::from(([127, 0, 0, 1], 0))))?;
        println!(
            "witi-connect demo: simulator at {} with key demo",
            running.base_url
        );
        println!("base_url={}", running.base_url);
        println!("key=demo");
        start.push(StartInstance::new(
            "Demo instance",
            running.base_url.clone(),
            ApiKey::new("demo"),
        ));
        _simulator = Some(running);
    } else if let Some(key) = args.key {
        start.push(StartInstance::new(args.name, args.base_url, ApiKey::new(key)));
    }

    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("witi-connect")
            .with_app_id("witi-connect")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([720.0, 480.0]),
        ..Default::default()
    };
    let handle = runtime.handle().clone();
    eframe::run_native(
        "witi-connect",
        options,
        Box::new(move |cc| Ok(Box::new(WitiApp::new(&cc.egui_ctx, &handle, start)))),
    )?;
    drop(_simulator);
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    Ok(())
}
