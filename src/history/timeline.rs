//! Pure: what the history rows say about a window of time. Transitions and watch spans in,
//! spans that tile the window out, with uptime and drops. No SQLite and no egui here.

/// The state code recorded when a poll got no usable answer (timeout, HTTP error, ...): not
/// one of the gateway's codes, and never counted as up.
pub const NO_ANSWER: i64 = -1;
/// The gateway's "paired and connected": the only state counted as up.
pub const UP: i64 = 10;

/// A transition as stored: at `at_ms` the instance went to `to` because of `cause`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub at_ms: i64,
    pub from: Option<i64>,
    pub to: i64,
    pub cause: String,
}

/// What a span of the strip shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpanKind {
    /// The app was not polling this instance (or its state was not yet known): neither up
    /// nor down.
    Unwatched,
    /// Watched, in this state (a gateway code, or [`NO_ANSWER`]).
    State(i64),
}

/// One run of a state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub start_ms: i64,
    pub end_ms: i64,
    pub kind: SpanKind,
    /// Why the state began (the transition's cause); empty for unwatched spans and for a state
    /// that began before the window with no known cause.
    pub cause: String,
}

impl Span {
    pub fn duration_ms(&self) -> i64 {
        self.end_ms - self.start_ms
    }
}

/// Builds the spans of `[from_ms, to_ms)`.
///
/// - `transitions` sorted by time; the last one before the window gives the state at its
///   start (pass it along, see `query.rs`); later ones are ignored.
/// - `watched`: the intervals during which the app was polling, in any order, may overlap.
///
/// The result tiles the window exactly: sorted, no gaps, no overlaps, no empty span, and no
/// two neighbours of the same kind.
pub fn spans(from_ms: i64, to_ms: i64, transitions: &[Transition], watched: &[(i64, i64)]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    if to_ms <= from_ms {
        return out;
    }
    let watched = merge_intervals(watched, from_ms, to_ms);
    let mut push = |start: i64, end: i64, kind: SpanKind, cause: &str| {
        if end <= start {
            return;
        }
        if let Some(last) = out.last_mut()
            && last.kind == kind
            && last.end_ms == start
        {
            last.end_ms = end;
            return;
        }
        out.push(Span { start_ms: start, end_ms: end, kind, cause: cause.to_owned() });
    };
    // Index of the next transition not yet in effect.
    let mut next = 0;
    let mut current: Option<&Transition> = None;
    let mut cursor = from_ms;
    for (a, b) in watched {
        push(cursor, a, SpanKind::Unwatched, "");
        // Bring the state up to `a`.
        while next < transitions.len() && transitions[next].at_ms <= a {
            current = Some(&transitions[next]);
            next += 1;
        }
        let mut start = a;
        loop {
            let until = transitions.get(next).map_or(b, |t| t.at_ms.min(b));
            let (kind, cause) = match current {
                Some(t) => (SpanKind::State(t.to), t.cause.as_str()),
                None => (SpanKind::Unwatched, ""),
            };
            push(start, until, kind, cause);
            start = until;
            if until >= b {
                break;
            }
            current = Some(&transitions[next]);
            next += 1;
        }
        cursor = b;
    }
    push(cursor, to_ms, SpanKind::Unwatched, "");
    out
}

/// Sorted, disjoint intervals clipped to `[from, to)`.
fn merge_intervals(intervals: &[(i64, i64)], from: i64, to: i64) -> Vec<(i64, i64)> {
    let mut v: Vec<(i64, i64)> =
        intervals.iter().map(|&(a, b)| (a.max(from), b.min(to))).filter(|(a, b)| a < b).collect();
    v.sort_unstable();
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(v.len());
    for (a, b) in v {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// Uptime over a window.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Uptime {
    pub window_ms: i64,
    /// Time in status 10.
    pub up_ms: i64,
    /// Time watched in any known state.
    pub watched_ms: i64,
}

impl Uptime {
    pub fn of(spans: &[Span]) -> Self {
        let mut u = Uptime::default();
        for s in spans {
            u.window_ms += s.duration_ms();
            if let SpanKind::State(code) = s.kind {
                u.watched_ms += s.duration_ms();
                if code == UP {
                    u.up_ms += s.duration_ms();
                }
            }
        }
        u
    }

    /// Up as a percentage of the time watched; `None` when nothing was watched.
    pub fn percent(&self) -> Option<f64> {
        (self.watched_ms > 0).then(|| 100.0 * self.up_ms as f64 / self.watched_ms as f64)
    }

    /// The share of the window that was watched, in percent.
    pub fn watched_percent(&self) -> f64 {
        if self.window_ms <= 0 { 0.0 } else { 100.0 * self.watched_ms as f64 / self.window_ms as f64 }
    }
}

/// A drop: the instance left status 10.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drop {
    pub at_ms: i64,
    pub to: i64,
    pub cause: String,
}

/// The drops within `[from_ms, to_ms)`, oldest first.
pub fn drops(from_ms: i64, to_ms: i64, transitions: &[Transition]) -> Vec<Drop> {
    transitions
        .iter()
        .filter(|t| t.at_ms >= from_ms && t.at_ms < to_ms && t.from == Some(UP) && t.to != UP)
        .map(|t| Drop { at_ms: t.at_ms, to: t.to, cause: t.cause.clone() })
        .collect()
}

/// For drawing: the spans as runs over `width` equal columns of the window, each column
/// taking the kind that covers most of it, neighbours of one kind merged. A 30-day strip of
/// a flapping instance becomes at most `width` rectangles.
pub fn to_columns(spans: &[Span], from_ms: i64, to_ms: i64, width: usize) -> Vec<(usize, usize, SpanKind)> {
    let mut runs: Vec<(usize, usize, SpanKind)> = Vec::new();
    if width == 0 || to_ms <= from_ms {
        return runs;
    }
    let col_ms = (to_ms - from_ms) as f64 / width as f64;
    let mut i = 0;
    for col in 0..width {
        let a = from_ms as f64 + col as f64 * col_ms;
        let b = a + col_ms;
        // The kind with the longest overlap within this column.
        let mut best: Option<(f64, SpanKind)> = None;
        while i < spans.len() && (spans[i].end_ms as f64) <= a {
            i += 1;
        }
        let mut j = i;
        while j < spans.len() && (spans[j].start_ms as f64) < b {
            let overlap = (spans[j].end_ms as f64).min(b) - (spans[j].start_ms as f64).max(a);
            if best.is_none_or(|(o, _)| overlap > o) {
                best = Some((overlap, spans[j].kind));
            }
            j += 1;
        }
        let kind = best.map_or(SpanKind::Unwatched, |(_, k)| k);
        match runs.last_mut() {
            Some(run) if run.2 == kind => run.1 = col + 1,
            _ => runs.push((col, col + 1, kind)),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t(at_ms: i64, from: Option<i64>, to: i64) -> Transition {
        Transition { at_ms, from, to, cause: format!("c{at_ms}") }
    }

    #[test]
    fn unwatched_time_is_neither_up_nor_down() {
        // Up from 0; watched 100..400 and 600..1000; drops to 13 at 300, back up at 700.
        let tr = vec![t(0, None, UP), t(300, Some(UP), 13), t(700, Some(13), UP)];
        let s = spans(0, 1000, &tr, &[(100, 400), (600, 1000)]);
        let kinds: Vec<_> = s.iter().map(|s| (s.start_ms, s.end_ms, s.kind)).collect();
        assert_eq!(
            kinds,
            [
                (0, 100, SpanKind::Unwatched),
                (100, 300, SpanKind::State(UP)),
                (300, 400, SpanKind::State(13)),
                (400, 600, SpanKind::Unwatched),
                (600, 700, SpanKind::State(13)),
                (700, 1000, SpanKind::State(UP)),
            ]
        );
        assert_eq!(s[2].cause, "c300");
        let u = Uptime::of(&s);
        assert_eq!((u.window_ms, u.watched_ms, u.up_ms), (1000, 700, 500));
        assert!((u.percent().unwrap() - 500.0 / 7.0).abs() < 1e-9);
        assert!((u.watched_percent() - 70.0).abs() < 1e-9);
        let d = drops(0, 1000, &tr);
        assert_eq!(d, [Drop { at_ms: 300, to: 13, cause: "c300".into() }]);
    }

    #[test]
    fn a_state_from_before_the_window_carries_in_and_nothing_watched_has_no_uptime() {
        let tr = vec![t(-5000, None, 3)];
        let s = spans(0, 10, &tr, &[(-100, 5)]);
        assert_eq!(s[0].kind, SpanKind::State(3));
        assert_eq!((s[1].start_ms, s[1].end_ms, s[1].kind), (5, 10, SpanKind::Unwatched));
        assert_eq!(Uptime::of(&spans(0, 10, &tr, &[])).percent(), None);
    }

    #[test]
    fn columns_take_the_dominant_kind_and_merge() {
        let tr = vec![t(0, None, UP), t(10, Some(UP), 0), t(12, Some(0), UP)];
        let s = spans(0, 100, &tr, &[(0, 100)]);
        // 10 columns of 10 ms: the 2 ms drop in column 1 loses to 8 ms of up.
        assert_eq!(to_columns(&s, 0, 100, 10), [(0, 10, SpanKind::State(UP))]);
        assert_eq!(to_columns(&s, 0, 100, 100).len(), 3);
    }

    fn arb_history() -> impl Strategy<Value = (i64, i64, Vec<Transition>, Vec<(i64, i64)>)> {
        (
            -1000i64..1000,
            1i64..5000,
            prop::collection::vec(
                (-2000i64..7000, prop::sample::select(vec![-1i64, 0, 1, 3, 10, 11, 13])),
                0..40,
            ),
            prop::collection::vec((-2000i64..7000, 0i64..2000), 0..20),
        )
            .prop_map(|(from, len, mut tr, w)| {
                tr.sort_by_key(|x| x.0);
                let mut prev = None;
                let tr = tr
                    .into_iter()
                    .map(|(at, to)| {
                        let x = Transition { at_ms: at, from: prev, to, cause: String::new() };
                        prev = Some(to);
                        x
                    })
                    .collect();
                (from, from + len, tr, w.into_iter().map(|(a, l)| (a, a + l)).collect())
            })
    }

    proptest! {
        #[test]
        fn spans_tile_the_window_exactly((from, to, tr, w) in arb_history()) {
            let s = spans(from, to, &tr, &w);
            prop_assert_eq!(s.first().map(|s| s.start_ms), Some(from));
            prop_assert_eq!(s.last().map(|s| s.end_ms), Some(to));
            for pair in s.windows(2) {
                prop_assert_eq!(pair[0].end_ms, pair[1].start_ms);
                prop_assert_ne!(pair[0].kind, pair[1].kind);
            }
            prop_assert!(s.iter().all(|s| s.start_ms < s.end_ms));
        }

        #[test]
        fn uptime_stays_in_bounds_and_never_counts_unwatched_time((from, to, tr, w) in arb_history()) {
            let s = spans(from, to, &tr, &w);
            let u = Uptime::of(&s);
            prop_assert_eq!(u.window_ms, to - from);
            if let Some(p) = u.percent() {
                prop_assert!((0.0..=100.0).contains(&p));
            }
            prop_assert!((0.0..=100.0).contains(&u.watched_percent()));
            // Watched time never exceeds the union of the watch spans within the window.
            let union: i64 = merge_intervals(&w, from, to).iter().map(|(a, b)| b - a).sum();
            prop_assert!(u.watched_ms <= union);
            // No watch span at all: nothing counted.
            let none = Uptime::of(&spans(from, to, &tr, &[]));
            prop_assert_eq!((none.watched_ms, none.up_ms), (0, 0));
        }

        #[test]
        fn columns_cover_the_width((from, to, tr, w) in arb_history(), width in 1usize..300) {
            let s = spans(from, to, &tr, &w);
            let runs = to_columns(&s, from, to, width);
            prop_assert_eq!(runs.first().map(|r| r.0), Some(0));
            prop_assert_eq!(runs.last().map(|r| r.1), Some(width));
            for pair in runs.windows(2) {
                prop_assert_eq!(pair[0].1, pair[1].0);
            }
        }
    }
}
