//! One run of one job by a worker: claim it in the database (the claim, not the stream entry,
//! decides who runs it), generate, then complete it, schedule a retry with backoff, or give
//! up (dead-letter, refund, `job_failed`). Every ending is conditional on the job still being
//! this run's, so a job finishes once however many workers received it.

use actix_web::web::Bytes;
use chrono::Utc;
use common::Infra;
use contracts::asset::StoreAssetQuery;
use diesel_async::AsyncConnection;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::app::billing;
use crate::db::models::Job;
use crate::db::queries;
use crate::domain::job::backoff;
use crate::domain::output::Output;
use crate::domain::{JobType, Parameters};
use crate::error::AiError;
use crate::events;
use crate::providers::ProviderError;
use crate::queue::Delivery;
use crate::state::AppState;

/// Handles one stream entry; `Ok(true)` means the entry may be acknowledged, `Ok(false)` that
/// the job is running on another, live worker: the entry stays pending, so it is re-claimed if
/// that worker dies. An error (database or Redis down) also leaves it pending.
pub async fn handle(
    state: &AppState,
    consumer: &str,
    delivery: &Delivery,
) -> Result<bool, AiError> {
    let Some(id) = delivery.job else {
        return Ok(true);
    };
    let Some(job) = claim(state, id, consumer).await? else {
        // Finished, cancelled, waiting out a backoff (the sweeper re-adds it), or running.
        let mut conn = state.conn().await?;
        let current = queries::find_job(&mut conn, id).await?;
        return Ok(current.is_none_or(|j| j.status != "processing"));
    };
    run(state, consumer, job).await?;
    Ok(true)
}

/// Takes job `id` for `consumer` for one visibility timeout; `None` when it is not runnable.
pub async fn claim(state: &AppState, id: Uuid, consumer: &str) -> Result<Option<Job>, AiError> {
    let lease_until = Utc::now() + state.settings.visibility_timeout;
    let mut conn = state.conn().await?;
    Ok(queries::claim(&mut conn, id, consumer, lease_until).await?)
}

/// Runs a claimed job to one of its endings.
pub async fn run(state: &AppState, consumer: &str, job: Job) -> Result<(), AiError> {
    let attempt = job.attempts;
    let max_attempts = i32::try_from(state.settings.max_attempts).unwrap_or(i32::MAX);
    if attempt > max_attempts {
        // Every earlier run died holding it (each re-claim counts).
        return give_up(state, &job, attempt, "its workers stopped responding").await;
    }
    {
        let mut conn = state.conn().await?;
        conn.transaction::<_, AiError, _>(async |conn| {
            queries::insert_attempt(conn, job.id, attempt, consumer).await?;
            Ok(events::enqueue(conn, &job, events::JOB_PROGRESS).await?)
        })
        .await?;
        state.outbox.wake();
    }

    let params = JobType::parse(&job.job_type)
        .and_then(|t| Parameters::parse(t, Some(&job.parameters)).ok());
    let Some(params) = params else {
        return give_up(
            state,
            &job,
            attempt,
            "its stored parameters are no longer valid",
        )
        .await;
    };
    let model = state.settings.catalogue.get(&job.model_id);
    let provider = state.providers.of(&job.model_id);
    let outcome = match provider.generate(&params).await {
        Ok(output) => Ok((output, provider.version(), false)),
        Err(e) => {
            let last = attempt >= max_attempts || !e.is_retryable();
            tracing::warn!(job = %job.id, attempt, error = %e, "provider failed");
            if last && model.is_some_and(|m| m.fallback) {
                let offline = state.providers.offline();
                offline
                    .generate(&params)
                    .await
                    .map(|output| (output, offline.version(), true))
            } else {
                Err(e)
            }
        }
    };
    match outcome {
        Ok((output, version, fallback)) => {
            complete(state, &job, attempt, &params, output, &version, fallback).await
        }
        Err(e) if e.is_retryable() && attempt < max_attempts => {
            retry(state, &job, attempt, &e).await
        }
        Err(e) => give_up(state, &job, attempt, &e.to_string()).await,
    }
}

async fn complete(
    state: &AppState,
    job: &Job,
    attempt: i32,
    params: &Parameters,
    output: Output,
    version: &str,
    fallback: bool,
) -> Result<(), AiError> {
    let mut result = json!({
        "prompt_used": prompt_used(params),
        "model_version": version,
    });
    match output {
        Output::Questions(questions) => {
            result["questions"] = json!(questions);
        }
        Output::Text(text) => {
            result["text"] = Value::String(text);
        }
        Output::Image { png, width, height } => {
            // Keyed by the job: a second run (re-claimed entry) gets the first run's asset.
            let query = StoreAssetQuery {
                owner_id: job.user_id,
                asset_type: "image".to_owned(),
                category: Some("generated".to_owned()),
                filename: Some(format!("{}.png", job.id)),
                is_public: Some(true),
                key: Some(format!("job:{}", job.id)),
            };
            let stored = state
                .assets
                .store(&query, "image/png", Bytes::from(png))
                .await
                .map_err(|e| AiError::Infra(Infra::Peer(e)))?;
            result["image_url"] = Value::String(stored.cdn_url);
            result["asset_id"] = json!(stored.asset_id);
            result["width"] = json!(width);
            result["height"] = json!(height);
            result["content_type"] = json!("image/png");
        }
    };
    if fallback {
        result["fallback"] = Value::Bool(true);
    }
    let id = job.id;
    let mut conn = state.conn().await?;
    let completed = conn
        .transaction::<_, AiError, _>(async |conn| {
            // A paid job answered by the offline generator was not what it was paid for: refunded.
            let completed = queries::complete(conn, id, &result, fallback).await?;
            let outcome = if completed.is_some() {
                "completed"
            } else {
                "superseded"
            };
            queries::finish_attempt(conn, id, attempt, outcome, None).await?;
            if let Some(job) = &completed {
                events::enqueue_ending(conn, job).await?;
            }
            Ok(completed)
        })
        .await?;
    drop(conn);
    let Some(job) = completed else {
        return Ok(());
    };
    state.outbox.wake();
    if job.charge_state == "refunding"
        && let Err(e) = billing::refund(state, id).await
    {
        tracing::warn!(job = %id, error = %e, "refund failed; the sweeper retries");
    }
    Ok(())
}

async fn retry(
    state: &AppState,
    job: &Job,
    attempt: i32,
    error: &ProviderError,
) -> Result<(), AiError> {
    let s = &state.settings;
    let delay = backoff(
        u32::try_from(attempt).unwrap_or(1),
        s.backoff_base,
        s.backoff_max,
        error.retry_after(),
    );
    let at = Utc::now() + delay;
    let message = error.to_string();
    let mut conn = state.conn().await?;
    let rescheduled = queries::retry_later(&mut conn, job.id, attempt, at, &message).await?;
    let outcome = if rescheduled { "retry" } else { "superseded" };
    queries::finish_attempt(&mut conn, job.id, attempt, outcome, Some(&message)).await?;
    Ok(())
}

/// Fails the job (if this run still holds it), dead-letters it and refunds a paid one.
async fn give_up(state: &AppState, job: &Job, attempt: i32, error: &str) -> Result<(), AiError> {
    let failed = {
        let mut conn = state.conn().await?;
        conn.transaction::<_, AiError, _>(async |conn| {
            let failed = queries::end_unsuccessfully(
                conn,
                job.id,
                "failed",
                &["processing"],
                Some(error),
                Some(attempt),
            )
            .await?;
            let outcome = if failed.is_some() {
                "failed"
            } else {
                "superseded"
            };
            queries::finish_attempt(conn, job.id, attempt, outcome, Some(error)).await?;
            if let Some(failed) = &failed {
                events::enqueue_ending(conn, failed).await?;
            }
            Ok(failed)
        })
        .await?
    };
    let Some(failed) = failed else {
        return Ok(());
    };
    state.outbox.wake();
    if let Err(e) = state.queue.dead_letter(job.id, attempt, error).await {
        tracing::warn!(job = %job.id, error = %format!("{e:#}"), "dead-lettering failed");
    }
    if failed.charge_state == "refunding"
        && let Err(e) = billing::refund(state, failed.id).await
    {
        tracing::warn!(job = %job.id, error = %e, "refund failed; the sweeper retries");
    }
    Ok(())
}

/// What the generator was asked, as the seed's `prompt_used` shows it.
fn prompt_used(params: &Parameters) -> String {
    match params {
        Parameters::QuestionSet { count, theme, .. } => match theme {
            Some(t) => format!("{count} party questions about {t}"),
            None => format!("{count} party questions"),
        },
        Parameters::ItemDescription {
            item_name,
            item_type,
            rarity,
            ..
        } => {
            let what: Vec<&str> = [rarity.as_deref(), item_type.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            if what.is_empty() {
                format!("description of {item_name}")
            } else {
                format!("description of {item_name} ({})", what.join(" "))
            }
        }
        Parameters::CharacterBio { name, class, .. } => match class {
            Some(c) => format!("biography of {name}, {c}"),
            None => format!("biography of {name}"),
        },
        Parameters::CharacterArt { prompt, .. } => prompt.clone(),
    }
}
