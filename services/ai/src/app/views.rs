//! How a job looks on the wire: the seed's fields (`job_id, job_type, status, created_at,
//! completed_at, result`) and ours beside them.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::models::Job;

/// A generation job.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct JobView {
    /// The job id.
    pub job_id: Uuid,
    /// `question_set | item_description | character_bio | character_art`.
    pub job_type: String,
    /// `queued | processing | completed | failed | cancelled`.
    pub status: String,
    /// Accepted at.
    pub created_at: DateTime<Utc>,
    /// Reached a terminal status at (`null` before).
    pub completed_at: Option<DateTime<Utc>>,
    /// The output once completed: `questions`, `text` or `image_url`, with `prompt_used`
    /// and `model_version`; `null` before.
    #[schema(value_type = Option<Object>)]
    pub result: Option<Value>,
    /// The model that runs it.
    pub model: String,
    /// Gems it cost.
    pub cost: i64,
    /// Whether its gems were given back (failed or cancelled paid jobs).
    pub refunded: bool,
    /// The validated parameters.
    #[schema(value_type = Object)]
    pub parameters: Value,
    /// Runs started so far.
    pub attempts: i32,
    /// Why it failed (or why the last attempt did).
    pub error: Option<String>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

impl From<&Job> for JobView {
    fn from(job: &Job) -> Self {
        JobView {
            job_id: job.id,
            job_type: job.job_type.clone(),
            status: job.status.clone(),
            created_at: job.created_at,
            completed_at: job.completed_at,
            result: job.result.clone(),
            model: job.model_id.clone(),
            cost: job.cost,
            refunded: job.charge_state == "refunded",
            parameters: job.parameters.clone(),
            attempts: job.attempts,
            error: job.error.clone(),
            updated_at: job.updated_at,
        }
    }
}
