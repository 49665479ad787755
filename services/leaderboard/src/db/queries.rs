//! Queries of the leaderboard database. Each takes a connection, so the caller owns the
//! transaction. The ranked queries answer while Redis is being rebuilt; each is served by an
//! index of the migration (board order, board + player, period window).

use chrono::{DateTime, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{Array, BigInt, Text, Timestamptz, Untyped, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::models::{Count, InsertedScore, NewScore, Score};
use super::schema::scores;
use crate::domain::{BoardKind, PeriodWindow, RankKey};

/// The batch insert of [`insert_scores`], around its nine parameters (see its `walk_ast`).
/// Unlike `sql_query`, it lets diesel keep the prepared statement per connection (keyed by its
/// text), so PostgreSQL parses and plans it once per connection instead of once per batch:
/// with a few rows per batch under load, that planning cost more than the rows.
const INSERT_SCORES: [&str; 10] = [
    "WITH v AS (SELECT * FROM unnest(",
    "::uuid[], ",
    "::text[], ",
    "::int8[], ",
    "::int8[], ",
    "::int8[], ",
    "::int8[], ",
    "::int8[], ",
    "::text[], ",
    "::timestamptz[]) WITH ORDINALITY AS v(user_id, player_name, score, coins, \
     enemies_defeated, distance, level, game_mode, created_at, ord)), \
     ins AS (INSERT INTO scores (user_id, player_name, score, coins, enemies_defeated, \
     distance, level, game_mode, created_at) \
     SELECT user_id, player_name, score, coins, enemies_defeated, distance, level, game_mode, \
     created_at FROM v ORDER BY ord RETURNING *) \
     SELECT ins.*, (SELECT max(s.score) FROM scores s \
     WHERE s.game_mode = ins.game_mode AND s.user_id = ins.user_id) AS previous_best \
     FROM ins ORDER BY ins.id",
];

/// The columns of a batch, bound as arrays.
struct InsertScores<'a> {
    user_ids: Vec<Uuid>,
    player_names: Vec<&'a str>,
    scores: Vec<i64>,
    coins: Vec<i64>,
    enemies_defeated: Vec<i64>,
    distances: Vec<i64>,
    levels: Vec<i64>,
    game_modes: Vec<&'a str>,
    created_at: Vec<DateTime<Utc>>,
}

impl QueryId for InsertScores<'_> {
    type QueryId = ();
    // Cached by its SQL text, which never changes.
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl Query for InsertScores<'_> {
    type SqlType = Untyped;
}

impl QueryFragment<Pg> for InsertScores<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        let [p0, p1, p2, p3, p4, p5, p6, p7, p8, p9] = INSERT_SCORES;
        out.push_sql(p0);
        out.push_bind_param::<Array<SqlUuid>, _>(&self.user_ids)?;
        out.push_sql(p1);
        out.push_bind_param::<Array<Text>, _>(&self.player_names)?;
        out.push_sql(p2);
        out.push_bind_param::<Array<BigInt>, _>(&self.scores)?;
        out.push_sql(p3);
        out.push_bind_param::<Array<BigInt>, _>(&self.coins)?;
        out.push_sql(p4);
        out.push_bind_param::<Array<BigInt>, _>(&self.enemies_defeated)?;
        out.push_sql(p5);
        out.push_bind_param::<Array<BigInt>, _>(&self.distances)?;
        out.push_sql(p6);
        out.push_bind_param::<Array<BigInt>, _>(&self.levels)?;
        out.push_sql(p7);
        out.push_bind_param::<Array<Text>, _>(&self.game_modes)?;
        out.push_sql(p8);
        out.push_bind_param::<Array<Timestamptz>, _>(&self.created_at)?;
        out.push_sql(p9);
        Ok(())
    }
}

/// Inserts many scores in one statement (ids in the order given) and reads each player's best
/// on the board before the whole batch. Rows come back in id order. Whether the commit waits
/// for the WAL flush is the connection's `synchronous_commit` (the writers set it once).
pub async fn insert_scores(
    conn: &mut AsyncPgConnection,
    new: &[NewScore<'_>],
) -> QueryResult<Vec<InsertedScore>> {
    let column = |f: &dyn Fn(&NewScore<'_>) -> i64| new.iter().map(f).collect::<Vec<i64>>();
    InsertScores {
        user_ids: new.iter().map(|n| n.user_id).collect(),
        player_names: new.iter().map(|n| n.player_name).collect(),
        scores: column(&|n| n.score),
        coins: column(&|n| n.coins),
        enemies_defeated: column(&|n| n.enemies_defeated),
        distances: column(&|n| n.distance),
        levels: column(&|n| n.level),
        game_modes: new.iter().map(|n| n.game_mode).collect(),
        created_at: new.iter().map(|n| n.created_at).collect(),
    }
    .load(conn)
    .await
}

/// The scores with these ids, in no particular order.
pub async fn scores_by_ids(conn: &mut AsyncPgConnection, ids: &[i64]) -> QueryResult<Vec<Score>> {
    scores::table
        .filter(scores::id.eq_any(ids))
        .select(Score::as_select())
        .load(conn)
        .await
}

/// The best score submitted under `player_name` (on `game_mode` when given).
pub async fn best_by_player_name(
    conn: &mut AsyncPgConnection,
    player_name: &str,
    game_mode: Option<&str>,
) -> QueryResult<Option<Score>> {
    let mut query = scores::table
        .filter(scores::player_name.eq(player_name))
        .into_boxed();
    if let Some(mode) = game_mode {
        query = query.filter(scores::game_mode.eq(mode));
    }
    query
        .order((
            scores::score.desc(),
            scores::created_at.asc(),
            scores::id.asc(),
        ))
        .select(Score::as_select())
        .first(conn)
        .await
        .optional()
}

/// A player's best entry on a board within a period.
pub async fn user_best(
    conn: &mut AsyncPgConnection,
    game_mode: &str,
    user_id: Uuid,
    window: &PeriodWindow,
) -> QueryResult<Option<Score>> {
    scores::table
        .filter(scores::game_mode.eq(game_mode))
        .filter(scores::user_id.eq(user_id))
        .filter(scores::created_at.ge(window.start))
        .filter(scores::created_at.lt(window.end_or_max()))
        .order((
            scores::score.desc(),
            scores::created_at.asc(),
            scores::id.asc(),
        ))
        .select(Score::as_select())
        .first(conn)
        .await
        .optional()
}

/// The entries of a board in a period as SQL: every score, or each player's best.
fn entries_sql(kind: BoardKind) -> &'static str {
    match kind {
        BoardKind::All => {
            "SELECT * FROM scores WHERE game_mode = $1 AND created_at >= $2 AND created_at < $3"
        }
        BoardKind::Best => {
            "SELECT DISTINCT ON (user_id) * FROM scores \
             WHERE game_mode = $1 AND created_at >= $2 AND created_at < $3 \
             ORDER BY user_id, score DESC, created_at, id"
        }
    }
}

/// Entries `offset..offset + limit` of a board in a period, in rank order.
pub async fn ranked_page(
    conn: &mut AsyncPgConnection,
    game_mode: &str,
    kind: BoardKind,
    window: &PeriodWindow,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<Score>> {
    diesel::sql_query(format!(
        "SELECT * FROM ({}) e ORDER BY score DESC, created_at, id LIMIT $4 OFFSET $5",
        entries_sql(kind)
    ))
    .bind::<Text, _>(game_mode)
    .bind::<Timestamptz, _>(window.start)
    .bind::<Timestamptz, _>(window.end_or_max())
    .bind::<BigInt, _>(limit)
    .bind::<BigInt, _>(offset)
    .load(conn)
    .await
}

/// How many entries of a board in a period rank above the entry `key`.
pub async fn count_ahead(
    conn: &mut AsyncPgConnection,
    game_mode: &str,
    kind: BoardKind,
    window: &PeriodWindow,
    key: &RankKey,
) -> QueryResult<i64> {
    let created_at = DateTime::<Utc>::from_timestamp_millis(key.created_ms).unwrap_or_default();
    let count: Count = diesel::sql_query(format!(
        "SELECT count(*) AS n FROM ({}) e \
         WHERE e.score > $4 OR (e.score = $4 AND (e.created_at, e.id) < ($5, $6))",
        entries_sql(kind)
    ))
    .bind::<Text, _>(game_mode)
    .bind::<Timestamptz, _>(window.start)
    .bind::<Timestamptz, _>(window.end_or_max())
    .bind::<BigInt, _>(key.score)
    .bind::<Timestamptz, _>(created_at)
    .bind::<BigInt, _>(key.id)
    .get_result(conn)
    .await?;
    Ok(count.n)
}

/// How many entries of a board in a period have a score of at least `min_score`.
pub async fn count_at_least(
    conn: &mut AsyncPgConnection,
    game_mode: &str,
    kind: BoardKind,
    window: &PeriodWindow,
    min_score: i64,
) -> QueryResult<i64> {
    let count: Count = diesel::sql_query(format!(
        "SELECT count(*) AS n FROM ({}) e WHERE e.score >= $4",
        entries_sql(kind)
    ))
    .bind::<Text, _>(game_mode)
    .bind::<Timestamptz, _>(window.start)
    .bind::<Timestamptz, _>(window.end_or_max())
    .bind::<BigInt, _>(min_score)
    .get_result(conn)
    .await?;
    Ok(count.n)
}

/// The next rows of a board in a period after `after_id`, in id order, for a rebuild.
pub async fn rows_after(
    conn: &mut AsyncPgConnection,
    game_mode: &str,
    window: &PeriodWindow,
    after_id: i64,
    limit: i64,
) -> QueryResult<Vec<Score>> {
    scores::table
        .filter(scores::game_mode.eq(game_mode))
        .filter(scores::created_at.ge(window.start))
        .filter(scores::created_at.lt(window.end_or_max()))
        .filter(scores::id.gt(after_id))
        .order(scores::id.asc())
        .limit(limit)
        .select(Score::as_select())
        .load(conn)
        .await
}

/// Identifies this database (its name and OID, new whenever it is recreated), so Redis can tell
/// whether its ranks were built from it.
pub async fn database_identity(conn: &mut AsyncPgConnection) -> QueryResult<String> {
    #[derive(QueryableByName)]
    struct Identity {
        #[diesel(sql_type = Text)]
        id: String,
    }
    let identity: Identity = diesel::sql_query(
        "SELECT current_database() || ':' || oid::text AS id FROM pg_database \
         WHERE datname = current_database()",
    )
    .get_result(conn)
    .await?;
    Ok(identity.id)
}
