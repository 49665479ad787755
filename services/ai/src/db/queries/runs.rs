//! Jobs as the queue sees them: taking due jobs for the stream, claims, attempts, and the
//! conditional endings of a run. Every status change is conditional on the status it leaves,
//! so two workers, a worker and a cancel, or two replicas' sweepers can race without a job
//! changing twice.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::Value;
use uuid::Uuid;

use crate::db::models::{Attempt, Image, Job};
use crate::db::schema::{job_attempts, job_images, jobs};

#[derive(QueryableByName)]
struct IdRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
}

/// Takes up to `limit` queued jobs that are due on the stream, clearing their `enqueue_at`
/// (the caller adds them; replicas never take the same job).
pub async fn take_due(conn: &mut AsyncPgConnection, limit: i64) -> QueryResult<Vec<Uuid>> {
    let rows: Vec<IdRow> = diesel::sql_query(
        "UPDATE jobs SET enqueue_at = NULL, updated_at = now() WHERE id IN ( \
           SELECT id FROM jobs WHERE enqueue_at <= now() AND status = 'queued' \
           AND charge_state IN ('none', 'charged') \
           ORDER BY enqueue_at LIMIT $1 FOR UPDATE SKIP LOCKED) RETURNING id",
    )
    .bind::<BigInt, _>(limit)
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

/// Takes up to `limit` processing jobs whose lease ran out before `expired_before`: their
/// worker died and their stream entry is gone too (acknowledged by a worker that found the job
/// still leased, or lost with the stream). Their lease is set to now, so the entry the caller
/// adds can be claimed at once and the next sweeps leave them alone for a while.
pub async fn take_orphans(
    conn: &mut AsyncPgConnection,
    expired_before: DateTime<Utc>,
    limit: i64,
) -> QueryResult<Vec<Uuid>> {
    let rows: Vec<IdRow> = diesel::sql_query(
        "UPDATE jobs SET lease_until = now() WHERE id IN ( \
           SELECT id FROM jobs WHERE status = 'processing' AND lease_until < $1 \
           ORDER BY lease_until LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING id",
    )
    .bind::<Timestamptz, _>(expired_before)
    .bind::<BigInt, _>(limit)
    .load(conn)
    .await?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

/// Sets `enqueue_at` (the stream could not take the job; the sweeper tries again then).
pub async fn enqueue_later(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    at: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(jobs::table.find(id).filter(jobs::status.eq("queued")))
        .set(jobs::enqueue_at.eq(Some(at)))
        .execute(conn)
        .await
        .map(|_| ())
}

/// A worker's claim: a queued job (unless it is a retry waiting out its backoff), or a
/// processing one whose worker's lease ran out (it died). Counts the attempt.
pub async fn claim(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    worker: &str,
    lease_until: DateTime<Utc>,
) -> QueryResult<Option<Job>> {
    diesel::sql_query(
        "UPDATE jobs SET status = 'processing', attempts = attempts + 1, lease_owner = $2, \
           enqueue_at = NULL, run_after = NULL, \
           lease_until = $3, started_at = COALESCE(started_at, now()), updated_at = now() \
         WHERE id = $1 AND charge_state IN ('none', 'charged') \
           AND ((status = 'queued' AND (run_after IS NULL OR run_after <= now())) \
             OR (status = 'processing' AND lease_until < now())) RETURNING *",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<Text, _>(worker)
    .bind::<Timestamptz, _>(lease_until)
    .get_result(conn)
    .await
    .optional()
}

/// Records the start of a run.
pub async fn insert_attempt(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    attempt: i32,
    worker: &str,
) -> QueryResult<()> {
    diesel::insert_into(job_attempts::table)
        .values((
            job_attempts::job_id.eq(id),
            job_attempts::attempt.eq(attempt),
            job_attempts::worker.eq(worker),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await
        .map(|_| ())
}

/// Records how a run ended.
pub async fn finish_attempt(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    attempt: i32,
    outcome: &str,
    error: Option<&str>,
) -> QueryResult<()> {
    diesel::update(job_attempts::table.find((id, attempt)))
        .set((
            job_attempts::finished_at.eq(Some(Utc::now())),
            job_attempts::outcome.eq(outcome),
            job_attempts::error.eq(error),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Every run of a job, in order.
pub async fn attempts_of(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<Vec<Attempt>> {
    job_attempts::table
        .filter(job_attempts::job_id.eq(id))
        .order(job_attempts::attempt)
        .select(Attempt::as_select())
        .load(conn)
        .await
}

/// Completes a processing job; `None` when it is no longer processing (another run finished
/// it first, or it was cancelled), so a job completes once. With `refund` (the model's provider
/// failed and the offline generator answered instead), a charged job's refund intent is
/// recorded in the same statement, as a failure's is.
pub async fn complete(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    result: &Value,
    refund: bool,
) -> QueryResult<Option<Job>> {
    let charge_state = diesel::dsl::sql::<Text>("CASE WHEN ")
        .bind::<diesel::sql_types::Bool, _>(refund)
        .sql(" AND charge_state = 'charged' THEN 'refunding' ELSE charge_state END");
    diesel::update(jobs::table.find(id).filter(jobs::status.eq("processing")))
        .set((
            jobs::charge_state.eq(charge_state),
            jobs::status.eq("completed"),
            jobs::result.eq(Some(result)),
            jobs::error.eq(None::<String>),
            jobs::lease_owner.eq(None::<String>),
            jobs::lease_until.eq(None::<DateTime<Utc>>),
            jobs::completed_at.eq(Some(Utc::now())),
            jobs::updated_at.eq(diesel::dsl::now),
        ))
        .returning(Job::as_returning())
        .get_result(conn)
        .await
        .optional()
}

/// Puts the current run's job back in the queue, due at `at`; false when the job moved on
/// (cancelled, or re-claimed after this run's lease ran out).
pub async fn retry_later(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    attempt: i32,
    at: DateTime<Utc>,
    error: &str,
) -> QueryResult<bool> {
    diesel::update(
        jobs::table
            .find(id)
            .filter(jobs::status.eq("processing"))
            .filter(jobs::attempts.eq(attempt)),
    )
    .set((
        jobs::status.eq("queued"),
        jobs::enqueue_at.eq(Some(at)),
        jobs::run_after.eq(Some(at)),
        jobs::error.eq(Some(error)),
        jobs::lease_owner.eq(None::<String>),
        jobs::lease_until.eq(None::<DateTime<Utc>>),
        jobs::updated_at.eq(diesel::dsl::now),
    ))
    .execute(conn)
    .await
    .map(|n| n == 1)
}

/// Ends a job as `failed` or `cancelled` from one of `from` (and only during run `attempt`
/// when given), recording in the same statement that a charged job is owed its refund.
/// `None` when it was in none of them.
pub async fn end_unsuccessfully(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    to: &str,
    from: &[&str],
    error: Option<&str>,
    attempt: Option<i32>,
) -> QueryResult<Option<Job>> {
    let from: Vec<String> = from.iter().map(|s| (*s).to_owned()).collect();
    diesel::sql_query(
        "UPDATE jobs SET status = $2, error = COALESCE($4, error), \
           charge_state = CASE WHEN charge_state = 'charged' THEN 'refunding' ELSE charge_state END, \
           enqueue_at = NULL, run_after = NULL, lease_owner = NULL, lease_until = NULL, \
           completed_at = now(), updated_at = now() \
         WHERE id = $1 AND status = ANY($3) AND ($5::int4 IS NULL OR attempts = $5) RETURNING *",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<Text, _>(to)
    .bind::<diesel::sql_types::Array<Text>, _>(from)
    .bind::<Nullable<Text>, _>(error)
    .bind::<Nullable<diesel::sql_types::Int4>, _>(attempt)
    .get_result(conn)
    .await
    .optional()
}

/// A job's image.
pub async fn find_image(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<Option<Image>> {
    job_images::table
        .find(id)
        .select(Image::as_select())
        .first(conn)
        .await
        .optional()
}
