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
    /// The player who submitted it.
    pub user_id: Uuid,
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
        }
    }
}

impl From<Ranked> for ScoreResponse {
    fn from(r: Ranked) -> Self {
        ScoreResponse::new(r.score, Some(r.rank))
    }
}
