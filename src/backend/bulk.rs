//! Bulk operations: one operation sent to many instances, under the same per-gateway cap as
//! polling. Every instance asked is accounted for: each gets a `Ticket` that reports its
//! outcome once, and a ticket dropped unreported (the instance was removed, its task ended)
//! reports that instead. Cancel starts no more: a ticket waiting for its gateway's turn finds
//! the job cancelled and reports so; requests already sent finish.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{EventSink, InstanceEvent, InstanceId, Operation};
use crate::api::ApiError;

/// A bulk run, as the UI numbers it.
pub type JobId = u64;

/// What became of one instance of a bulk run.
#[derive(Debug, Clone, PartialEq)]
pub enum BulkOutcome {
    Ok,
    Failed(ApiError),
    Skipped(SkipReason),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// The run was cancelled before this one started.
    Cancelled,
    /// The same operation was already running on the instance (its outcome is in its log).
    AlreadyRunning,
    /// The instance was removed, or cannot be served (bad URL or key).
    Gone,
}

/// The right and duty to report one instance's outcome of one run.
pub(super) struct Ticket {
    pub job: JobId,
    pub op: Operation,
    id: InstanceId,
    cancelled: CancelSwitch,
    sink: Option<EventSink>,
}

impl std::fmt::Debug for Ticket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ticket").field("job", &self.job).field("id", &self.id).finish()
    }
}

impl Ticket {
    pub fn new(job: JobId, op: Operation, id: InstanceId, cancelled: CancelSwitch, sink: EventSink) -> Self {
        Self { job, op, id, cancelled, sink: Some(sink) }
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.is_cancelled()
    }

    pub fn report(mut self, outcome: BulkOutcome) {
        self.send(outcome);
    }

    fn send(&mut self, outcome: BulkOutcome) {
        if let Some(sink) = self.sink.take() {
            sink.send(InstanceEvent::BulkDone { id: self.id, job: self.job, op: self.op, outcome });
        }
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.send(BulkOutcome::Skipped(SkipReason::Gone));
    }
}

/// A run's cancel switch, held by the UI and read by each request as its turn comes: set, it
/// takes effect at once, with no message to wait for.
#[derive(Debug, Clone, Default)]
pub struct CancelSwitch(Arc<AtomicBool>);

impl CancelSwitch {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}
