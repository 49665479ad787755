//! The configured boards, their periods and when each resets.

use actix_web::{get, web};
use chrono::{DateTime, Utc};
use common::Problem;
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::{BoardKind, Period};
use crate::state::AppState;

/// One period of a board.
#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodInfo {
    /// The period.
    pub period: Period,
    /// Id of the current occurrence (`all`, `d20261201`, `w20261130`, `m202612`).
    pub period_id: String,
    /// When the current occurrence started (UTC); the epoch for all-time.
    pub starts_at: DateTime<Utc>,
    /// When it resets (UTC); `null` for all-time.
    pub resets_at: Option<DateTime<Utc>>,
}

/// One board.
#[derive(Debug, Serialize, ToSchema)]
pub struct BoardInfo {
    /// Its name: the `game_mode` it ranks.
    pub game_mode: String,
    /// `best` (one entry per player) or `all` (every score).
    pub kind: BoardKind,
    /// The highest score accepted.
    pub max_score: i64,
    /// Its periods.
    pub periods: Vec<PeriodInfo>,
}

/// Every board.
#[derive(Debug, Serialize, ToSchema)]
pub struct BoardsResponse {
    /// The server's time the reset times were computed at.
    pub now: DateTime<Utc>,
    /// The boards, in configuration order.
    pub boards: Vec<BoardInfo>,
}

/// The boards, their periods and the next reset of each.
#[utoipa::path(get, path = "/api/leaderboards", tag = "scores",
    responses((status = 200, body = BoardsResponse)))]
#[get("/api/leaderboards")]
#[tracing::instrument(name = "list_boards", skip_all)]
pub async fn list_boards(state: web::Data<AppState>) -> Result<web::Json<BoardsResponse>, Problem> {
    let now = state.clock.now();
    let boards = state
        .settings
        .boards
        .iter()
        .map(|board| BoardInfo {
            game_mode: board.name.clone(),
            kind: board.kind,
            max_score: board.max_score,
            periods: Period::ALL
                .iter()
                .map(|p| {
                    let window = p.window(now);
                    PeriodInfo {
                        period: *p,
                        period_id: window.id(),
                        starts_at: window.start,
                        resets_at: window.end,
                    }
                })
                .collect(),
        })
        .collect();
    Ok(web::Json(BoardsResponse { now, boards }))
}
