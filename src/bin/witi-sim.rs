//! Runs the gateway simulator on its own, for training and for walking the API by hand.

use std::net::SocketAddr;
use std::time::Duration;

use clap::Parser;
use witi_connect::simulator::cli::Args;
use witi_connect::simulator::{SimConfig, Simulator};

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
