//! The gateway's behaviour as a pure state machine: every method takes `now`, nothing sleeps
//! or does I/O, so the transitions are tested directly.

use std::collections::BTreeMap;
use std::time::Instant;

use super::config::{FaultKind, SimConfig};
use crate::api::{Stats, StatusCode};

/// Stored files by folder, as a paired instance has them.
const FOLDERS: [(&str, u64, u64); 5] = [
    ("media/images", 7_340_032, 14),
    ("media/audio", 2_936_012, 9),
    ("media/documents", 1_541_316, 4),
    ("profile", 1_843_594, 52),
    ("thumb", 224_238, 27),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Phase {
    /// 0 noConnection.
    Idle,
    /// 3 waitForQRAuthentication, with the one token a scan may use.
    WaitingScan { token: String, expires: Instant },
    /// 4 Starting, until the given time; then paired.
    Starting { until: Instant },
    /// 10 WhatsAppAuthenticated.
    Paired,
    /// 11: paired, but the phone is offline.
    PhoneOffline,
    /// 0 after close_session: restorable.
    Closed,
    /// 1 webSocketOpenining until the given time, then 2: the gateway reconnecting to a phone
    /// that came back online.
    SocketOpening { until: Instant },
    /// 2 webSocketOpen until the given time, then paired.
    SocketOpen { until: Instant },
    /// 13 after the phone unlinked, until the given time; then 0.
    LoggedOut { until: Instant },
}

/// One simulated instance.
pub struct Instance {
    pub(super) web_id: String,
    pub(super) seed: u64,
    pub(super) phase: Phase,
    pub(super) can_restore: bool,
    pub(super) battery: Option<i64>,
    pub(super) plugged: Option<bool>,
    /// Folder path ("media/images") → (bytes, files).
    pub(super) folders: BTreeMap<String, (u64, u64)>,
    pub(super) stats: Stats,
    pub(super) webhook: String,
    pub(super) user_agent: String,
    pub(super) api_version: String,
    pub(super) bulk: bool,
    pub(super) fault: Option<(FaultKind, u32)>,
    /// When the time-driven transitions were held (`POST /_sim/hold {"phase": true}`): a test
    /// sees 4 Starting or 13 for as long as it needs; the phase's clock stands still meanwhile.
    pub(super) phase_held: Option<Instant>,
    /// Commands wait unanswered while this is set (`POST /_sim/hold {"requests": true}`).
    pub(crate) requests_held: bool,
    /// Commands waiting now because of `requests_held`.
    pub(crate) held: u32,
    pub(crate) requests: BTreeMap<String, u64>,
}

impl Instance {
    pub fn new(key: &str) -> Self {
        let seed = fnv1a(key.as_bytes());
        Self {
            web_id: guid(),
            seed,
            phase: Phase::Idle,
            can_restore: false,
            battery: Some(83),
            plugged: Some(false),
            folders: FOLDERS.iter().map(|(p, _, _)| (p.to_string(), (0, 0))).collect(),
            stats: Stats { contacts: Some(0), chats: Some(0), sent_bytes: Some(0), received_bytes: Some(0) },
            webhook: String::new(),
            user_agent: String::new(),
            api_version: "1.0".into(),
            bulk: false,
            fault: None,
            phase_held: None,
            requests_held: false,
            held: 0,
            requests: BTreeMap::new(),
        }
    }

    pub fn web_id(&self) -> &str {
        &self.web_id
    }

    /// Applies the transitions that happen with time: Starting → Paired, QR expiry, 13 → 0,
    /// 1 → 2 → 10; none while held.
    pub fn tick(&mut self, now: Instant, config: &SimConfig) {
        if self.phase_held.is_some() {
            return;
        }
        match &self.phase {
            Phase::Starting { until } if now >= *until => self.become_paired(),
            Phase::SocketOpening { until } if now >= *until => {
                self.phase = Phase::SocketOpen { until: *until + config.socket_delay };
                self.tick(now, config);
            }
            Phase::SocketOpen { until } if now >= *until => self.phase = Phase::Paired,
            // After a QR has expired and no new one was asked for within a further ttl, the
            // gateway gives up waiting.
            Phase::WaitingScan { expires, .. } if now >= *expires + config.ttl => self.phase = Phase::Idle,
            Phase::LoggedOut { until } if now >= *until => self.phase = Phase::Idle,
            _ => {}
        }
    }

    /// Holds (or releases) the time-driven transitions: the phase's clock stands still until
    /// released, then runs on for what was left of it.
    pub fn hold_phase(&mut self, held: bool, now: Instant, config: &SimConfig) {
        match (held, self.phase_held) {
            (true, None) => {
                self.tick(now, config);
                self.phase_held = Some(now);
            }
            (false, Some(since)) => {
                self.phase_held = None;
                let stood_still = now.saturating_duration_since(since);
                match &mut self.phase {
                    Phase::Starting { until }
                    | Phase::LoggedOut { until }
                    | Phase::SocketOpening { until }
                    | Phase::SocketOpen { until } => *until += stood_still,
                    Phase::WaitingScan { expires, .. } => *expires += stood_still,
                    Phase::Idle | Phase::Paired | Phase::PhoneOffline | Phase::Closed => {}
                }
                self.tick(now, config);
            }
            _ => {}
        }
    }

    /// A QR is asked for and scanned at once, and the session is up: the instance is paired.
    /// For the demo fleet and tests that start from a paired (or closed) instance.
    pub fn pair_now(&mut self, now: Instant, config: &SimConfig) {
        if let Ok(token) = self.generate_qr("Mozilla/5.0", now, config)
            && self.scan(&token, now, config).is_ok()
        {
            self.become_paired();
        }
    }

    fn become_paired(&mut self) {
        self.phase = Phase::Paired;
        self.can_restore = true; // the session is saved automatically after a scan
        if self.stats.contacts == Some(0) {
            let jitter = self.seed % 40;
            self.stats = Stats {
                contacts: Some(72 + jitter),
                chats: Some(32 + jitter / 2),
                sent_bytes: Some(18_432 + jitter * 100),
                received_bytes: Some(96_768 + jitter * 300),
            };
        }
        if self.folders.values().all(|(b, _)| *b == 0) {
            self.folders = FOLDERS.iter().map(|(p, b, f)| (p.to_string(), (*b, *f))).collect();
        }
    }

    pub fn code(&self) -> StatusCode {
        StatusCode::from_code(match self.phase {
            Phase::Idle | Phase::Closed => 0,
            Phase::SocketOpening { .. } => 1,
            Phase::SocketOpen { .. } => 2,
            Phase::WaitingScan { .. } => 3,
            Phase::Starting { .. } => 4,
            Phase::Paired => 10,
            Phase::PhoneOffline => 11,
            Phase::LoggedOut { .. } => 13,
        })
    }

    pub(super) fn is_linked(&self) -> bool {
        matches!(
            self.phase,
            Phase::Starting { .. }
                | Phase::Paired
                | Phase::PhoneOffline
                | Phase::SocketOpening { .. }
                | Phase::SocketOpen { .. }
        )
    }

    /// `generate_qrcode`: a fresh token valid for `ttl`, or "already established".
    pub fn generate_qr(
        &mut self,
        user_agent: &str,
        now: Instant,
        config: &SimConfig,
    ) -> Result<String, &'static str> {
        self.tick(now, config);
        if self.is_linked() {
            return Err(crate::api::parse::ALREADY_ESTABLISHED);
        }
        if !user_agent.trim().is_empty() {
            self.user_agent = user_agent.trim().to_owned();
        }
        let token = random_token();
        self.phase = Phase::WaitingScan { token: token.clone(), expires: now + config.ttl };
        Ok(token)
    }

    /// The phone scans a QR: only the current, unexpired token is accepted.
    pub fn scan(&mut self, token: &str, now: Instant, config: &SimConfig) -> Result<(), String> {
        self.tick(now, config);
        match &self.phase {
            Phase::WaitingScan { token: current, expires } if current == token.trim() => {
                // A held phase's clock stands still: the QR's too.
                if self.phase_held.unwrap_or(now).min(now) >= *expires {
                    return Err("this QR code has expired".into());
                }
                self.phase = Phase::Starting { until: now + config.starting_delay };
                self.can_restore = true;
                Ok(())
            }
            Phase::WaitingScan { .. } => Err("this is not the instance's current QR code".into()),
            _ => Err(format!("the instance is not waiting for a scan (status {})", self.code().code())),
        }
    }

    pub fn disconnect(&mut self) {
        self.phase = Phase::Idle;
        self.can_restore = false;
    }

    pub fn close_session(&mut self, now: Instant, config: &SimConfig) -> Result<(), &'static str> {
        self.tick(now, config);
        if !self.is_linked() {
            return Err("There is no open session to close");
        }
        self.phase = Phase::Closed;
        self.can_restore = true;
        Ok(())
    }

    pub fn restore_session(&mut self, now: Instant, config: &SimConfig) -> Result<(), &'static str> {
        self.tick(now, config);
        if self.is_linked() {
            // Only an ended session can be restored (the provider's text); an open one is not.
            return Err("The session is already open: there is nothing to restore");
        }
        if !self.can_restore || matches!(self.phase, Phase::LoggedOut { .. }) {
            return Err("There is no saved session to restore");
        }
        self.become_paired();
        Ok(())
    }

    pub fn save_session(&mut self, now: Instant, config: &SimConfig) -> Result<(), &'static str> {
        self.tick(now, config);
        if !matches!(self.phase, Phase::Paired) {
            return Err("Not connected: there is no session to save");
        }
        self.can_restore = true;
        Ok(())
    }

    /// Resets stored files and cache. "Does not affect WhatsApp data" (the provider's text):
    /// the session, contacts, chats and counters stay.
    pub fn clear(&mut self) {
        for v in self.folders.values_mut() {
            *v = (0, 0);
        }
    }

    pub fn set_config(&mut self, settings: &crate::api::Settings) {
        if let Some(hook) = &settings.webhook {
            self.webhook = hook.trim().to_owned();
        }
        if let Some(ua) = &settings.user_agent {
            self.user_agent = ua.trim().to_owned();
        }
        if let Some(bulk) = settings.bulk {
            self.bulk = bulk;
        }
        if let Some(v) = settings.api_version {
            self.api_version = v.as_str().to_owned();
        }
    }

    pub fn phone_logout(&mut self, now: Instant, config: &SimConfig) -> Result<(), &'static str> {
        self.tick(now, config);
        if !self.is_linked() {
            return Err("no phone is linked");
        }
        self.phase = Phase::LoggedOut { until: now + config.logout_delay };
        self.can_restore = false;
        Ok(())
    }

    /// The phone goes offline (status 11) or comes back (10).
    pub fn set_phone_online(
        &mut self,
        online: bool,
        now: Instant,
        config: &SimConfig,
    ) -> Result<(), &'static str> {
        self.tick(now, config);
        match (&self.phase, online) {
            (Phase::Paired | Phase::SocketOpening { .. } | Phase::SocketOpen { .. }, false) => {
                self.phase = Phase::PhoneOffline;
            }
            // The gateway opens its socket to the phone again: 1, then 2, then 10.
            (Phase::PhoneOffline, true) => {
                self.phase = Phase::SocketOpening { until: now + config.socket_delay }
            }
            (Phase::Paired | Phase::SocketOpening { .. } | Phase::SocketOpen { .. }, true)
            | (Phase::PhoneOffline, false) => {}
            _ => return Err("no phone is linked"),
        }
        Ok(())
    }

    pub fn set_battery(&mut self, percent: Option<i64>, plugged: Option<bool>) {
        self.battery = percent.map(|p| p.clamp(0, 100));
        self.plugged = plugged;
    }

    /// Adds (or with negative numbers removes) bytes and files to a folder ("media/images").
    pub fn add_storage(&mut self, folder: &str, bytes: i64, files: i64) {
        let entry = self.folders.entry(folder.trim_matches('/').to_owned()).or_insert((0, 0));
        entry.0 = entry.0.saturating_add_signed(bytes);
        entry.1 = entry.1.saturating_add_signed(files);
    }

    pub fn inject_fault(&mut self, kind: FaultKind, count: u32) {
        self.fault = (count > 0).then_some((kind, count));
    }

    /// The fault this request suffers, if any. A `hostile_svg` fault waits for a QR request.
    pub fn take_fault(&mut self, command: &str) -> Option<FaultKind> {
        let (kind, remaining) = self.fault.as_mut()?;
        if *kind == FaultKind::HostileSvg && command != "generate_qrcode.aspx" {
            return None;
        }
        let kind = *kind;
        *remaining -= 1;
        if *remaining == 0 {
            self.fault = None;
        }
        Some(kind)
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ *b as u64).wrapping_mul(0x100_0000_01b3))
}

fn random_token() -> String {
    use rand::RngExt as _;
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    let body: String = (0..32).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect();
    format!("2@{body}")
}

fn guid() -> String {
    let b: [u8; 16] = rand::random();
    let h: String = b.iter().map(|x| format!("{x:02X}")).collect();
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::api::InstanceStatus;

    fn cfg() -> SimConfig {
        SimConfig {
            ttl: Duration::from_secs(20),
            starting_delay: Duration::from_secs(1),
            ..SimConfig::default()
        }
    }

    #[test]
    fn pairing_walks_0_3_4_10() {
        let (c, t0) = (cfg(), Instant::now());
        let mut i = Instance::new("k");
        assert_eq!(i.code().code(), 0);
        let token = i.generate_qr("UA", t0, &c).unwrap();
        assert_eq!(i.code().code(), 3);
        assert!(i.scan("wrong", t0, &c).is_err());
        i.scan(&token, t0 + Duration::from_secs(5), &c).unwrap();
        assert_eq!(i.code().code(), 4);
        i.tick(t0 + Duration::from_secs(7), &c);
        assert_eq!(i.code().code(), 10);
        let s = i.status_object();
        assert_eq!(s.can_restore_connection, Some(true));
        assert!(s.connection_info.unwrap().pushname.is_some());
        assert_eq!(i.generate_qr("UA", t0, &c), Err(crate::api::parse::ALREADY_ESTABLISHED));
    }

    #[test]
    fn an_expired_token_is_refused_and_a_new_qr_replaces_the_old() {
        let (c, t0) = (cfg(), Instant::now());
        let mut i = Instance::new("k");
        let old = i.generate_qr("", t0, &c).unwrap();
        assert!(i.scan(&old, t0 + Duration::from_secs(21), &c).unwrap_err().contains("expired"));
        let new = i.generate_qr("", t0 + Duration::from_secs(22), &c).unwrap();
        assert_ne!(old, new);
        assert!(i.scan(&old, t0 + Duration::from_secs(23), &c).is_err());
        i.tick(t0 + Duration::from_secs(70), &c);
        assert_eq!(i.code().code(), 0, "gives up waiting after a further ttl");
    }

    #[test]
    fn close_restore_disconnect_save() {
        let (c, t0) = (cfg(), Instant::now());
        let mut i = Instance::new("k");
        assert!(i.save_session(t0, &c).is_err());
        assert!(i.restore_session(t0, &c).is_err());
        assert!(i.close_session(t0, &c).is_err());
        let tok = i.generate_qr("", t0, &c).unwrap();
        i.scan(&tok, t0, &c).unwrap();
        let t1 = t0 + Duration::from_secs(2);
        i.save_session(t1, &c).unwrap();
        i.close_session(t1, &c).unwrap();
        assert_eq!((i.code().code(), i.status_object().can_restore_connection), (0, Some(true)));
        i.restore_session(t1, &c).unwrap();
        assert_eq!(i.code().code(), 10);
        i.disconnect();
        assert_eq!((i.code().code(), i.status_object().can_restore_connection), (0, Some(false)));
        assert!(i.restore_session(t1, &c).is_err());
    }

    #[test]
    fn storage_tree_nests_and_sums_and_clear_resets_it() {
        let (c, t0) = (cfg(), Instant::now());
        let mut i = Instance::new("k");
        let tok = i.generate_qr("", t0, &c).unwrap();
        i.scan(&tok, t0, &c).unwrap();
        i.tick(t0 + Duration::from_secs(2), &c);
        let root = i.status_object().storage.unwrap();
        let total: u64 = FOLDERS.iter().map(|f| f.1).sum();
        assert_eq!(root.bytes, Some(total));
        let media = root.subs.iter().find(|s| s.name.as_deref() == Some("media")).unwrap();
        assert_eq!(media.subs.len(), 3);
        assert_eq!(media.bytes, Some(media.subs.iter().filter_map(|s| s.bytes).sum()));
        let stats = i.status_object().stats.unwrap();
        assert!(stats.contacts.unwrap() > 0);
        i.clear();
        assert_eq!(i.status_object().storage.unwrap().bytes, Some(0));
        assert_eq!(i.status_object().stats.unwrap(), stats, "WhatsApp data is not affected");
        assert_eq!(i.code().code(), 10, "nor the session");
    }

    #[test]
    fn only_an_ended_session_is_restored() {
        let (c, t0) = (cfg(), Instant::now());
        let mut i = Instance::new("k");
        i.pair_now(t0, &c);
        assert_eq!(i.code().code(), 10);
        assert!(i.restore_session(t0, &c).unwrap_err().contains("already open"));
        i.set_phone_online(false, t0, &c).unwrap();
        assert!(i.restore_session(t0, &c).is_err(), "an offline phone's session is open too");
        assert_eq!(i.code().code(), 11, "and restoring does not bring the phone back");
        i.set_phone_online(true, t0, &c).unwrap();
        i.tick(t0 + Duration::from_secs(5), &c);
        i.close_session(t0, &c).unwrap();
        i.restore_session(t0, &c).unwrap();
        assert_eq!(i.code().code(), 10);
    }

    #[test]
    fn a_phone_back_online_goes_through_1_and_2() {
        let (c, t0) = (cfg(), Instant::now());
        let mut i = Instance::new("k");
        i.pair_now(t0, &c);
        i.set_phone_online(false, t0, &c).unwrap();
        assert_eq!(i.code().code(), 11);
        i.set_phone_online(true, t0, &c).unwrap();
        assert_eq!(i.code().code(), 1);
        assert_eq!(i.status_object().status_string.as_deref(), Some("webSocketOpenining"));
        i.tick(t0 + c.socket_delay, &c);
        assert_eq!(i.code().code(), 2);
        i.tick(t0 + c.socket_delay * 2, &c);
        assert_eq!(i.code().code(), 10);
        // Both steps at once when the poll comes late.
        i.set_phone_online(false, t0, &c).unwrap();
        i.set_phone_online(true, t0, &c).unwrap();
        i.tick(t0 + Duration::from_secs(10), &c);
        assert_eq!(i.code().code(), 10);
    }

    #[test]
    fn a_held_phase_stays_until_released() {
        let (c, t0) = (cfg(), Instant::now());
        let mut i = Instance::new("k");
        i.hold_phase(true, t0, &c);
        let token = i.generate_qr("", t0, &c).unwrap();
        i.scan(&token, t0, &c).unwrap();
        let t1 = t0 + Duration::from_secs(3600);
        i.tick(t1, &c);
        assert_eq!(i.code().code(), 4, "Starting is held");
        assert!(i.snapshot(t0).phase_held);
        i.hold_phase(false, t1, &c);
        assert_eq!(i.code().code(), 4, "released: the rest of its time runs from now");
        i.tick(t1 + c.starting_delay, &c);
        assert_eq!(i.code().code(), 10);
        i.hold_phase(true, t0, &c);
        i.phone_logout(t0, &c).unwrap();
        i.tick(t0 + Duration::from_secs(3600), &c);
        assert_eq!(i.code().code(), 13, "13 is held too");
    }

    #[test]
    fn is_response_goes_on_the_wire_as_the_string_false() {
        let (c, t0) = (cfg(), Instant::now());
        let mut i = Instance::new("k");
        i.pair_now(t0, &c);
        let wire = serde_json::to_value(i.status_object()).unwrap();
        assert_eq!(wire["ConnectionInfo"]["isResponse"], serde_json::json!("false"));
        let back: InstanceStatus = serde_json::from_value(wire).unwrap();
        assert_eq!(back.connection_info.unwrap().is_response, Some(false));
    }

    #[test]
    fn phone_logout_shows_13_then_0() {
        let (c, t0) = (cfg(), Instant::now());
        let mut i = Instance::new("k");
        let tok = i.generate_qr("", t0, &c).unwrap();
        i.scan(&tok, t0, &c).unwrap();
        i.phone_logout(t0, &c).unwrap();
        assert_eq!(i.code().code(), 13);
        i.tick(t0 + Duration::from_secs(2), &c);
        assert_eq!(i.code().code(), 0);
        assert_eq!(i.status_object().can_restore_connection, Some(false));
    }

    #[test]
    fn faults_are_counted_down_and_hostile_svg_waits_for_a_qr_request() {
        let mut i = Instance::new("k");
        i.inject_fault(FaultKind::Http500, 2);
        assert_eq!(i.take_fault("status.aspx"), Some(FaultKind::Http500));
        assert_eq!(i.take_fault("status.aspx"), Some(FaultKind::Http500));
        assert_eq!(i.take_fault("status.aspx"), None);
        i.inject_fault(FaultKind::HostileSvg, 1);
        assert_eq!(i.take_fault("status.aspx"), None);
        assert_eq!(i.take_fault("generate_qrcode.aspx"), Some(FaultKind::HostileSvg));
        assert_eq!(i.take_fault("generate_qrcode.aspx"), None);
    }
}
