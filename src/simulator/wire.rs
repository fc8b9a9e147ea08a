//! How a simulated instance looks on the wire: the status object the gateway answers (with a
//! device chosen from the key, so an instance always pairs as the same phone), and the
//! control routes' snapshot.

use std::collections::BTreeMap;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use super::config::FaultKind;
use super::state::{Instance, Phase};
use crate::api::{ConnectionInfo, InstanceStatus, Phone, StorageNode};

/// A simulated device, chosen from the key so that an instance always pairs as the same phone.
struct Device {
    model: &'static str,
    manufacturer: &'static str,
    platform: &'static str,
    os_version: &'static str,
    os_build: &'static str,
    push_name: &'static str,
}

const DEVICES: [Device; 4] = [
    Device {
        model: "iPhone 13",
        manufacturer: "Apple",
        platform: "iphone",
        os_version: "17.5.1",
        os_build: "undefined",
        push_name: "Atendimento Maria",
    },
    Device {
        model: "SM-A546E",
        manufacturer: "samsung",
        platform: "android",
        os_version: "14",
        os_build: "UP1A.231005.007",
        push_name: "Suporte Loja Centro",
    },
    Device {
        model: "moto g84 5G",
        manufacturer: "motorola",
        platform: "android",
        os_version: "13",
        os_build: "T1TCS33.22-52-3",
        push_name: "Vendas João",
    },
    Device {
        model: "Redmi Note 12",
        manufacturer: "Xiaomi",
        platform: "android",
        os_version: "13",
        os_build: "TKQ1.221114.001",
        push_name: "Clínica Sorriso",
    },
];

/// What `/_sim/state` reports: everything a test or a trainer needs, and not the key.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SimInstanceState {
    pub status: i64,
    #[serde(rename = "statusString")]
    pub status_string: String,
    pub token: Option<String>,
    pub token_expires_in_ms: Option<u64>,
    pub can_restore: bool,
    pub webhook: String,
    pub user_agent: String,
    pub api_version: String,
    pub bulk: bool,
    pub battery: Option<i64>,
    pub plugged: Option<bool>,
    pub fault: Option<FaultKind>,
    pub fault_remaining: u32,
    /// Time-driven transitions are held (`/_sim/hold`).
    pub phase_held: bool,
    /// Commands are held unanswered (`/_sim/hold`), and how many wait now.
    pub requests_held: bool,
    pub held_requests: u32,
    /// Commands received, by name (a held one counts when it arrives).
    pub requests: BTreeMap<String, u64>,
}

impl Instance {
    /// The status object as the gateway answers it.
    pub fn status_object(&self) -> InstanceStatus {
        let code = self.code();
        let mut status = InstanceStatus::with_code(code);
        status.web_id = Some(self.web_id.clone());
        status.webhook = (!self.webhook.is_empty()).then(|| format!("{}&wid={}", self.webhook, self.web_id));
        status.user_agent = Some(self.user_agent.clone()).filter(|u| !u.is_empty());
        status.can_restore_connection = Some(self.can_restore);
        status.stats = Some(self.stats.clone());
        status.storage = Some(self.storage_tree());
        if self.is_linked() {
            status.connection_info = Some(self.connection_info());
        }
        status
    }

    fn connection_info(&self) -> ConnectionInfo {
        let device = &DEVICES[(self.seed % DEVICES.len() as u64) as usize];
        let number = 5_511_900_000_000_u64 + self.seed % 100_000_000;
        let online = matches!(self.phase, Phase::Paired);
        ConnectionInfo {
            lg: Some("pt".into()),
            lc: Some("BR".into()),
            phone: Some(Phone {
                device_model: Some(device.model.into()),
                wa_version: Some("2.24.18.80".into()),
                mcc: Some("724".into()),
                os_version: Some(device.os_version.into()),
                os_build_number: Some(device.os_build.into()),
                device_manufacturer: Some(device.manufacturer.into()),
                mnc: Some("031".into()),
            }),
            battery: self.battery,
            tos: Some(0),
            pushname: Some(device.push_name.into()),
            proto_version: Some(vec![0, 17]),
            plugged: self.plugged,
            platform: Some(device.platform.into()),
            wid: Some(format!("{number}@s.whatsapp.net")),
            connected: Some(online),
            is_response: Some(false),
            bin_version: Some(10),
            locales: Some("pt-BR,en-US".into()),
        }
    }

    /// The storage tree: the WebID folder at the root, folders nested by their paths.
    fn storage_tree(&self) -> StorageNode {
        fn insert(node: &mut StorageNode, path: &[&str], bytes: u64, files: u64) {
            let Some((first, rest)) = path.split_first() else {
                return;
            };
            let idx = match node.subs.iter().position(|s| s.name.as_deref() == Some(*first)) {
                Some(i) => i,
                None => {
                    node.subs.push(StorageNode {
                        name: Some(first.to_string()),
                        bytes: Some(0),
                        files: Some(0),
                        subs: vec![],
                    });
                    node.subs.len() - 1
                }
            };
            let child = &mut node.subs[idx];
            child.bytes = Some(child.bytes.unwrap_or(0) + bytes);
            child.files = Some(child.files.unwrap_or(0) + files);
            insert(child, rest, bytes, files);
        }
        let mut root =
            StorageNode { name: Some(self.web_id.clone()), bytes: Some(0), files: Some(0), subs: vec![] };
        for (path, (bytes, files)) in &self.folders {
            let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
            root.bytes = Some(root.bytes.unwrap_or(0) + bytes);
            root.files = Some(root.files.unwrap_or(0) + files);
            insert(&mut root, &parts, *bytes, *files);
        }
        root
    }

    pub fn snapshot(&self, now: Instant) -> SimInstanceState {
        let code = self.code();
        let (token, expires_in) = match &self.phase {
            Phase::WaitingScan { token, expires } => {
                (Some(token.clone()), Some(expires.saturating_duration_since(now).as_millis() as u64))
            }
            _ => (None, None),
        };
        SimInstanceState {
            status: code.code(),
            status_string: code.wire_name().unwrap_or("unknown").to_owned(),
            token,
            token_expires_in_ms: expires_in,
            can_restore: self.can_restore,
            webhook: self.webhook.clone(),
            user_agent: self.user_agent.clone(),
            api_version: self.api_version.clone(),
            bulk: self.bulk,
            battery: self.battery,
            plugged: self.plugged,
            fault: self.fault.map(|f| f.0),
            fault_remaining: self.fault.map_or(0, |f| f.1),
            phase_held: self.phase_held.is_some(),
            requests_held: self.requests_held,
            held_requests: self.held,
            requests: self.requests.clone(),
        }
    }
}
