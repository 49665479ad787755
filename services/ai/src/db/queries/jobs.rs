//! Jobs as requests see them: creation under the per-user lock, reads, listings, and the
//! money state of paid jobs.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel::sql_types::Text;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::models::{Job, NewJob};
use crate::db::schema::jobs;

/// Serialises one user's job creations (quota checks then insert) across replicas, until the
/// transaction ends.
pub async fn lock_user(conn: &mut AsyncPgConnection, user: Uuid) -> QueryResult<()> {
    diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1::text, 20)) IS NULL")
        .bind::<Text, _>(user.to_string())
        .execute(conn)
        .await
        .map(|_| ())
}

/// Inserts a job.
pub async fn insert_job(conn: &mut AsyncPgConnection, job: &NewJob<'_>) -> QueryResult<Job> {
    diesel::insert_into(jobs::table)
        .values(job)
        .returning(Job::as_returning())
        .get_result(conn)
        .await
}

/// The job with `id`.
pub async fn find_job(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<Option<Job>> {
    jobs::table
        .find(id)
        .select(Job::as_select())
        .first(conn)
        .await
        .optional()
}

/// The job `user` created with this idempotency key.
pub async fn find_by_key(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    key: &str,
) -> QueryResult<Option<Job>> {
    jobs::table
        .filter(jobs::user_id.eq(user))
        .filter(jobs::idempotency_key.eq(key))
        .select(Job::as_select())
        .first(conn)
        .await
        .optional()
}

/// Jobs of `user` queued or processing.
pub async fn count_in_flight(conn: &mut AsyncPgConnection, user: Uuid) -> QueryResult<i64> {
    jobs::table
        .filter(jobs::user_id.eq(user))
        .filter(jobs::status.eq_any(["queued", "processing"]))
        .count()
        .get_result(conn)
        .await
}

/// How many jobs `user` created since `since`, and the oldest of them.
pub async fn created_since(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    since: DateTime<Utc>,
) -> QueryResult<(i64, Option<DateTime<Utc>>)> {
    jobs::table
        .filter(jobs::user_id.eq(user))
        .filter(jobs::created_at.ge(since))
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::min(jobs::created_at),
        ))
        .get_result(conn)
        .await
}

/// Filters of a job listing.
#[derive(Debug, Default, Clone)]
pub struct JobFilter<'a> {
    /// Only this status.
    pub status: Option<&'a str>,
    /// Only this type.
    pub job_type: Option<&'a str>,
}

/// `user`'s jobs, newest first, after the `(created_at, id)` cursor when given.
pub async fn list_jobs(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    filter: &JobFilter<'_>,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: i64,
) -> QueryResult<Vec<Job>> {
    let mut query = jobs::table
        .filter(jobs::user_id.eq(user))
        .select(Job::as_select())
        .into_boxed();
    if let Some(status) = filter.status {
        query = query.filter(jobs::status.eq(status.to_owned()));
    }
    if let Some(job_type) = filter.job_type {
        query = query.filter(jobs::job_type.eq(job_type.to_owned()));
    }
    if let Some((at, id)) = after {
        query = query.filter(
            jobs::created_at
                .lt(at)
                .or(jobs::created_at.eq(at).and(jobs::id.lt(id))),
        );
    }
    query
        .order((jobs::created_at.desc(), jobs::id.desc()))
        .limit(limit)
        .load(conn)
        .await
}

/// How many of `user`'s jobs match `filter`.
pub async fn count_jobs(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    filter: &JobFilter<'_>,
) -> QueryResult<i64> {
    let mut query = jobs::table.filter(jobs::user_id.eq(user)).into_boxed();
    if let Some(status) = filter.status {
        query = query.filter(jobs::status.eq(status.to_owned()));
    }
    if let Some(job_type) = filter.job_type {
        query = query.filter(jobs::job_type.eq(job_type.to_owned()));
    }
    query.count().get_result(conn).await
}

/// Moves `charge_state` from `from` to `to`; whether it was `from`.
pub async fn set_charge_state(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    from: &str,
    to: &str,
) -> QueryResult<bool> {
    diesel::update(jobs::table.find(id).filter(jobs::charge_state.eq(from)))
        .set((
            jobs::charge_state.eq(to),
            jobs::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .await
        .map(|n| n == 1)
}

/// The debit went through: the job may run, and the sweeper queues it at `due` unless a
/// worker claimed it by then.
pub async fn mark_charged(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    due: DateTime<Utc>,
) -> QueryResult<Option<Job>> {
    diesel::update(
        jobs::table
            .find(id)
            .filter(jobs::charge_state.eq("pending")),
    )
    .set((
        jobs::charge_state.eq("charged"),
        jobs::enqueue_at.eq(Some(due)),
        jobs::updated_at.eq(diesel::dsl::now),
    ))
    .returning(Job::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// Removes a job whose debit inventory refused (nothing was charged, nothing ran).
pub async fn delete_unpaid(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<bool> {
    diesel::delete(
        jobs::table
            .find(id)
            .filter(jobs::charge_state.eq("pending")),
    )
    .execute(conn)
    .await
    .map(|n| n == 1)
}

/// Paid jobs whose money is still moving: debits of unknown outcome older than `pending_age`
/// seconds, and refunds owed.
pub async fn owed(
    conn: &mut AsyncPgConnection,
    pending_older_than: DateTime<Utc>,
    limit: i64,
) -> QueryResult<Vec<Job>> {
    jobs::table
        .filter(
            jobs::charge_state.eq("refunding").or(jobs::charge_state
                .eq("pending")
                .and(jobs::created_at.lt(pending_older_than))),
        )
        .order(jobs::updated_at)
        .limit(limit)
        .select(Job::as_select())
        .load(conn)
        .await
}
