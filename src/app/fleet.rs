//! The fleet as the side panel shows it: what needs action first, then by name; filtered by
//! name, number, push name and tags. Pure, so it is tested without a window.

use super::state::InstanceState;
use crate::api::StatusCode;

/// Battery under this percentage puts an instance among those needing action.
pub use crate::api::LOW_BATTERY;

/// Lower ranks need action sooner: what broke before what was never set up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Triage {
    /// Unusable, or its last poll failed.
    Error,
    /// Seen paired in this run, not paired now.
    Dropped,
    PhoneOffline,
    /// Not paired, with a saved session that can be restored.
    SessionClosed,
    LowBattery,
    Pairing,
    /// Not paired (0, 13, unknown) and never seen paired in this run.
    Disconnected,
    Healthy,
    /// No status yet.
    Unknown,
    /// Out of service on purpose.
    Parked,
}

pub fn triage(inst: &InstanceState) -> Triage {
    if inst.meta.parked {
        return Triage::Parked;
    }
    match bucket(inst) {
        Chip::Trouble => Triage::Error,
        Chip::Waiting => Triage::Unknown,
        Chip::Pairing => Triage::Pairing,
        _ if inst.was_paired && !inst.is_paired() => Triage::Dropped,
        Chip::PhoneOffline => Triage::PhoneOffline,
        Chip::SessionClosed => Triage::SessionClosed,
        Chip::NotConnected => Triage::Disconnected,
        Chip::Paired if is_low_battery(inst) => Triage::LowBattery,
        Chip::Paired | Chip::Parked | Chip::LowBattery => Triage::Healthy,
    }
}

/// The state an instance is counted under, one each: a chip, never `LowBattery` (low battery
/// is counted among the paired and again on its own chip).
pub fn bucket(inst: &InstanceState) -> Chip {
    if inst.meta.parked {
        return Chip::Parked;
    }
    if inst.fatal.is_some() || inst.is_stale() {
        return Chip::Trouble;
    }
    let Some(code) = inst.code() else {
        return Chip::Waiting;
    };
    match code {
        _ if inst.pairing.is_active() => Chip::Pairing,
        StatusCode::WaitForQrAuthentication | StatusCode::Starting => Chip::Pairing,
        StatusCode::WebSocketOpening | StatusCode::WebSocketOpen => Chip::Pairing,
        StatusCode::WhatsAppAuthenticated => Chip::Paired,
        StatusCode::WhatsAppAuthenticatedConnectionClosed => Chip::PhoneOffline,
        _ if inst.can_restore() => Chip::SessionClosed,
        _ => Chip::NotConnected,
    }
}

/// The chips of the summary bar: a count each, and a filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Chip {
    Paired,
    Pairing,
    NotConnected,
    SessionClosed,
    PhoneOffline,
    Trouble,
    LowBattery,
    Parked,
    Waiting,
}

impl Chip {
    pub const ALL: [Chip; 9] = [
        Chip::Paired,
        Chip::Pairing,
        Chip::NotConnected,
        Chip::SessionClosed,
        Chip::PhoneOffline,
        Chip::Trouble,
        Chip::LowBattery,
        Chip::Parked,
        Chip::Waiting,
    ];

    /// The chip whose colour an instance's dot takes: its state's, or low battery's.
    pub fn for_instance(inst: &InstanceState) -> Chip {
        if Chip::LowBattery.holds(inst) { Chip::LowBattery } else { bucket(inst) }
    }

    /// Whether the chip counts (and, chosen, shows) `inst`. A parked instance is only Parked.
    pub fn holds(self, inst: &InstanceState) -> bool {
        match self {
            Chip::LowBattery => !inst.meta.parked && bucket(inst) == Chip::Paired && is_low_battery(inst),
            chip => bucket(inst) == chip,
        }
    }
}

pub fn battery(inst: &InstanceState) -> Option<i64> {
    inst.status.as_ref()?.connection_info.as_ref()?.battery
}

pub fn is_low_battery(inst: &InstanceState) -> bool {
    battery(inst).is_some_and(|b| b < LOW_BATTERY)
}

/// What the lists show: text (with `tag:NAME` words for exact tags) and the chips chosen
/// (any of them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FleetQuery {
    pub text: String,
    pub chips: std::collections::BTreeSet<Chip>,
}

impl FleetQuery {
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty() && self.chips.is_empty()
    }

    pub fn matches(&self, inst: &InstanceState) -> bool {
        (self.chips.is_empty() || self.chips.iter().any(|c| c.holds(inst))) && matches(inst, &self.text)
    }

    /// Whether the user asked for parked instances (so that a bulk selection may take them).
    pub fn wants_parked(&self) -> bool {
        self.chips.contains(&Chip::Parked)
    }
}

/// Whether `filter` (any case) is in the name, number, push name or a tag; `tag:x` words ask
/// for an instance tagged `x` exactly. Empty matches all.
pub fn matches(inst: &InstanceState, filter: &str) -> bool {
    let mut free = Vec::new();
    for word in filter.split_whitespace() {
        match word.strip_prefix("tag:").or_else(|| word.strip_prefix("TAG:")) {
            Some(tag) if !tag.is_empty() => {
                let tag = tag.to_lowercase();
                if !inst.meta.tags.iter().any(|t| t.to_lowercase() == tag) {
                    return false;
                }
            }
            _ => free.push(word),
        }
    }
    matches_text(inst, &free.join(" "))
}

fn matches_text(inst: &InstanceState, filter: &str) -> bool {
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
        // "11 9876" finds "+5511987654321": a needle that looks like a number is compared by
        // its digits alone too ("loja 3" is not a number).
        || (needle.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c))
            && digits(&number).contains(&digits(&needle))
            && !digits(&needle).is_empty())
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Indices of the instances to list, in triage order then by name.
pub fn visible(instances: &[InstanceState], filter: &str) -> Vec<usize> {
    let query = FleetQuery { text: filter.to_owned(), ..FleetQuery::default() };
    in_triage_order(instances, &query)
}

fn in_triage_order(instances: &[InstanceState], query: &FleetQuery) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..instances.len()).filter(|&i| query.matches(&instances[i])).collect();
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
    sorted_matching(instances, &FleetQuery::default(), column, ascending)
}

fn sorted_matching(
    instances: &[InstanceState],
    query: &FleetQuery,
    column: Column,
    ascending: bool,
) -> Vec<usize> {
    let now = std::time::Instant::now();
    // Each key once (not once per comparison), with the name as the tie-break.
    let mut keyed: Vec<(Option<Key>, String, usize)> = (0..instances.len())
        .filter(|&i| query.matches(&instances[i]))
        .map(|i| (sort_key(&instances[i], column, now), instances[i].meta.name.to_lowercase(), i))
        .collect();
    keyed.sort_by(|(ka, na, _), (kb, nb, _)| {
        let order = match (ka, kb) {
            (Some(x), Some(y)) if ascending => x.cmp(y),
            (Some(x), Some(y)) => y.cmp(x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        };
        order.then_with(|| na.cmp(nb))
    });
    keyed.into_iter().map(|(_, _, i)| i).collect()
}

/// How many instances each chip holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts(std::collections::BTreeMap<Chip, usize>);

impl Counts {
    pub fn of(instances: &[InstanceState]) -> Self {
        let mut counts = std::collections::BTreeMap::new();
        for inst in instances {
            *counts.entry(bucket(inst)).or_insert(0) += 1;
            if Chip::LowBattery.holds(inst) {
                *counts.entry(Chip::LowBattery).or_insert(0) += 1;
            }
        }
        Self(counts)
    }

    pub fn get(&self, chip: Chip) -> usize {
        self.0.get(&chip).copied().unwrap_or(0)
    }
}

/// The lists as the views show them, rebuilt only when the instances, the query or the sort
/// change: a frame reads them, never sorts or filters 5,000 instances itself.
#[derive(Debug, Default)]
pub struct FleetIndex {
    built_for: Option<(u64, FleetQuery, Column, bool)>,
    pub counts: Counts,
    /// The side panel's order: needing action first, then by name.
    pub side: Vec<usize>,
    /// The overview's order: by the chosen column.
    pub table: Vec<usize>,
    /// How often an instance is really polled (the median gap between its last two answers,
    /// over instances polled in the background), once enough have been polled twice.
    pub cycle: Option<std::time::Duration>,
    /// Rebuilds so far (tests check that a still frame rebuilds nothing).
    pub rebuilds: u64,
    /// The instance with the longest name, and the states present: what the overview's
    /// columns are sized to fit.
    pub longest_name: Option<usize>,
    pub codes: Vec<StatusCode>,
}

impl FleetIndex {
    /// The query the lists were built for.
    pub fn query(&self) -> Option<&FleetQuery> {
        self.built_for.as_ref().map(|(_, q, ..)| q)
    }

    /// Brings the lists up to date with the instances as of `generation` (which the app bumps
    /// on every change); returns whether anything was rebuilt.
    pub fn refresh(
        &mut self,
        instances: &[InstanceState],
        generation: u64,
        query: &FleetQuery,
        sort: (Column, bool),
    ) -> bool {
        let key = (generation, query.clone(), sort.0, sort.1);
        if self.built_for.as_ref() == Some(&key) {
            return false;
        }
        let data_changed = self.built_for.as_ref().is_none_or(|(g, ..)| *g != generation);
        if data_changed {
            self.counts = Counts::of(instances);
            self.cycle = poll_cycle(instances);
            self.longest_name = (0..instances.len()).max_by_key(|&i| instances[i].meta.name.chars().count());
            let mut codes: Vec<StatusCode> = instances.iter().filter_map(InstanceState::code).collect();
            codes.sort_by_key(|c| c.code());
            codes.dedup();
            self.codes = codes;
        }
        self.side = in_triage_order(instances, query);
        self.table = sorted_matching(instances, query, sort.0, sort.1);
        self.built_for = Some(key);
        self.rebuilds += 1;
        true
    }
}

/// The median time between two answers to the same instance, over instances polled in the
/// background; `None` until a tenth of them (at least 3) were polled twice.
fn poll_cycle(instances: &[InstanceState]) -> Option<std::time::Duration> {
    let mut gaps: Vec<std::time::Duration> = instances
        .iter()
        .filter(|i| !i.meta.parked && !i.pairing.is_active())
        .filter_map(|i| i.poll_gap)
        .collect();
    if gaps.len() < 3 || gaps.len() * 10 < instances.len() {
        return None;
    }
    let middle = gaps.len() / 2;
    Some(*gaps.select_nth_unstable(middle).1)
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
            answer(&mut s, status);
        }
        s
    }

    fn answer(s: &mut InstanceState, status: InstanceStatus) {
        let at = std::time::Instant::now();
        let event =
            InstanceEvent::Status { id: s.id, status: Box::new(status), latency: Default::default(), at };
        s.apply(event, |_| unreachable!());
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
            ["e-stale", "c-low", "f-pairing", "d-disconnected", "a-healthy", "A-healthy-too", "b-unknown"]
        );
    }

    fn set_status(s: &mut InstanceState, code: i64, restorable: bool) {
        let mut status = InstanceStatus::with_code(StatusCode::from_code(code));
        status.can_restore_connection = Some(restorable);
        answer(s, status);
    }

    #[test]
    fn what_broke_comes_before_what_was_never_paired_and_parked_comes_last() {
        let mut dropped = inst(1, "a-dropped", Some(10), Some(80));
        set_status(&mut dropped, 0, false);
        let mut closed = inst(2, "b-closed", None, None);
        set_status(&mut closed, 0, true);
        let mut parked = inst(5, "0-parked", Some(0), None);
        parked.meta.parked = true;
        let fleet = vec![
            inst(3, "0-never", Some(0), None),
            closed,
            dropped,
            inst(4, "c-offline", Some(11), None),
            parked,
        ];
        let order: Vec<&str> = visible(&fleet, "").iter().map(|&i| fleet[i].meta.name.as_str()).collect();
        assert_eq!(order, ["a-dropped", "c-offline", "b-closed", "0-never", "0-parked"]);
    }

    #[test]
    fn counts_put_each_instance_in_one_state_and_low_battery_on_its_own_chip_too() {
        let mut parked = inst(6, "parked", Some(0), None);
        parked.meta.parked = true;
        let mut closed = inst(7, "closed", None, None);
        set_status(&mut closed, 13, true);
        let mut stale = inst(8, "stale", Some(10), Some(5));
        stale.apply(
            InstanceEvent::PollFailed { id: 8, error: ApiError::Timeout { after: Default::default() } },
            |_| unreachable!(),
        );
        let fleet = vec![
            inst(1, "ok", Some(10), Some(80)),
            inst(2, "low", Some(10), Some(12)),
            inst(3, "qr", Some(3), None),
            inst(4, "off", Some(11), None),
            inst(5, "never", Some(0), None),
            parked,
            closed,
            stale,
            inst(9, "new", None, None),
        ];
        let counts = Counts::of(&fleet);
        let expected = [
            (Chip::Paired, 2),
            (Chip::LowBattery, 1),
            (Chip::Pairing, 1),
            (Chip::PhoneOffline, 1),
            (Chip::NotConnected, 1),
            (Chip::Parked, 1),
            (Chip::SessionClosed, 1),
            (Chip::Trouble, 1),
            (Chip::Waiting, 1),
        ];
        for (chip, n) in expected {
            assert_eq!(counts.get(chip), n, "{chip:?}");
        }
        let primary: usize =
            Chip::ALL.iter().filter(|c| **c != Chip::LowBattery).map(|c| counts.get(*c)).sum();
        assert_eq!(primary, fleet.len(), "every instance counted once");
        let query = FleetQuery { chips: [Chip::LowBattery, Chip::Parked].into(), text: String::new() };
        let names: Vec<&str> =
            fleet.iter().filter(|i| query.matches(i)).map(|i| i.meta.name.as_str()).collect();
        assert_eq!(names, ["low", "parked"], "chips add up");
        let query = FleetQuery { chips: [Chip::Paired].into(), text: "low".into() };
        assert_eq!(fleet.iter().filter(|i| query.matches(i)).count(), 1, "and combine with the text");
    }

    #[test]
    fn tag_words_ask_for_an_exact_tag() {
        let mut a = inst(1, "Loja", Some(10), None);
        a.meta.tags = vec!["region-3".into(), "varejo".into()];
        let mut b = inst(2, "Loja 2", Some(10), None);
        b.meta.tags = vec!["region-30".into()];
        let fleet = vec![a, b];
        let names = |f: &str| -> Vec<String> {
            visible(&fleet, f).iter().map(|&i| fleet[i].meta.name.clone()).collect()
        };
        assert_eq!(names("tag:region-3"), ["Loja"]);
        assert_eq!(names("tag:REGION-30 loja"), ["Loja 2"]);
        assert_eq!(names("tag:region-3 tag:varejo"), ["Loja"]);
        assert_eq!(names("region-3"), ["Loja", "Loja 2"], "without tag: it is a substring");
        assert!(names("tag:nope").is_empty());
    }

    #[test]
    fn the_index_rebuilds_only_when_data_query_or_sort_change() {
        let fleet: Vec<InstanceState> =
            (0..50).map(|i| inst(i, &format!("n{i:02}"), Some(10), None)).collect();
        let mut index = FleetIndex::default();
        let query = FleetQuery::default();
        assert!(index.refresh(&fleet, 1, &query, (Column::Name, true)));
        assert!(!index.refresh(&fleet, 1, &query, (Column::Name, true)), "nothing changed");
        assert_eq!(index.table.len(), 50);
        assert!(index.refresh(&fleet, 1, &query, (Column::Name, false)), "sort");
        assert_eq!(fleet[index.table[0]].meta.name, "n49");
        let query = FleetQuery { text: "n0".into(), ..FleetQuery::default() };
        assert!(index.refresh(&fleet, 1, &query, (Column::Name, false)), "filter");
        assert_eq!(index.table.len(), 10);
        assert_eq!(index.side.len(), 10);
        assert!(index.refresh(&fleet, 2, &query, (Column::Name, false)), "data");
        assert_eq!(index.rebuilds, 4);
        assert_eq!(index.counts.get(Chip::Paired), 50, "counts are of the whole fleet, not the filtered");
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
        assert_eq!(names(Column::Status, true)[..2], ["a", "d"], "low battery, then never paired");
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
