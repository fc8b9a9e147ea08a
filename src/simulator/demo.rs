//! The demo fleet `--demo` opens: one instance to pair, and a few in the states support staff
//! meet every day, so that a newcomer sees every part of the app at once.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use super::{RunningSim, SimConfig, Simulator};

/// Name, key, tags, and the state to set up.
const FLEET: [(&str, &str, &[&str], DemoState); 5] = [
    ("Demo instance", "demo", &["demo"], DemoState::NotConnected),
    ("Loja Centro", "demo-loja-centro", &["varejo", "sp"], DemoState::Paired { battery: 83, plugged: true }),
    ("Clínica Sorriso", "demo-clinica", &["saude"], DemoState::Paired { battery: 12, plugged: false }),
    ("Padaria Pão Quente", "demo-padaria", &["varejo"], DemoState::Closed),
    ("Oficina do Zé", "demo-oficina", &["servicos"], DemoState::PhoneOffline),
];

#[derive(Clone, Copy)]
enum DemoState {
    NotConnected,
    Paired { battery: i64, plugged: bool },
    Closed,
    PhoneOffline,
}

/// An instance of the demo fleet, as the app opens it.
pub struct DemoInstance {
    pub name: &'static str,
    pub key: &'static str,
    pub tags: Vec<String>,
    /// The state it is in now, once paired; `None` if it never was (no made-up history).
    pub paired_then: Option<i64>,
}

/// Starts the simulator on a free loopback port with the demo fleet set up.
pub async fn start(ttl: Duration) -> std::io::Result<(RunningSim, Vec<DemoInstance>)> {
    let config = SimConfig { ttl, ..SimConfig::default() };
    let sim = Simulator::new(config, FLEET.iter().map(|f| f.1));
    for (_, key, _, state) in FLEET {
        sim.with_instance(key, |inst, now, config| {
            let pair = |inst: &mut super::Instance| inst.pair_now(now, config);
            match state {
                DemoState::NotConnected => {}
                DemoState::Paired { battery, plugged } => {
                    pair(inst);
                    inst.set_battery(Some(battery), Some(plugged));
                }
                DemoState::Closed => {
                    pair(inst);
                    let _ = inst.close_session(Instant::now(), config);
                }
                DemoState::PhoneOffline => {
                    pair(inst);
                    let _ = inst.set_phone_online(false, Instant::now(), config);
                }
            }
        });
    }
    let running = sim.serve(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
    let fleet = FLEET
        .iter()
        .map(|(name, key, tags, state)| DemoInstance {
            paired_then: match state {
                DemoState::NotConnected => None,
                DemoState::Paired { .. } => Some(10),
                DemoState::Closed => Some(0),
                DemoState::PhoneOffline => Some(11),
            },
            name,
            key,
            tags: tags.iter().map(|t| t.to_string()).collect(),
        })
        .collect();
    Ok((running, fleet))
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn the_demo_fleet_starts_in_its_states() {
        let (running, fleet) = super::start(std::time::Duration::from_secs(20)).await.unwrap();
        let code = |key: &str| running.sim.state(key).unwrap().status;
        assert_eq!(fleet.len(), 5);
        assert_eq!(code("demo"), 0);
        assert_eq!(code("demo-loja-centro"), 10);
        assert_eq!(running.sim.state("demo-clinica").unwrap().battery, Some(12));
        assert_eq!((code("demo-padaria"), running.sim.state("demo-padaria").unwrap().can_restore), (0, true));
        assert_eq!(code("demo-oficina"), 11);
    }
}
