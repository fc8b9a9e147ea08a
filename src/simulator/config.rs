//! The simulator's settings: timings, and the faults a request can be made to suffer.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Timings of the simulated gateway. Tests shorten them; the defaults are the real ones.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// How long a QR stays valid (`ttl` of `generate_qrcode`).
    pub ttl: Duration,
    /// How long the instance stays in 4 Starting after a scan.
    pub starting_delay: Duration,
    /// How long a `slow` fault waits before answering.
    pub slow_delay: Duration,
    /// How long status 13 shows after a phone-side logout before it becomes 0.
    pub logout_delay: Duration,
    /// Added to every command's answer, as a real gateway's round trip would be.
    pub latency: Duration,
    /// How long each of 1 webSocketOpenining and 2 webSocketOpen lasts when the gateway
    /// reconnects to a phone that came back online.
    pub socket_delay: Duration,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            ttl: Duration::from_secs(20),
            starting_delay: Duration::from_secs(1),
            slow_delay: Duration::from_secs(30),
            logout_delay: Duration::from_secs(1),
            latency: Duration::ZERO,
            socket_delay: Duration::from_millis(500),
        }
    }
}

/// Faults the next requests of an instance can be made to suffer (`POST /_sim/faults`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    Http500,
    HtmlError,
    MalformedJson,
    WrongTypes,
    /// Answers after `slow_delay` (30 s by default).
    Slow,
    /// Closes the connection without answering.
    Drop,
    /// A 10 MB body.
    Oversized,
    /// A QR whose SVG declares 100000000 × 100000000 (only `generate_qrcode` is affected).
    HostileSvg,
}

impl FaultKind {
    pub const ALL: [FaultKind; 8] = [
        FaultKind::Http500,
        FaultKind::HtmlError,
        FaultKind::MalformedJson,
        FaultKind::WrongTypes,
        FaultKind::Slow,
        FaultKind::Drop,
        FaultKind::Oversized,
        FaultKind::HostileSvg,
    ];
}
