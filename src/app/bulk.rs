//! Bulk runs as the UI follows them: which instances were asked, what became of each, and the
//! counts the progress bar and the results show. Pure, so it is tested without a window.

use std::collections::HashMap;
use std::time::Instant;

use crate::api::Settings;
use crate::backend::InstanceId;
use crate::backend::Operation;
use crate::backend::bulk::{BulkOutcome, JobId, SkipReason};

/// One run of one operation over many instances.
#[derive(Debug, Clone)]
pub struct BulkJob {
    pub id: JobId,
    pub op: Operation,
    pub settings: Option<Settings>,
    /// The instances asked, in the order shown, with their names (kept should one be removed
    /// meanwhile).
    pub targets: Vec<(InstanceId, String)>,
    outcomes: HashMap<InstanceId, BulkOutcome>,
    /// Cancel was pressed: no more start.
    pub cancelled: bool,
    /// Shared with the backend: set, no more of the run starts.
    pub switch: crate::backend::bulk::CancelSwitch,
    pub started: Instant,
    pub finished: Option<Instant>,
}

impl BulkJob {
    pub fn new(
        id: JobId,
        op: Operation,
        settings: Option<Settings>,
        targets: Vec<(InstanceId, String)>,
        now: Instant,
    ) -> Self {
        let finished = targets.is_empty().then_some(now);
        Self {
            id,
            op,
            settings,
            targets,
            outcomes: HashMap::new(),
            cancelled: false,
            switch: Default::default(),
            started: now,
            finished,
        }
    }

    pub fn total(&self) -> usize {
        self.targets.len()
    }

    /// Records what became of `id`; the first word on each instance counts.
    pub fn record(&mut self, id: InstanceId, outcome: BulkOutcome, now: Instant) {
        if !self.targets.iter().any(|(t, _)| *t == id) || self.outcomes.contains_key(&id) {
            return;
        }
        self.outcomes.insert(id, outcome);
        if self.outcomes.len() == self.targets.len() {
            self.finished = Some(now);
        }
    }

    pub fn outcome(&self, id: InstanceId) -> Option<&BulkOutcome> {
        self.outcomes.get(&id)
    }

    pub fn is_finished(&self) -> bool {
        self.finished.is_some()
    }

    pub fn ok(&self) -> usize {
        self.outcomes.values().filter(|o| **o == BulkOutcome::Ok).count()
    }

    pub fn failed(&self) -> usize {
        self.outcomes.values().filter(|o| matches!(o, BulkOutcome::Failed(_))).count()
    }

    pub fn skipped(&self) -> usize {
        self.outcomes.values().filter(|o| matches!(o, BulkOutcome::Skipped(_))).count()
    }

    pub fn accounted(&self) -> usize {
        self.outcomes.len()
    }

    /// Those to run again: failed, or not started because of Cancel.
    pub fn to_retry(&self) -> Vec<(InstanceId, String)> {
        self.targets
            .iter()
            .filter(|(id, _)| {
                matches!(
                    self.outcomes.get(id),
                    Some(BulkOutcome::Failed(_) | BulkOutcome::Skipped(SkipReason::Cancelled))
                )
            })
            .cloned()
            .collect()
    }

    /// The results in the order to read them: failures first, then skipped, then the rest,
    /// each in the order asked.
    pub fn results(&self) -> Vec<(InstanceId, &str, Option<&BulkOutcome>)> {
        let rank = |o: Option<&BulkOutcome>| match o {
            Some(BulkOutcome::Failed(_)) => 0,
            Some(BulkOutcome::Skipped(_)) => 1,
            None => 2,
            Some(BulkOutcome::Ok) => 3,
        };
        let mut rows: Vec<_> =
            self.targets.iter().map(|(id, name)| (*id, name.as_str(), self.outcomes.get(id))).collect();
        rows.sort_by_key(|(_, _, o)| rank(*o));
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ApiError;

    fn job(n: u64) -> BulkJob {
        let targets = (1..=n).map(|i| (i, format!("i{i}"))).collect();
        BulkJob::new(7, Operation::SaveSession, None, targets, Instant::now())
    }

    #[test]
    fn a_run_ends_when_every_instance_is_accounted_for_once() {
        let mut j = job(3);
        let now = Instant::now();
        j.record(1, BulkOutcome::Ok, now);
        j.record(1, BulkOutcome::Failed(ApiError::Http { status: 500, summary: String::new() }), now);
        j.record(99, BulkOutcome::Ok, now);
        assert_eq!((j.ok(), j.failed(), j.accounted()), (1, 0, 1), "the first word counts; strangers do not");
        assert!(!j.is_finished());
        j.record(2, BulkOutcome::Failed(ApiError::Http { status: 500, summary: String::new() }), now);
        j.record(3, BulkOutcome::Skipped(SkipReason::Cancelled), now);
        assert!(j.is_finished());
        assert_eq!((j.ok(), j.failed(), j.skipped()), (1, 1, 1));
        let retry: Vec<_> = j.to_retry().into_iter().map(|(id, _)| id).collect();
        assert_eq!(retry, [2, 3], "failed and not started");
        let order: Vec<_> = j.results().into_iter().map(|(id, _, _)| id).collect();
        assert_eq!(order, [2, 3, 1], "failures first");
    }

    #[test]
    fn an_empty_run_is_finished_at_once() {
        assert!(job(0).is_finished());
    }
}
