//! Battle logs.

use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::models::{Log, NewLog};
use super::schema::battle_logs;

/// Appends log lines.
pub async fn insert(conn: &mut AsyncPgConnection, logs: &[NewLog]) -> QueryResult<()> {
    if logs.is_empty() {
        return Ok(());
    }
    diesel::insert_into(battle_logs::table)
        .values(logs)
        .execute(conn)
        .await
        .map(|_| ())
}

/// A page of a battle's logs, oldest first.
pub async fn page(
    conn: &mut AsyncPgConnection,
    battle_id: i64,
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<Log>> {
    battle_logs::table
        .filter(battle_logs::battle_id.eq(battle_id))
        .select(Log::as_select())
        .order(battle_logs::id)
        .limit(limit)
        .offset(offset)
        .load(conn)
        .await
}

/// The newest `limit` logs, oldest first (what a WebSocket client gets on connect).
pub async fn latest(
    conn: &mut AsyncPgConnection,
    battle_id: i64,
    limit: i64,
) -> QueryResult<Vec<Log>> {
    let mut rows: Vec<Log> = battle_logs::table
        .filter(battle_logs::battle_id.eq(battle_id))
        .select(Log::as_select())
        .order(battle_logs::id.desc())
        .limit(limit)
        .load(conn)
        .await?;
    rows.reverse();
    Ok(rows)
}
