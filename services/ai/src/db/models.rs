//! Rows of the ai database.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde_json::Value;
use uuid::Uuid;

use super::schema::{job_attempts, job_images, jobs};

/// A generation job.
#[derive(Debug, Clone, Queryable, QueryableByName, Selectable)]
#[diesel(table_name = jobs, check_for_backend(diesel::pg::Pg))]
pub struct Job {
    /// The job id (v4: also the unguessable part of its image URL).
    pub id: Uuid,
    /// Its owner.
    pub user_id: Uuid,
    /// `JobType` name.
    pub job_type: String,
    /// The catalogue model that runs it.
    pub model_id: String,
    /// Validated parameters.
    pub parameters: Value,
    /// `JobStatus` name.
    pub status: String,
    /// Gems it cost.
    pub cost: i64,
    /// `none | pending | charged | refunding | refunded`.
    pub charge_state: String,
    /// The creating request's `Idempotency-Key`.
    pub idempotency_key: Option<String>,
    /// Runs started so far.
    pub attempts: i32,
    /// When the sweeper (re)adds it to the stream unless a worker claimed it first.
    pub enqueue_at: Option<DateTime<Utc>>,
    /// A retry's backoff: not claimed before this.
    pub run_after: Option<DateTime<Utc>>,
    /// The worker running it.
    pub lease_owner: Option<String>,
    /// Until when that worker's claim holds.
    pub lease_until: Option<DateTime<Utc>>,
    /// The result (completed jobs).
    pub result: Option<Value>,
    /// The last error.
    pub error: Option<String>,
    /// Accepted at.
    pub created_at: DateTime<Utc>,
    /// First run started at.
    pub started_at: Option<DateTime<Utc>>,
    /// Reached a terminal status at.
    pub completed_at: Option<DateTime<Utc>>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// A job to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = jobs)]
pub struct NewJob<'a> {
    /// Id.
    pub id: Uuid,
    /// Owner.
    pub user_id: Uuid,
    /// Type name.
    pub job_type: &'a str,
    /// Model id.
    pub model_id: &'a str,
    /// Parameters.
    pub parameters: Value,
    /// Always `queued`.
    pub status: &'a str,
    /// Gems.
    pub cost: i64,
    /// `none` (free) or `pending` (the debit comes next).
    pub charge_state: &'a str,
    /// Idempotency key.
    pub idempotency_key: Option<&'a str>,
    /// `None` until the job may be queued (paid jobs wait for their debit).
    pub enqueue_at: Option<DateTime<Utc>>,
}

/// One run of a job.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = job_attempts, check_for_backend(diesel::pg::Pg))]
pub struct Attempt {
    /// The job.
    pub job_id: Uuid,
    /// 1-based.
    pub attempt: i32,
    /// The consumer that ran it.
    pub worker: String,
    /// Started at.
    pub started_at: DateTime<Utc>,
    /// Finished at (never, when its worker died).
    pub finished_at: Option<DateTime<Utc>>,
    /// `completed | retry | failed | superseded`.
    pub outcome: Option<String>,
    /// Its error.
    pub error: Option<String>,
}

/// A generated image.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = job_images, check_for_backend(diesel::pg::Pg))]
pub struct Image {
    /// The job that made it.
    pub job_id: Uuid,
    /// `image/png`.
    pub content_type: String,
    /// The encoded image.
    pub bytes: Vec<u8>,
    /// Stored at.
    pub created_at: DateTime<Utc>,
}
