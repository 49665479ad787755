//! Publishing a job's changes on its owner's topic `user:{id}`: `job_progress` when a run
//! starts, `job_completed`, `job_failed` and `job_cancelled`; the payload is the job as the
//! REST API shows it. Each is written to the outbox in the transaction that changes the job;
//! a job that ends owing a refund announces its end in the transaction that records the refund,
//! so `refunded` is true in it (and the event waits while inventory is down).

use common::outbox;
use contracts::Topic;
use diesel::QueryResult;
use diesel_async::AsyncPgConnection;

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

/// Enqueues `kind` for `job` as this transaction leaves it.
pub async fn enqueue(conn: &mut AsyncPgConnection, job: &Job, kind: &str) -> QueryResult<()> {
    outbox::enqueue(conn, &Topic::user(job.user_id), kind, &JobView::from(job)).await
}

/// Enqueues the end of `job` unless a refund is still owed (the refund announces it then);
/// whether it enqueued anything.
pub async fn enqueue_ending(conn: &mut AsyncPgConnection, job: &Job) -> QueryResult<bool> {
    let kind = match job.status.as_str() {
        "completed" => JOB_COMPLETED,
        "failed" => JOB_FAILED,
        "cancelled" => JOB_CANCELLED,
        _ => return Ok(false),
    };
    if job.charge_state == "refunding" {
        return Ok(false);
    }
    enqueue(conn, job, kind).await?;
    Ok(true)
}
