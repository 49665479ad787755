//! Scores of deployment keys (`key_scores`) and the boards read with or without them: which
//! scores a read covers (`source`), and merging key scores with accounts' ranked answers.

use common::auth::key_identity::KeyNamespace;
use serde::Deserialize;
use utoipa::ToSchema;

use super::{Ranked, board, read, window};
use crate::db::key_queries::{self, KeyScope};
use crate::db::models::{KeyScore, NewKeyScore, Score};
use crate::domain::{BoardKind, Period, Submission};
use crate::error::LeaderboardError;
use crate::state::AppState;

/// Which scores a board read covers (`?source=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Accounts' scores only: the default for everyone but a key caller.
    Account,
    /// Key-submitted scores only (a key caller's own namespace; every namespace for others):
    /// the default for a key caller, whose seed client knew no other board.
    ApiKey,
    /// Both, merged in rank order.
    All,
}

impl Source {
    /// `requested`, or the default for this caller.
    pub fn or_default_for(requested: Option<Source>, key: Option<&KeyNamespace>) -> Source {
        requested.unwrap_or(if key.is_some() {
            Source::ApiKey
        } else {
            Source::Account
        })
    }

    /// Whether accounts' scores are read.
    pub fn accounts(self) -> bool {
        matches!(self, Source::Account | Source::All)
    }

    /// Whether key scores are read.
    pub fn keys(self) -> bool {
        matches!(self, Source::ApiKey | Source::All)
    }
}

/// A ranked entry of either origin.
#[derive(Debug, Clone)]
pub enum Entry {
    /// An account's score.
    Account(Ranked),
    /// A key score and its rank.
    Key(KeyScore, i64),
}

impl Entry {
    fn order(&self) -> (std::cmp::Reverse<i64>, chrono::DateTime<chrono::Utc>) {
        match self {
            Entry::Account(r) => (std::cmp::Reverse(r.score.score), r.score.created_at),
            Entry::Key(k, _) => (std::cmp::Reverse(k.score), k.created_at),
        }
    }

    fn with_rank(self, rank: i64) -> Self {
        match self {
            Entry::Account(mut r) => {
                r.rank = rank;
                Entry::Account(r)
            }
            Entry::Key(k, _) => Entry::Key(k, rank),
        }
    }
}

fn scope<'a>(
    state: &AppState,
    key: Option<&'a KeyNamespace>,
    game_mode: Option<&'a str>,
    period: Period,
) -> Result<KeyScope<'a>, LeaderboardError> {
    let best_only = match game_mode {
        Some(mode) => board(state, mode)?.kind == BoardKind::Best,
        None => false,
    };
    Ok(KeyScope {
        namespace: key.map(KeyNamespace::as_str),
        game_mode,
        since: (period != Period::All).then(|| window(state, period).start),
        best_only,
    })
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Entries `offset..offset + limit` of the board (or every board) from `source`, ranked from
/// `offset + 1`. Merging takes each side's first `offset + limit`, which hold the union's.
pub async fn page(
    state: &AppState,
    key: Option<&KeyNamespace>,
    source: Source,
    game_mode: Option<&str>,
    period: Period,
    offset: usize,
    limit: usize,
) -> Result<Vec<Entry>, LeaderboardError> {
    let wanted = offset.saturating_add(limit);
    let (account_offset, account_limit) = if source.keys() {
        (0, wanted)
    } else {
        (offset, limit)
    };
    let mut entries = Vec::new();
    if source.accounts() {
        let ranked = match game_mode {
            Some(mode) => {
                read::page(
                    state,
                    board(state, mode)?,
                    period,
                    account_offset,
                    account_limit,
                )
                .await?
            }
            None => read::page_of_all(state, period, account_offset, account_limit).await?,
        };
        entries.extend(ranked.into_iter().map(Entry::Account));
    }
    if source.keys() {
        let scope = scope(state, key, game_mode, period)?;
        let (key_offset, key_limit) = if source.accounts() {
            (0, wanted)
        } else {
            (offset, limit)
        };
        let mut conn = state.conn().await?;
        let rows =
            key_queries::key_page(&mut conn, &scope, count(key_offset), count(key_limit)).await?;
        entries.extend(rows.into_iter().map(|k| Entry::Key(k, 0)));
    }
    if source == Source::All {
        entries.sort_by_key(Entry::order);
        entries = entries.into_iter().skip(offset).take(limit).collect();
    }
    let first = count(offset) + 1;
    Ok(entries
        .into_iter()
        .zip(first..)
        .map(|(e, rank)| e.with_rank(rank))
        .collect())
}

/// The rank `score` would take among `source`'s entries: 1 + those scoring strictly more.
pub async fn rank_of_score(
    state: &AppState,
    key: Option<&KeyNamespace>,
    source: Source,
    game_mode: Option<&str>,
    period: Period,
    score: i64,
) -> Result<i64, LeaderboardError> {
    let mut rank = 1;
    if source.accounts() {
        rank = read::rank_of_score(state, game_mode, period, score).await?;
    }
    if source.keys() {
        let scope = scope(state, key, game_mode, period)?;
        let mut conn = state.conn().await?;
        rank += key_queries::key_count_above(&mut conn, &scope, score).await?;
    }
    Ok(rank)
}

/// The best entry under `player_name` from `source`.
pub async fn best_of_player(
    state: &AppState,
    key: Option<&KeyNamespace>,
    source: Source,
    player_name: &str,
    game_mode: Option<&str>,
) -> Result<Entry, LeaderboardError> {
    let account: Option<Score> = if source.accounts() {
        match read::best_of_player(state, player_name, game_mode).await {
            Ok(score) => Some(score),
            Err(LeaderboardError::PlayerNotFound) => None,
            Err(e) => return Err(e),
        }
    } else {
        None
    };
    let keyed = if source.keys() {
        let scope = scope(state, key, game_mode, Period::All)?;
        let mut conn = state.conn().await?;
        key_queries::key_best_of_player(&mut conn, &scope, player_name).await?
    } else {
        None
    };
    match (account, keyed) {
        (Some(a), Some(k)) if k.score > a.score => Ok(Entry::Key(k, 0)),
        (Some(a), _) => Ok(Entry::Account(Ranked { score: a, rank: 0 })),
        (None, Some(k)) => Ok(Entry::Key(k, 0)),
        (None, None) => Err(LeaderboardError::PlayerNotFound),
    }
}

/// A key score stored: its ranks in the namespace's board for every period, and whether it
/// beats the player's earlier ones there.
pub struct SubmittedKeyScore {
    /// The stored row.
    pub score: KeyScore,
    /// Rank per period, in [`Period::ALL`] order.
    pub ranks: Vec<(Period, i64)>,
    /// Beats every earlier score of this player name on this board in the namespace.
    pub personal_best: bool,
}

/// Stores `submission` under `key`; a key submission must name its player.
pub async fn submit(
    state: &AppState,
    key: &KeyNamespace,
    submission: Submission,
) -> Result<SubmittedKeyScore, LeaderboardError> {
    let player_name = submission.player_name.clone().ok_or_else(|| {
        LeaderboardError::Validation(vec![common::error::FieldError {
            field: "player_name".to_owned(),
            message: "is required with an API key".to_owned(),
        }])
    })?;
    let mode = submission.board.name.clone();
    let mut conn = state.conn().await?;
    let scope = scope(state, Some(key), Some(&mode), Period::All)?;
    let earlier = key_queries::key_best_of_player(&mut conn, &scope, &player_name).await?;
    let row = key_queries::insert_key_score(
        &mut conn,
        &NewKeyScore {
            namespace: key.as_str().to_owned(),
            player_name,
            score: submission.score,
            coins: submission.coins,
            enemies_defeated: submission.enemies_defeated,
            distance: submission.distance,
            level: submission.level,
            game_mode: mode.clone(),
        },
    )
    .await?;
    let mut ranks = Vec::with_capacity(Period::ALL.len());
    for period in Period::ALL {
        let scope = self::scope(state, Some(key), Some(&mode), period)?;
        let above = key_queries::key_count_above(&mut conn, &scope, row.score).await?;
        ranks.push((period, above + 1));
    }
    Ok(SubmittedKeyScore {
        personal_best: earlier.is_none_or(|e| row.score > e.score),
        score: row,
        ranks,
    })
}
