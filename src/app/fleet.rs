//! The fleet as the side panel shows it: what needs action first, then by name; filtered by
//! name, number, push name and tags. Pure, so it is tested without a window.

use super::state::InstanceState;
use crate::api::StatusCode;

/// Battery under this percentage puts an instance among those needing action.
pub use crate::api::LOW_BATTERY;

/// Lower ranks need action sooner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Triage {
    /// Unusable, or its last poll failed.
    Error,
    /// Not paired (0, 11, 13, unknown) and not being paired.
    Disconnected,
    LowBattery,
    Pairing,
    Healthy,
    /// No status yet.
    Unknown,
}

pub fn triage(inst: &InstanceState) -> Triage {
    if inst.fatal.is_some() || inst.is_stale() {
        return Triage::Error;
    }
    let Some(code) = inst.code() else {
        return Triage::Unknown;
    };
    if inst.pairing.is_active() || matches!(code, StatusCode::WaitForQrAuthentication | StatusCode::Starting)
    {
        return Triage::Pairing;
    }
    if code != StatusCode::WhatsAppAuthenticated {
        return Triage::Disconnected;
    }
    if battery(inst).is_some_and(|b| b < LOW_BATTERY) {
        return Triage::LowBattery;
    }
    Triage::Healthy
}

pub fn battery(inst: &InstanceState) -> Option<i64> {
    inst.status.as_ref()?.connection_info.as_ref()?.battery
}

/// Whether `filter` (any case) is in the name, number, push name or a tag. Empty matches all.
pub fn matches(inst: &InstanceState, filter: &str) -> bool {
    let needle = filter.trim().to_lowercase();
    if needle.is_empty() {
        return true;
    }
    let status = inst.status.as_ref();
    let number = status.and_then(|s| s.phone_number()).unwrap_or_default();
    let push_name =
        status.and_then(|s| s.connection_info.as_ref()).and_then(|c| c.pushname.clone()).unwrap_or_default();
    [&inst.meta.name, &number, &push_name]
        .into_iter()
        .chain(inst.meta.tags.iter())
        .any(|field| field.to_lowercase().contains(&needle))
        // "11 9876" finds "+5511987654321": compare digits alone too.
        || (needle.chars().any(|c| c.is_ascii_digit())
            && digits(&number).contains(&digits(&needle))
            && !digits(&needle).is_empty())
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Indices of the instances to list, in triage order then by name.
pub fn visible(instances: &[InstanceState], filter: &str) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..instances.len()).filter(|&i| matches(&instances[i], filter)).collect();
    idx.sort_by_cached_key(|&i| (triage(&instances[i]), instances[i].meta.name.to_lowercase()));
    idx
}

/// The columns of the fleet overview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Name,
    Status,
    Number,
    PushName,
    Device,
    Battery,
    Storage,
    LastPoll,
    LastError,
}

impl Column {
    pub const ALL: [Column; 9] = [
        Column::Name,
        Column::Status,
        Column::Number,
        Column::PushName,
        Column::Device,
        Column::Battery,
        Column::Storage,
        Column::LastPoll,
        Column::LastError,
    ];
}

/// A sortable value of one cell; `None` sorts last in either direction.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    Text(String),
    Number(i128),
}

pub fn device(inst: &InstanceState) -> Option<String> {
    inst.status.as_ref()?.connection_info.as_ref()?.phone.as_ref()?.label()
}

pub fn sort_key(inst: &InstanceState, column: Column, now: std::time::Instant) -> Option<Key> {
    let status = inst.status.as_ref();
    let info = status.and_then(|s| s.connection_info.as_ref());
    match column {
        Column::Name => Some(Key::Text(inst.meta.name.to_lowercase())),
        // By how urgently it needs action, then by code.
        Column::Status => {
            Some(Key::Number(triage(inst) as i128 * 1000 + inst.code().map_or(999, |c| c.code()) as i128))
        }
        Column::Number => status.and_then(|s| s.phone_number()).map(Key::Text),
        Column::PushName => info.and_then(|i| i.pushname.clone()).map(|p| Key::Text(p.to_lowercase())),
        Column::Device => device(inst).map(|d| Key::Text(d.to_lowercase())),
        Column::Battery => battery(inst).map(|b| Key::Number(b as i128)),
        Column::Storage => {
            status.and_then(|s| s.storage.as_ref()).and_then(|s| s.bytes).map(|b| Key::Number(b as i128))
        }
        Column::LastPoll => {
            inst.status_at.map(|at| Key::Number(now.saturating_duration_since(at).as_millis() as i128))
        }
        Column::LastError => inst.poll_error.as_ref().map(|(e, _)| Key::Text(e.to_string())),
    }
}

/// Indices in the order of `column`; instances without a value come last either way.
pub fn sorted_by(instances: &[InstanceState], column: Column, ascending: bool) -> Vec<usize> {
    let now = std::time::Instant::now();
    let mut idx: Vec<usize> = (0..instances.len()).collect();
    idx.sort_by(|&a, &b| {
        let (ka, kb) = (sort_key(&instances[a], column, now), sort_key(&instances[b], column, now));
        let order = match (ka, kb) {
            (Some(x), Some(y)) if ascending => x.cmp(&y),
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        };
        order.then_with(|| instances[a].meta.name.to_lowercase().cmp(&instances[b].meta.name.to_lowercase()))
    });
    idx
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{ApiError, ApiKey, ConnectionInfo, InstanceStatus};
    use crate::app::state::InstanceMeta;
    use crate::backend::InstanceEvent;

    fn inst(id: u64, name: &str, code: Option<i64>, battery: Option<i64>) -> InstanceState {
        let mut meta = InstanceMeta::new(name, "http://h/", ApiKey::new("key-123"));
        meta.tags = vec![format!("tag-{id}")];
        let mut s = InstanceState::new(id, meta);
        if let Some(code) = code {
            let mut status = InstanceStatus::with_code(StatusCode::from_code(code));
            status.connection_info = Some(ConnectionInfo {
                battery,
                wid: Some(format!("55119876543{id:02}@s.whatsapp.net")),
                pushname: Some(format!("Push {name}")),
                ..Default::default()
            });
            s.apply(
                InstanceEvent::Status {
                    id,
                    status: Box::new(status),
                    latency: Default::default(),
                    at: std::time::Instant::now(),
                },
                |_| unreachable!(),
            );
        }
        s
    }

    #[test]
    fn instances_needing_action_come_first() {
        let mut stale = inst(5, "e-stale", Some(10), Some(90));
        stale.apply(
            InstanceEvent::PollFailed { id: 5, error: ApiError::Timeout { after: Default::default() } },
            |_| unreachable!(),
        );
        let fleet = vec![
            inst(1, "a-healthy", Some(10), Some(80)),
            inst(2, "b-unknown", None, None),
            inst(3, "c-low", Some(10), Some(12)),
            inst(4, "d-disconnected", Some(0), None),
            stale,
            inst(6, "f-pairing", Some(3), None),
            inst(7, "A-healthy-too", Some(10), None),
        ];
        let order: Vec<&str> = visible(&fleet, "").iter().map(|&i| fleet[i].meta.name.as_str()).collect();
        assert_eq!(
            order,
            ["e-stale", "d-disconnected", "c-low", "f-pairing", "a-healthy", "A-healthy-too", "b-unknown"]
        );
    }

    #[test]
    fn the_overview_sorts_by_any_column_with_missing_values_last() {
        let fleet = vec![
            inst(1, "b", Some(10), Some(80)),
            inst(2, "a", Some(10), Some(15)),
            inst(3, "c", None, None),
            inst(4, "d", Some(0), None),
        ];
        let names = |col, asc| -> Vec<String> {
            sorted_by(&fleet, col, asc).iter().map(|&i| fleet[i].meta.name.clone()).collect()
        };
        assert_eq!(names(Column::Name, true), ["a", "b", "c", "d"]);
        assert_eq!(names(Column::Name, false), ["d", "c", "b", "a"]);
        assert_eq!(names(Column::Battery, true), ["a", "b", "c", "d"]);
        assert_eq!(names(Column::Battery, false), ["b", "a", "c", "d"], "no battery last either way");
        assert_eq!(names(Column::Status, true)[0], "d", "disconnected first");
        assert_eq!(names(Column::PushName, true), ["a", "b", "d", "c"]);
    }

    #[test]
    fn the_filter_matches_name_number_push_name_and_tags() {
        let fleet = vec![inst(1, "Loja Centro", Some(10), None), inst(2, "Clínica", Some(10), None)];
        let names = |f: &str| -> Vec<String> {
            visible(&fleet, f).iter().map(|&i| fleet[i].meta.name.clone()).collect()
        };
        assert_eq!(names("loja"), ["Loja Centro"]);
        assert_eq!(names("PUSH CLÍ"), ["Clínica"]);
        assert_eq!(names("tag-2"), ["Clínica"]);
        assert_eq!(names("+55 11 98765 4301"), ["Loja Centro"]);
        assert_eq!(names("nothing"), Vec::<String>::new());
        assert_eq!(names("  ").len(), 2);
    }
}
