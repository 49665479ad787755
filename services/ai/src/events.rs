//! Publishing a job's changes on its owner's topic `user:{id}`: `job_progress` when a run
//! starts, `job_completed`, `job_failed` and `job_cancelled`; the payload is the job as the
//! REST API shows it.

use contracts::Topic;

/// A run of the job started (`status: processing`, `attempts` counts the runs).
pub const JOB_PROGRESS: &str = "job_progress";
/// The job completed; `result` holds its output.
pub const JOB_COMPLETED: &str = "job_completed";
/// The job failed for good; `error` says why, `refunded` whether its gems came back.
pub const JOB_FAILED: &str = "job_failed";
/// Its owner cancelled the job.
pub const JOB_CANCELLED: &str = "job_cancelled";

use crate::app::views::JobView;
use crate::db::models::Job;
use crate::state::AppState;

/// Publishes `kind` for `job`; an event lost to a Redis outage is logged, not retried (the job
/// itself is in the database for clients that poll).
pub async fn publish(state: &AppState, job: &Job, kind: &str) {
    let topic = Topic::user(job.user_id);
    if let Err(e) = state
        .events
        .publish(&topic, kind, &JobView::from(job))
        .await
    {
        tracing::warn!(job = %job.id, kind, error = %format!("{e:#}"), "publishing a job event failed");
    }
}
