//! The transactional outbox: a service writes the events of a state change into its own
//! database, in the transaction that makes the change, and [`Outbox`]'s relay publishes them
//! afterwards, at least once and with one stream id per row however often it is retried. A
//! crash or a Redis outage between commit and publish delays an event; it cannot lose it.
//! `docs/reliability/outbox.md` has the guarantees and their limits.

mod relay;

use contracts::Topic;
use diesel::result::Error as DieselError;
use diesel::{Insertable, QueryResult};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;

use crate::events::Events;

pub use relay::Outbox;

diesel::table! {
    /// The same table in every publishing service's database (each creates it in a migration
    /// of its own; `migration.sql` here is the reference).
    event_outbox (id) {
        id -> Int8,
        topic -> Text,
        kind -> Text,
        body -> Text,
        created_at -> Timestamptz,
    }
}

/// The migration every publishing service applies (its `up.sql`), for tests and new services.
pub const MIGRATION_SQL: &str = include_str!("migration.sql");

/// An event ready to be written: serialised once, when it is made.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = event_outbox)]
pub struct NewEvent {
    topic: String,
    kind: String,
    body: String,
}

impl NewEvent {
    /// An event of type `kind` on `topic` with payload `data`, stamped now.
    pub fn new<T: Serialize>(topic: &Topic, kind: &str, data: &T) -> QueryResult<Self> {
        let body = Events::envelope_body(topic.as_str(), kind, data)
            .map_err(|e| DieselError::SerializationError(e.into()))?;
        Ok(NewEvent {
            topic: topic.as_str().to_owned(),
            kind: kind.to_owned(),
            body,
        })
    }

    /// Its type (`attack`, `gacha_pull`...).
    pub fn kind(&self) -> &str {
        &self.kind
    }
}

/// Writes one event through `conn`; call it inside the transaction of the change it reports.
pub async fn enqueue<T: Serialize>(
    conn: &mut AsyncPgConnection,
    topic: &Topic,
    kind: &str,
    data: &T,
) -> QueryResult<()> {
    enqueue_all(conn, &[NewEvent::new(topic, kind, data)?]).await?;
    Ok(())
}

/// Like [`enqueue`], and returns the row's id, for [`Outbox::flush_ids`] to find its event id.
pub async fn enqueue_id<T: Serialize>(
    conn: &mut AsyncPgConnection,
    topic: &Topic,
    kind: &str,
    data: &T,
) -> QueryResult<i64> {
    let ids = enqueue_all(conn, &[NewEvent::new(topic, kind, data)?]).await?;
    <[i64]>::first(&ids).copied().ok_or(DieselError::NotFound)
}

/// Writes `events` in one multi-row insert, in order (they are published in this order), and
/// returns their row ids in that order.
pub async fn enqueue_all(
    conn: &mut AsyncPgConnection,
    events: &[NewEvent],
) -> QueryResult<Vec<i64>> {
    if events.is_empty() {
        return Ok(Vec::new());
    }
    diesel::insert_into(event_outbox::table)
        .values(events)
        .returning(event_outbox::id)
        .get_results(conn)
        .await
}
