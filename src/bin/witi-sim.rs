//! Runs the gateway simulator on its own, for training and for walking the API by hand.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use clap::Parser;
use witi_connect::simulator::{SimConfig, Simulator};

/// A simulator of the Witi gateway's connection commands, with `/_sim/` control routes.
#[derive(Parser)]
#[command(version, long_about = None)]
struct Args {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8787)]
    port: u16,
    /// Address to bind; loopback unless you mean to share it.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// An instance's API key; repeat for more instances.
    #[arg(long = "key", default_values_t = [String::from("demo")])]
    keys: Vec<String>,
    /// How long each QR code stays valid, in seconds.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=600))]
    ttl: u64,
    /// How long a `slow` fault waits before answering, in seconds.
    #[arg(long, default_value_t = 30)]
    slow_secs: u64,
    /// Share of commands (0.0 to 1.0) that fail with a random fault kind, to rehearse a flaky
    /// gateway.
    #[arg(long, default_value_t = 0.0)]
    fault_rate: f64,
    /// Also N instances with the keys fleet-00000, fleet-00001, ..., every other one paired:
    /// a large fleet to try the app with (see scripts/compare_window.py --fleet).
    #[arg(long, default_value_t = 0, value_name = "N")]
    fleet: usize,
}

/// The key of the `n`th instance of `--fleet`.
fn fleet_key(n: usize) -> String {
    format!("fleet-{n:05}")
}

fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .init();
    let args = Args::parse();
    let config = SimConfig {
        ttl: Duration::from_secs(args.ttl),
        slow_delay: Duration::from_secs(args.slow_secs),
        ..SimConfig::default()
    };
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let fleet: Vec<String> = (0..args.fleet).map(fleet_key).collect();
        let sim = Simulator::new(config, args.keys.iter().chain(&fleet).cloned());
        for key in fleet.iter().step_by(2) {
            sim.with_instance(key, |inst, now, config| inst.pair_now(now, config));
        }
        sim.set_fault_rate(args.fault_rate);
        let running = sim.serve(SocketAddr::new(args.bind, args.port)).await?;
        println!("witi-sim listening on {}", running.base_url);
        for key in &args.keys {
            println!("instance key: {key}");
        }
        if let (Some(first), Some(last)) = (fleet.first(), fleet.last()) {
            println!("fleet: {} instances, keys {first} to {last}, every other one paired", fleet.len());
        }
        println!(
            "try: curl -s -X POST '{}generate_qrcode.aspx?wid={}' -H 'Content-Type: application/json' -d '{{\"user_agent\":\"curl\"}}'",
            running.base_url, args.keys[0]
        );
        tokio::signal::ctrl_c().await?;
        running.shutdown().await;
        Ok(())
    })
}
