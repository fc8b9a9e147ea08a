//! The fleet as the side panel shows it: what needs action first, then by name; filtered by
//! name, number, push name and tags. Pure, so it is tested without a window.

use super::state::InstanceState;
use crate::api::StatusCode;

/// Battery under this percentage puts an instance among those needing action.
pub const LOW_BATTERY: i64 = 20;

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
    let push_name = status
        .and_then(|s| s.connection_info.as_ref())
        .and_then(|c| c.pushname.clone())
        .unwrap_or_default();
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
    let mut idx: Vec<usize> = (0..instances.len())
        .filter(|&i| matches(&instances[i], filter))
        .collect();
    idx.sort_by_cached_key(|&i| (triage(&instances[i]), instances[i].meta.name.to_lowercase()));
    idx
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{ApiError, ApiKey, ConnectionInfo, InstanceStatus};
    use crate::app::state::InstanceMeta;
    use crate::backend::Event;

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
                Event::Status {
                    id,
                    status: Box::new(status),
                    latency: Default::default(),
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
            Event::PollFailed {
                id: 5,
                error: ApiError::Timeout {
                    after: Default::default(),
                },
            },
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
        let order: Vec<&str> = visible(&fleet, "")
            .iter()
            .map(|&i| fleet[i].meta.name.as_str())
            .collect();
        assert_eq!(
            order,
            [
                "e-stale",
                "d-disconnected",
                "c-low",
                "f-pairing",
                "a-healthy",
                "A-healthy-too",
                "b-unknown"
            ]
        );
    }

    #[test]
    fn the_filter_matches_name_number_push_name_and_tags() {
        let fleet = vec![
            inst(1, "Loja Centro", Some(10), None),
            inst(2, "Clínica", Some(10), None),
        ];
        let names = |f: &str| -> Vec<String> {
            visible(&fleet, f)
                .iter()
                .map(|&i| fleet[i].meta.name.clone())
                .collect()
        };
        assert_eq!(names("loja"), ["Loja Centro"]);
        assert_eq!(names("PUSH CLÍ"), ["Clínica"]);
        assert_eq!(names("tag-2"), ["Clínica"]);
        assert_eq!(names("+55 11 98765 4301"), ["Loja Centro"]);
        assert_eq!(names("nothing"), Vec::<String>::new());
        assert_eq!(names("  ").len(), 2);
    }
}
