//! The seed's score endpoints: submit, leaderboard, a player's best, the rank of a score.

use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, get, post, web};
use common::error::ProblemBody;
use common::{OptionalIdempotencyKey, Problem};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::ScoreResponse;
use crate::app::keyed::{self, Source};
use crate::app::{Ranked, board, read, submit};
use crate::domain::{Period, Submission, SubmissionInput};
use crate::error::LeaderboardError;
use crate::state::AppState;
use common::auth::key_identity::{MaybeKeyCaller, SeedCaller};

/// Default number of entries of a leaderboard read (the seed's).
pub const DEFAULT_LIMIT: i64 = 10;

/// `POST /api/scores` body: the seed's fields.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ScoreRequest {
    /// Display name, 1-50 characters; the caller's username when absent.
    pub player_name: Option<String>,
    /// The score: 0 up to the board's maximum.
    pub score: i64,
    /// Coins collected (non-negative).
    pub coins: i64,
    /// Enemies defeated (non-negative).
    pub enemies_defeated: i64,
    /// Distance travelled (non-negative).
    pub distance: i64,
    /// Level reached (non-negative).
    pub level: i64,
    /// The board: one of the configured game modes (`levels`, `endless` by default).
    pub game_mode: String,
}

/// Ranks of a new score in each period.
#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodRanks {
    /// All-time rank.
    pub all: i64,
    /// Rank today (UTC).
    pub daily: i64,
    /// Rank this week (from Monday, UTC).
    pub weekly: i64,
    /// Rank this month (UTC).
    pub monthly: i64,
}

/// A stored score with its ranks.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubmitScoreResponse {
    /// The stored score; `rank` is its all-time rank on its board (on a `best` board, for a
    /// score below the player's best, the rank it would take).
    #[serde(flatten)]
    pub score: ScoreResponse,
    /// Its rank in each period.
    pub ranks: PeriodRanks,
    /// Whether it beats every earlier score of the player on this board.
    pub personal_best: bool,
}

/// Submits a score for the authenticated player (Bearer access token or `access_token` cookie). It is stored, then ranked on every period of
/// its board. Answers 200, as the seed did. With a deployment key (the gateway's assertion for
/// `X-API-Key`) the score goes to the key's namespace under the `player_name` sent (required),
/// marked `source: "api_key"` and ranked among that namespace's scores. An account's
/// submission may carry an `Idempotency-Key`: a retry with the same key and score stores
/// nothing and answers with the first score (its id, ranks and `personal_best` as then).
#[utoipa::path(post, path = "/api/scores", tag = "scores", request_body = ScoreRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "1-200 visible ASCII characters; a retry with the same key answers with the score first stored under it")),
    responses(
        (status = 200, body = SubmitScoreResponse),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`malformed_json` or `invalid_idempotency_key`"),
        (status = 401, body = ProblemBody, content_type = "application/problem+json", description = "no or invalid access token"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json", description = "`unknown_user`: no player_name and auth does not know the caller"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_body` (wrong shape, e.g. 1.5), `validation_failed` (negative, above the board maximum, unknown game_mode, bad name) or `idempotency_key_reused` (the key stored a different score)"),
        (status = 503, body = ProblemBody, content_type = "application/problem+json", description = "`username_unavailable` (no player_name and auth unreachable or failing), `database_unavailable`, or `ranks_rebuilding` (Redis ranks being rebuilt and PostgreSQL busy answering others; nothing was stored, retry after `Retry-After`)"),
    ))]
#[post("/api/scores")]
#[tracing::instrument(name = "submit_score", skip_all, fields(user.id = tracing::field::Empty))]
pub async fn submit_score(
    state: web::Data<AppState>,
    caller: SeedCaller,
    key: OptionalIdempotencyKey,
    body: web::Json<ScoreRequest>,
) -> Result<web::Json<SubmitScoreResponse>, Problem> {
    let body = body.into_inner();
    let submission = Submission::parse(
        SubmissionInput {
            player_name: body.player_name,
            score: body.score,
            coins: body.coins,
            enemies_defeated: body.enemies_defeated,
            distance: body.distance,
            level: body.level,
            game_mode: body.game_mode,
        },
        &state.settings.boards,
    )
    .map_err(LeaderboardError::Validation)?;
    let user = match caller {
        SeedCaller::Account(user) => user,
        SeedCaller::Key(ns) => {
            let submitted = keyed::submit(&state, &ns, submission).await?;
            let rank_in = |period: Period| {
                submitted
                    .ranks
                    .iter()
                    .find(|(p, _)| *p == period)
                    .map_or(1, |(_, r)| *r)
            };
            return Ok(web::Json(SubmitScoreResponse {
                ranks: PeriodRanks {
                    all: rank_in(Period::All),
                    daily: rank_in(Period::Daily),
                    weekly: rank_in(Period::Weekly),
                    monthly: rank_in(Period::Monthly),
                },
                personal_best: submitted.personal_best,
                score: ScoreResponse::from_key(submitted.score, Some(rank_in(Period::All))),
            }));
        }
    };
    tracing::Span::current().record("user.id", tracing::field::display(user.id));
    let submitted = submit::submit(
        &state,
        user.id,
        submission,
        key.into_inner().as_ref().map(|k| k.as_str()),
    )
    .await?;
    let rank_in = |period: Period| {
        submitted
            .period_ranks
            .iter()
            .find(|(p, _)| *p == period)
            .map_or(submitted.ranked.rank, |(_, r)| *r)
    };
    Ok(web::Json(SubmitScoreResponse {
        ranks: PeriodRanks {
            all: rank_in(Period::All),
            daily: rank_in(Period::Daily),
            weekly: rank_in(Period::Weekly),
            monthly: rank_in(Period::Monthly),
        },
        personal_best: submitted.personal_best,
        score: submitted.ranked.into(),
    }))
}

/// `GET /api/scores/leaderboard` query.
#[derive(Debug, Deserialize, IntoParams)]
pub struct LeaderboardQuery {
    /// Entries to return: 1 to `LEADERBOARD_MAX_LIMIT` (100 by default; larger values are
    /// capped); default 10.
    pub limit: Option<i64>,
    /// Entries to skip first: 0 (default) to `LEADERBOARD_MAX_OFFSET` (10,000 by default);
    /// the answer's ranks start at `offset + 1`.
    pub offset: Option<i64>,
    /// The board; without it, every board's entries merged in rank order (the seed's).
    pub game_mode: Option<String>,
    /// `all` (default), `daily`, `weekly` or `monthly` (UTC; weeks start on Monday).
    pub period: Option<Period>,
    /// Whose scores: `account` (accounts' only), `api_key` (scores submitted with a deployment
    /// key: the caller's own key namespace when it calls with a key, else every key's) or `all`
    /// (both, merged in rank order). Default: `api_key` for a key caller, else `account`.
    #[param(inline)]
    pub source: Option<Source>,
}

/// The top entries, ranked 1..n (or from `offset + 1`): by score, ties broken by who got there
/// first.
#[utoipa::path(get, path = "/api/scores/leaderboard", tag = "scores", params(LeaderboardQuery),
    responses(
        (status = 200, body = Vec<ScoreResponse>),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_query`: limit below 1, offset negative or above the maximum, unknown game_mode or period"),
        (status = 503, body = ProblemBody, content_type = "application/problem+json", description = "`ranks_rebuilding`: the Redis ranks are being rebuilt and PostgreSQL is busy answering others; retry after `Retry-After`"),
    ))]
#[get("/api/scores/leaderboard")]
#[tracing::instrument(name = "list_leaderboard", skip_all)]
pub async fn list_leaderboard(
    state: web::Data<AppState>,
    query: web::Query<LeaderboardQuery>,
    key: MaybeKeyCaller,
) -> Result<HttpResponse, Problem> {
    let limit = bounded_limit(query.limit, state.settings.max_limit)?;
    let offset = bounded_offset(query.offset, state.settings.max_offset)?;
    let period = query.period.unwrap_or_default();
    let source = Source::or_default_for(query.source, key.0.as_ref());
    if source != Source::Account {
        let entries = keyed::page(
            &state,
            key.0.as_ref(),
            source,
            non_empty(query.game_mode.as_deref()),
            period,
            offset,
            limit,
        )
        .await?;
        let entries: Vec<ScoreResponse> = entries.into_iter().map(Into::into).collect();
        return Ok(HttpResponse::Ok().json(entries));
    }
    let body = match non_empty(query.game_mode.as_deref()) {
        // The hot read: the top N's answer is rendered once per cached copy.
        Some(mode) if offset == 0 => read::top_cached(&state, board(&state, mode)?, period)
            .await?
            .rendered(limit, render)?,
        Some(mode) => {
            render(&read::page(&state, board(&state, mode)?, period, offset, limit).await?)?
        }
        None => render(&read::page_of_all(&state, period, offset, limit).await?)?,
    };
    Ok(HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(body))
}

/// The JSON answer listing `entries`.
fn render(entries: &[Ranked]) -> Result<web::Bytes, LeaderboardError> {
    let entries: Vec<ScoreResponse> = entries.iter().cloned().map(Into::into).collect();
    serde_json::to_vec(&entries)
        .map(web::Bytes::from)
        .map_err(LeaderboardError::internal)
}

/// An empty `game_mode=` means no filter, as in the seed (FastAPI read it as falsy).
fn non_empty(game_mode: Option<&str>) -> Option<&str> {
    game_mode.filter(|mode| !mode.is_empty())
}

/// `limit` checked: at least 1, capped at `max`.
fn bounded_limit(limit: Option<i64>, max: usize) -> Result<usize, LeaderboardError> {
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if limit < 1 {
        return Err(LeaderboardError::query("limit", "must be at least 1"));
    }
    Ok(usize::try_from(limit).unwrap_or(max).min(max))
}

/// `offset` checked: 0 when absent, else 0 to `max`.
fn bounded_offset(offset: Option<i64>, max: usize) -> Result<usize, LeaderboardError> {
    let offset = offset.unwrap_or(0);
    let Ok(offset) = usize::try_from(offset) else {
        return Err(LeaderboardError::query("offset", "must not be negative"));
    };
    if offset > max {
        return Err(LeaderboardError::query(
            "offset",
            format!("must be at most {max}; use around-me for deeper places"),
        ));
    }
    Ok(offset)
}

/// `GET /api/scores/player/{player_name}` query.
#[derive(Debug, Deserialize, IntoParams)]
pub struct PlayerQuery {
    /// Only this board's scores.
    pub game_mode: Option<String>,
    /// Whose scores: `account` (accounts' only), `api_key` (scores submitted with a deployment
    /// key: the caller's own key namespace when it calls with a key, else every key's) or `all`
    /// (both, merged in rank order). Default: `api_key` for a key caller, else `account`.
    #[param(inline)]
    pub source: Option<Source>,
}

/// The best score submitted under a player name (`rank` is `null`, as in the seed).
#[utoipa::path(get, path = "/api/scores/player/{player_name}", tag = "scores",
    params(("player_name" = String, Path, description = "Display name"), PlayerQuery),
    responses(
        (status = 200, body = ScoreResponse),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`player_not_found`"),
    ))]
#[get("/api/scores/player/{player_name}")]
#[tracing::instrument(name = "get_player_best", skip_all)]
pub async fn get_player_best(
    state: web::Data<AppState>,
    player_name: web::Path<String>,
    query: web::Query<PlayerQuery>,
    key: MaybeKeyCaller,
) -> Result<web::Json<ScoreResponse>, Problem> {
    let source = Source::or_default_for(query.source, key.0.as_ref());
    let best = keyed::best_of_player(
        &state,
        key.0.as_ref(),
        source,
        &player_name,
        non_empty(query.game_mode.as_deref()),
    )
    .await?;
    let mut response = ScoreResponse::from(best);
    response.rank = None;
    Ok(web::Json(response))
}

/// `GET /api/scores/rank/{score}` query.
#[derive(Debug, Deserialize, IntoParams)]
pub struct RankQuery {
    /// The board; without it, entries of every board count (the seed's).
    pub game_mode: Option<String>,
    /// `all` (default), `daily`, `weekly` or `monthly`.
    pub period: Option<Period>,
    /// Whose scores: `account` (accounts' only), `api_key` (scores submitted with a deployment
    /// key: the caller's own key namespace when it calls with a key, else every key's) or `all`
    /// (both, merged in rank order). Default: `api_key` for a key caller, else `account`.
    #[param(inline)]
    pub source: Option<Source>,
}

/// The rank a score would have.
#[derive(Debug, Serialize, ToSchema)]
pub struct RankResponse {
    /// The score asked about.
    pub score: i64,
    /// 1 + the number of entries scoring strictly more.
    pub rank: i64,
}

/// The rank a score would have: 1 + the entries scoring strictly more (the seed's rule).
#[utoipa::path(get, path = "/api/scores/rank/{score}", tag = "scores",
    params(("score" = i64, Path, description = "A score"), RankQuery),
    responses(
        (status = 200, body = RankResponse),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_path_parameter` or `invalid_query`"),
        (status = 503, body = ProblemBody, content_type = "application/problem+json", description = "`ranks_rebuilding`: the Redis ranks are being rebuilt and PostgreSQL is busy answering others; retry after `Retry-After`"),
    ))]
#[get("/api/scores/rank/{score}")]
#[tracing::instrument(name = "get_score_rank", skip_all)]
pub async fn get_score_rank(
    state: web::Data<AppState>,
    score: web::Path<i64>,
    query: web::Query<RankQuery>,
    key: MaybeKeyCaller,
) -> Result<web::Json<RankResponse>, Problem> {
    let score = score.into_inner();
    let rank = keyed::rank_of_score(
        &state,
        key.0.as_ref(),
        Source::or_default_for(query.source, key.0.as_ref()),
        non_empty(query.game_mode.as_deref()),
        query.period.unwrap_or_default(),
        score,
    )
    .await?;
    Ok(web::Json(RankResponse { score, rank }))
}
