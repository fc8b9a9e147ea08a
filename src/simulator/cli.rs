//! The command line of `witi-sim`: parsed by its main, and the source of its man page.

use std::net::IpAddr;

use clap::Parser;

/// A simulator of the Witi gateway's connection commands, with `/_sim/` control routes.
#[derive(Parser)]
#[command(name = "witi-sim", version, long_about = None)]
pub struct Args {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8787)]
    pub port: u16,
    /// Address to bind; loopback unless you mean to share it.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// An instance's API key; repeat for more instances.
    #[arg(long = "key", default_values_t = [String::from("demo")])]
    pub keys: Vec<String>,
    /// How long each QR code stays valid, in seconds.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub ttl: u64,
    /// How long a `slow` fault waits before answering, in seconds.
    #[arg(long, default_value_t = 30)]
    pub slow_secs: u64,
    /// Share of commands (0.0 to 1.0) that fail with a random fault kind, to rehearse a flaky
    /// gateway.
    #[arg(long, default_value_t = 0.0)]
    pub fault_rate: f64,
    /// Also N instances with the keys fleet-00000, fleet-00001, ..., every other one paired:
    /// a large fleet to try the app with (see scripts/compare_window.py --fleet).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub fleet: usize,
}
