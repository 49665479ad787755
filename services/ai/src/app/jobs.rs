//! What the job endpoints do: accept a job (validate, quotas, pay, queue), read and list a
//! user's jobs, cancel one.

use base64::Engine;
use chrono::{DateTime, Duration as ChronoDuration, Utc};
use diesel_async::AsyncConnection;
use serde_json::Value;
use uuid::Uuid;

use crate::app::billing::{self, Debit};
use crate::db::models::{Job, NewJob};
use crate::db::queries::{self, JobFilter};
use crate::domain::catalogue::ModelChoiceError;
use crate::domain::{JobStatus, JobType, Parameters};
use crate::error::AiError;
use crate::events;
use crate::state::AppState;

/// A job as a client asks for it.
#[derive(Debug, Clone)]
pub struct NewJobRequest {
    /// The job type's name.
    pub job_type: String,
    /// Its free-form parameters.
    pub parameters: Option<Value>,
    /// A catalogue model id.
    pub model: Option<String>,
}

/// Validates a request into its type, parameters and model id.
pub fn validate(
    state: &AppState,
    req: &NewJobRequest,
) -> Result<(Parameters, String, i64), AiError> {
    let job_type = JobType::parse(&req.job_type).ok_or_else(|| {
        let known: Vec<&str> = JobType::ALL.iter().map(|t| t.as_str()).collect();
        AiError::field(
            "job_type",
            &format!("unknown job type; expected one of: {}", known.join(", ")),
        )
    })?;
    let params =
        Parameters::parse(job_type, req.parameters.as_ref()).map_err(AiError::Validation)?;
    let model = state
        .settings
        .catalogue
        .choose(job_type, req.model.as_deref())
        .map_err(|e| match e {
            ModelChoiceError::Unknown => {
                AiError::field("model", "no such model; see GET /api/ai/models")
            }
            ModelChoiceError::WrongType => {
                AiError::field("model", &format!("this model does not serve {job_type}"))
            }
            ModelChoiceError::NoneServes => {
                AiError::field("job_type", "no configured model serves this job type")
            }
        })?;
    Ok((params, model.id.clone(), model.cost))
}

/// Accepts a job for `user`: quotas checked and the row written in one transaction per user,
/// then the debit for a paid model, then the stream. A repeated `Idempotency-Key` returns the
/// job it created (finishing its debit if that was in doubt).
pub async fn create(
    state: &AppState,
    user: Uuid,
    req: NewJobRequest,
    idempotency_key: Option<String>,
) -> Result<Job, AiError> {
    let (params, model_id, cost) = validate(state, &req)?;
    let settings = state.settings.clone();
    let mut conn = state.conn().await?;
    let job_type = params.job_type();
    let key = idempotency_key.clone();
    let (job, replayed) = conn
        .transaction::<_, AiError, _>(async |conn| {
            queries::lock_user(conn, user).await?;
            if let Some(key) = &key
                && let Some(existing) = queries::find_by_key(conn, user, key).await?
            {
                return Ok((existing, true));
            }
            let in_flight = queries::count_in_flight(conn, user).await?;
            if in_flight >= settings.max_in_flight {
                return Err(AiError::TooManyInFlight {
                    limit: settings.max_in_flight,
                });
            }
            let now = Utc::now();
            let (today, oldest) =
                queries::created_since(conn, user, now - ChronoDuration::hours(24)).await?;
            if today >= settings.max_per_day {
                let frees_at = oldest.unwrap_or(now) + ChronoDuration::hours(24);
                return Err(AiError::DailyLimit {
                    limit: settings.max_per_day,
                    retry_after: u64::try_from((frees_at - now).num_seconds()).unwrap_or(1),
                });
            }
            let paid = cost > 0;
            let job = queries::insert_job(
                conn,
                &NewJob {
                    id: Uuid::new_v4(),
                    user_id: user,
                    job_type: job_type.as_str(),
                    model_id: &model_id,
                    parameters: params.to_json(),
                    status: JobStatus::Queued.as_str(),
                    cost,
                    charge_state: if paid { "pending" } else { "none" },
                    idempotency_key: key.as_deref(),
                    // The outbox: if the push below never happens, the sweeper queues
                    // the job then. A paid job waits for its debit instead.
                    enqueue_at: (!paid).then(|| now + settings.visibility_timeout),
                },
            )
            .await?;
            Ok((job, false))
        })
        .await?;
    drop(conn);
    if job.charge_state == "pending" {
        return match billing::debit(state, &job).await? {
            Debit::Charged(job) => {
                push(state, &job).await?;
                Ok(*job)
            }
            Debit::Refused(e) | Debit::Unknown(e) => Err(e),
        };
    }
    if !replayed {
        push(state, &job).await?;
    }
    Ok(job)
}

/// Puts a queued job on the stream; when Redis fails, the outbox row's `enqueue_at` has the
/// sweeper do it later, so the job is still accepted.
pub async fn push(state: &AppState, job: &Job) -> Result<(), AiError> {
    if let Err(e) = state.queue.push(job.id).await {
        tracing::warn!(job = %job.id, error = %format!("{e:#}"), "queueing a job failed; the sweeper retries");
        let mut conn = state.conn().await?;
        queries::enqueue_later(&mut conn, job.id, Utc::now() + ChronoDuration::seconds(1)).await?;
    }
    Ok(())
}

/// `user`'s job `id` (404 for anyone else's).
pub async fn get(state: &AppState, user: Uuid, id: Uuid) -> Result<Job, AiError> {
    let mut conn = state.conn().await?;
    queries::find_job(&mut conn, id)
        .await?
        .filter(|j| j.user_id == user)
        .ok_or(AiError::JobNotFound)
}

/// One page of a listing.
#[derive(Debug)]
pub struct Page {
    /// The jobs, newest first.
    pub jobs: Vec<Job>,
    /// How many match the filters.
    pub total: i64,
    /// The cursor of the next page.
    pub next_cursor: Option<String>,
}

/// `user`'s jobs matching `filter`, newest first.
pub async fn list(
    state: &AppState,
    user: Uuid,
    filter: &JobFilter<'_>,
    cursor: Option<&str>,
    limit: i64,
) -> Result<Page, AiError> {
    let after = cursor.map(decode_cursor).transpose()?;
    let mut conn = state.conn().await?;
    let jobs = queries::list_jobs(&mut conn, user, filter, after, limit).await?;
    let total = queries::count_jobs(&mut conn, user, filter).await?;
    let next_cursor = (jobs.len() == usize::try_from(limit).unwrap_or(0))
        .then(|| jobs.last().map(|j| encode_cursor(j.created_at, j.id)))
        .flatten();
    Ok(Page {
        jobs,
        total,
        next_cursor,
    })
}

fn encode_cursor(at: DateTime<Utc>, id: Uuid) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(format!("{}|{id}", at.timestamp_micros()))
}

fn decode_cursor(raw: &str) -> Result<(DateTime<Utc>, Uuid), AiError> {
    let bad = || AiError::field("cursor", "not a cursor this endpoint returned");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(raw)
        .map_err(|_| bad())?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    let (micros, id) = text.split_once('|').ok_or_else(bad)?;
    let at = micros
        .parse::<i64>()
        .ok()
        .and_then(DateTime::from_timestamp_micros)
        .ok_or_else(bad)?;
    Ok((at, Uuid::parse_str(id).map_err(|_| bad())?))
}

/// Cancels `user`'s job while it is queued or processing; a paid job is refunded once. A
/// worker still running it finds it cancelled and drops its result.
pub async fn cancel(state: &AppState, user: Uuid, id: Uuid) -> Result<Job, AiError> {
    let current = get(state, user, id).await?;
    let from: Vec<&str> = JobStatus::CANCELLABLE.iter().map(|s| s.as_str()).collect();
    let cancelled = {
        let mut conn = state.conn().await?;
        conn.transaction::<_, AiError, _>(async |conn| {
            let job = queries::end_unsuccessfully(
                conn,
                id,
                JobStatus::Cancelled.as_str(),
                &from,
                None,
                None,
            )
            .await?;
            if let Some(job) = &job {
                events::enqueue_ending(conn, job).await?;
            }
            Ok(job)
        })
        .await?
    };
    let Some(job) = cancelled else {
        return Err(AiError::NotCancellable(current.status));
    };
    state.outbox.wake();
    if job.charge_state == "refunding" {
        // Owed either way: if inventory is down now, the sweeper pays it back later.
        if let Err(e) = billing::refund(state, job.id).await {
            tracing::warn!(job = %job.id, error = %e, "refund failed; the sweeper retries");
        }
    }
    let mut conn = state.conn().await?;
    Ok(queries::find_job(&mut conn, id).await?.unwrap_or(job))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let at = DateTime::from_timestamp_micros(1_700_000_000_123_456).unwrap();
        let id = Uuid::new_v4();
        assert_eq!(decode_cursor(&encode_cursor(at, id)).unwrap(), (at, id));
        assert!(decode_cursor("nope!").is_err());
        assert!(decode_cursor("YQ").is_err());
    }
}
