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
    /// Kept as outcomes come, so that a frame reads counts without walking 5,000 outcomes.
    ok: usize,
    failed: usize,
    /// The order the results are read in (see [`Self::results`]), fixed when the run ends.
    order: Vec<usize>,
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
            ok: 0,
            failed: 0,
            order: Vec::new(),
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
        match outcome {
            BulkOutcome::Ok => self.ok += 1,
            BulkOutcome::Failed(_) => self.failed += 1,
            BulkOutcome::Skipped(_) => {}
        }
        self.outcomes.insert(id, outcome);
        if self.outcomes.len() == self.targets.len() {
            self.finished = Some(now);
            self.order = self.reading_order();
        }
    }

    pub fn outcome(&self, id: InstanceId) -> Option<&BulkOutcome> {
        self.outcomes.get(&id)
    }

    pub fn is_finished(&self) -> bool {
        self.finished.is_some()
    }

    pub fn ok(&self) -> usize {
        self.ok
    }

    pub fn failed(&self) -> usize {
        self.failed
    }

    pub fn skipped(&self) -> usize {
        self.outcomes.len() - self.ok - self.failed
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

    /// The `nth` result in the order to read them (failures first, then skipped, then the
    /// rest, each in the order asked) once the run has ended; in the order asked before.
    pub fn result(&self, nth: usize) -> Option<(InstanceId, &str, Option<&BulkOutcome>)> {
        let at = if self.order.is_empty() { nth } else { *self.order.get(nth)? };
        let (id, name) = self.targets.get(at)?;
        Some((*id, name.as_str(), self.outcomes.get(id)))
    }

    /// Every result, in [`Self::result`]'s order.
    pub fn results(&self) -> Vec<(InstanceId, &str, Option<&BulkOutcome>)> {
        (0..self.targets.len()).filter_map(|n| self.result(n)).collect()
    }

    fn reading_order(&self) -> Vec<usize> {
        let rank = |o: Option<&BulkOutcome>| match o {
            Some(BulkOutcome::Failed(_)) => 0,
            Some(BulkOutcome::Skipped(_)) => 1,
            None => 2,
            Some(BulkOutcome::Ok) => 3,
        };
        let mut order: Vec<usize> = (0..self.targets.len()).collect();
        order.sort_by_key(|&i| rank(self.outcomes.get(&self.targets[i].0)));
        order
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
