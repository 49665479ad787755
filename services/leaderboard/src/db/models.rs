//! Rows of the leaderboard database and what is inserted.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable};
use uuid::Uuid;

use super::schema::{key_scores, scores};
use crate::domain::RankKey;

/// One submitted score.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, QueryableByName)]
#[diesel(table_name = scores, check_for_backend(diesel::pg::Pg))]
pub struct Score {
    /// Its id, increasing with submission order.
    pub id: i64,
    /// The player who submitted it.
    pub user_id: Uuid,
    /// The display name it was submitted under.
    pub player_name: String,
    /// The score.
    pub score: i64,
    /// Coins collected.
    pub coins: i64,
    /// Enemies defeated.
    pub enemies_defeated: i64,
    /// Distance travelled.
    pub distance: i64,
    /// Level reached.
    pub level: i64,
    /// The board.
    pub game_mode: String,
    /// When it was submitted (millisecond precision).
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
impl Score {
    /// A `levels` score at the epoch, level 1 and nothing else collected, for unit tests.
    pub fn sample(id: i64, user_id: Uuid, player_name: &str, score: i64) -> Score {
        Score {
            id,
            user_id,
            player_name: player_name.to_owned(),
            score,
            coins: 0,
            enemies_defeated: 0,
            distance: 0,
            level: 1,
            game_mode: "levels".into(),
            created_at: DateTime::<Utc>::UNIX_EPOCH,
        }
    }
}

impl Score {
    /// Its place in the board order.
    pub fn rank_key(&self) -> RankKey {
        RankKey::new(self.score, self.created_at, self.id)
    }
}

/// A score to insert.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = scores)]
pub struct NewScore<'a> {
    /// The submitting player.
    pub user_id: Uuid,
    /// Display name.
    pub player_name: &'a str,
    /// The score.
    pub score: i64,
    /// Coins collected.
    pub coins: i64,
    /// Enemies defeated.
    pub enemies_defeated: i64,
    /// Distance travelled.
    pub distance: i64,
    /// Level reached.
    pub level: i64,
    /// The board.
    pub game_mode: &'a str,
    /// Submission time from the service clock, truncated to milliseconds.
    pub created_at: DateTime<Utc>,
}

/// A freshly inserted score and the player's best on the board before it.
#[derive(Debug, Clone, QueryableByName)]
pub struct InsertedScore {
    /// The stored row.
    #[diesel(embed)]
    pub score: Score,
    /// The player's best on this board before this score, if any.
    #[diesel(sql_type = Nullable<BigInt>)]
    pub previous_best: Option<i64>,
}

/// A count.
#[derive(Debug, Clone, Copy, QueryableByName)]
pub struct Count {
    /// The number counted.
    #[diesel(sql_type = BigInt)]
    pub n: i64,
}

/// A score submitted with a deployment key, in the key's namespace.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, QueryableByName)]
#[diesel(table_name = key_scores, check_for_backend(diesel::pg::Pg))]
pub struct KeyScore {
    /// Its id (its own sequence, apart from accounts' score ids).
    pub id: i64,
    /// The key's namespace id.
    pub namespace: String,
    /// The player name the client sent.
    pub player_name: String,
    /// The score.
    pub score: i64,
    /// Coins collected.
    pub coins: i64,
    /// Enemies defeated.
    pub enemies_defeated: i64,
    /// Distance travelled.
    pub distance: i64,
    /// Level reached.
    pub level: i64,
    /// The board.
    pub game_mode: String,
    /// When it was submitted (millisecond precision).
    pub created_at: DateTime<Utc>,
}

/// A key score to store.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = key_scores)]
pub struct NewKeyScore {
    /// The key's namespace id.
    pub namespace: String,
    /// The player name the client sent.
    pub player_name: String,
    /// The score.
    pub score: i64,
    /// Coins collected.
    pub coins: i64,
    /// Enemies defeated.
    pub enemies_defeated: i64,
    /// Distance travelled.
    pub distance: i64,
    /// Level reached.
    pub level: i64,
    /// The board.
    pub game_mode: String,
}
