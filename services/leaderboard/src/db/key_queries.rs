//! Scores submitted with a deployment key (`key_scores`): written and read by SQL alone, ranked
//! by score, then who got there first, as accounts' boards are.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::models::{Count, KeyScore, NewKeyScore};
use super::schema::key_scores;

/// Which key scores a read covers.
#[derive(Debug, Clone, Copy)]
pub struct KeyScope<'a> {
    /// One namespace, or every one.
    pub namespace: Option<&'a str>,
    /// One board, or every one.
    pub game_mode: Option<&'a str>,
    /// Only scores from then on (a period's start).
    pub since: Option<DateTime<Utc>>,
    /// One entry per player (its best), as a `best` board ranks.
    pub best_only: bool,
}

/// The scores `scope` covers as a SQL subquery with binds 1-3 (namespace, game mode, since).
fn scoped(scope: &KeyScope<'_>) -> &'static str {
    if scope.best_only {
        "(SELECT DISTINCT ON (namespace, game_mode, player_name) * FROM key_scores \
          WHERE ($1::text IS NULL OR namespace = $1) AND ($2::text IS NULL OR game_mode = $2) \
            AND ($3::timestamptz IS NULL OR created_at >= $3) \
          ORDER BY namespace, game_mode, player_name, score DESC, created_at, id) s"
    } else {
        "(SELECT * FROM key_scores \
          WHERE ($1::text IS NULL OR namespace = $1) AND ($2::text IS NULL OR game_mode = $2) \
            AND ($3::timestamptz IS NULL OR created_at >= $3)) s"
    }
}

/// Stores one key score.
pub async fn insert_key_score(
    conn: &mut AsyncPgConnection,
    score: &NewKeyScore,
) -> QueryResult<KeyScore> {
    diesel::insert_into(key_scores::table)
        .values(score)
        .returning(KeyScore::as_returning())
        .get_result(conn)
        .await
}

/// The ranked page `offset..offset + limit` of `scope`.
pub async fn key_page(
    conn: &mut AsyncPgConnection,
    scope: &KeyScope<'_>,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<KeyScore>> {
    diesel::sql_query(format!(
        "SELECT id, namespace, player_name, score, coins, enemies_defeated, distance, level, \
         game_mode, created_at FROM {} ORDER BY score DESC, created_at, id OFFSET $4 LIMIT $5",
        scoped(scope)
    ))
    .bind::<Nullable<Text>, _>(scope.namespace)
    .bind::<Nullable<Text>, _>(scope.game_mode)
    .bind::<Nullable<Timestamptz>, _>(scope.since)
    .bind::<BigInt, _>(offset)
    .bind::<BigInt, _>(limit)
    .load(conn)
    .await
}

/// How many entries of `scope` score strictly more than `score`.
pub async fn key_count_above(
    conn: &mut AsyncPgConnection,
    scope: &KeyScope<'_>,
    score: i64,
) -> QueryResult<i64> {
    diesel::sql_query(format!(
        "SELECT count(*) AS n FROM {} WHERE score > $4",
        scoped(scope)
    ))
    .bind::<Nullable<Text>, _>(scope.namespace)
    .bind::<Nullable<Text>, _>(scope.game_mode)
    .bind::<Nullable<Timestamptz>, _>(scope.since)
    .bind::<BigInt, _>(score)
    .get_result::<Count>(conn)
    .await
    .map(|c| c.n)
}

/// The best score of `player_name` in `scope` (its namespace and board).
pub async fn key_best_of_player(
    conn: &mut AsyncPgConnection,
    scope: &KeyScope<'_>,
    player_name: &str,
) -> QueryResult<Option<KeyScore>> {
    let mut query = key_scores::table
        .filter(key_scores::player_name.eq(player_name))
        .order((
            key_scores::score.desc(),
            key_scores::created_at,
            key_scores::id,
        ))
        .select(KeyScore::as_select())
        .into_boxed();
    if let Some(ns) = scope.namespace {
        query = query.filter(key_scores::namespace.eq(ns));
    }
    if let Some(mode) = scope.game_mode {
        query = query.filter(key_scores::game_mode.eq(mode));
    }
    query.first(conn).await.optional()
}
