//! HTTP endpoints of the leaderboard service and the DTOs they share.

use actix_web::web;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::app::Ranked;
use crate::state::AppState;

pub mod boards;
pub mod me;
pub mod scores;

/// Registers every leaderboard endpoint with its state.
pub fn configure(cfg: &mut ServiceConfig, state: web::Data<AppState>) {
    cfg.app_data(state)
        .service(scores::submit_score)
        .service(scores::list_leaderboard)
        .service(scores::get_player_best)
        .service(scores::get_score_rank)
        .service(me::get_my_rank)
        .service(me::get_around_me)
        .service(boards::list_boards);
}

/// A stored score: the seed's `ScoreResponse` fields, plus the submitting user's id.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScoreResponse {
    /// Score id.
    pub id: i64,
    /// Display name it was submitted under.
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
    /// The board (`levels`, `endless`, ...).
    pub game_mode: String,
    /// When it was submitted (UTC, millisecond precision).
    pub created_at: DateTime<Utc>,
    /// 1-based rank in the list it appears in; `null` where the seed had none.
    pub rank: Option<i64>,
    /// The player who submitted it; for a key score, a stable id of (key namespace, player
    /// name), never an account's.
    pub user_id: Uuid,
    /// `account`, or `api_key` for a score submitted with a deployment key.
    pub source: ScoreSource,
}

/// Who submitted a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScoreSource {
    /// A signed-in account.
    Account,
    /// A deployment API key (`X-API-Key` through the gateway).
    ApiKey,
}

impl ScoreResponse {
    /// The response for a score and its rank.
    pub fn new(score: crate::db::models::Score, rank: Option<i64>) -> Self {
        ScoreResponse {
            id: score.id,
            player_name: score.player_name,
            score: score.score,
            coins: score.coins,
            enemies_defeated: score.enemies_defeated,
            distance: score.distance,
            level: score.level,
            game_mode: score.game_mode,
            created_at: score.created_at,
            rank,
            user_id: score.user_id,
            source: ScoreSource::Account,
        }
    }

    /// The response for a key score and its rank.
    pub fn from_key(score: crate::db::models::KeyScore, rank: Option<i64>) -> Self {
        ScoreResponse {
            user_id: key_player_id(&score.namespace, &score.player_name),
            id: score.id,
            player_name: score.player_name,
            score: score.score,
            coins: score.coins,
            enemies_defeated: score.enemies_defeated,
            distance: score.distance,
            level: score.level,
            game_mode: score.game_mode,
            created_at: score.created_at,
            rank,
            source: ScoreSource::ApiKey,
        }
    }
}

/// A stable UUID (version 8) for a player name within a key namespace: distinct per namespace,
/// and never an account's (those are version 4 or 7).
fn key_player_id(namespace: &str, player_name: &str) -> Uuid {
    use sha2::Digest;
    let digest = sha2::Sha256::new()
        .chain_update(namespace.as_bytes())
        .chain_update([0])
        .chain_update(player_name.as_bytes())
        .finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x80;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    Uuid::from_bytes(bytes)
}

impl From<crate::app::keyed::Entry> for ScoreResponse {
    fn from(entry: crate::app::keyed::Entry) -> Self {
        match entry {
            crate::app::keyed::Entry::Account(r) => r.into(),
            crate::app::keyed::Entry::Key(k, rank) => ScoreResponse::from_key(k, Some(rank)),
        }
    }
}

impl From<Ranked> for ScoreResponse {
    fn from(r: Ranked) -> Self {
        ScoreResponse::new(r.score, Some(r.rank))
    }
}
