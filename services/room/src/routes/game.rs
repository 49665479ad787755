//! The voting game's REST routes (`/api/game/...`), the seed's paths and shapes plus the
//! game state for reconnecting clients.

use actix_web::{HttpResponse, get, post, web};
use common::Problem;
use common::auth::AuthUser;
use common::error::ProblemBody;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::app::game::machine;
use crate::app::game::views::{
    AnswerView, GameStateResponse, LeaderboardResponse, RoundEndedResponse, RoundResponse,
    VoteResponse,
};
use crate::routes::code;
use crate::state::AppState;

/// Starts the game (host only): questions are chosen and round 1 opens for answers.
#[utoipa::path(post, path = "/api/game/{code}/start", tag = "game",
    params(("code" = String, Path, description = "join code")),
    responses((status = 200, body = RoundResponse),
        (status = 403, description = "`not_host` or `not_a_member`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, description = "`game_already_started`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 400, description = "`wrong_room_kind`: not a voting room", body = ProblemBody, content_type = "application/problem+json")))]
#[post("/api/game/{code}/start")]
#[tracing::instrument(name = "start_game", skip_all, fields(user.id = %user.id))]
pub async fn start_game(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<web::Json<RoundResponse>, Problem> {
    let code = code(&path)?;
    Ok(web::Json(machine::start(&state, user.id, &code).await?))
}

/// The game as it is now: phase, round, deadline, answers (anonymous until the results) and
/// scores, for a member (re)connecting.
#[utoipa::path(get, path = "/api/game/{code}", tag = "game",
    params(("code" = String, Path, description = "join code")),
    responses((status = 200, body = GameStateResponse),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 400, description = "`wrong_room_kind`: not a voting room", body = ProblemBody, content_type = "application/problem+json")))]
#[get("/api/game/{code}")]
pub async fn get_game(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<web::Json<GameStateResponse>, Problem> {
    let code = code(&path)?;
    Ok(web::Json(
        machine::game_state(&state, user.id, &code).await?,
    ))
}

/// `POST /api/game/rounds/{id}/answer`
#[derive(Debug, Deserialize, ToSchema)]
pub struct AnswerRequest {
    /// 1..=500 characters.
    pub content: String,
}

/// Submits the caller's answer (one per round, while answers are open).
#[utoipa::path(post, path = "/api/game/rounds/{id}/answer", tag = "game", request_body = AnswerRequest,
    params(("id" = Uuid, Path, description = "round id")),
    responses((status = 201, body = AnswerView),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, description = "`already_answered` or `not_accepting_answers`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json")))]
#[post("/api/game/rounds/{id}/answer")]
#[tracing::instrument(name = "submit_answer", skip_all, fields(user.id = %user.id))]
pub async fn submit_answer(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<Uuid>,
    body: web::Json<AnswerRequest>,
) -> Result<HttpResponse, Problem> {
    let answer = machine::submit_answer(&state, user.id, *path, &body.content).await?;
    Ok(HttpResponse::Created().json(answer))
}

/// A round's answers: anonymous (`is_own_answer` only) until the round's results.
#[utoipa::path(get, path = "/api/game/rounds/{id}/answers", tag = "game",
    params(("id" = Uuid, Path, description = "round id")),
    responses((status = 200, body = Vec<AnswerView>),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json")))]
#[get("/api/game/rounds/{id}/answers")]
pub async fn list_answers(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<Uuid>,
) -> Result<web::Json<Vec<AnswerView>>, Problem> {
    Ok(web::Json(
        machine::list_answers(&state, user.id, *path).await?,
    ))
}

/// `POST /api/game/rounds/{id}/vote`
#[derive(Debug, Deserialize, ToSchema)]
pub struct VoteRequest {
    /// The answer voted for (never the caller's own).
    pub answer_id: Uuid,
}

/// Votes for an answer (one vote per round, while voting is open, never one's own answer).
#[utoipa::path(post, path = "/api/game/rounds/{id}/vote", tag = "game", request_body = VoteRequest,
    params(("id" = Uuid, Path, description = "round id")),
    responses((status = 201, body = VoteResponse),
        (status = 400, description = "`cannot_vote_own_answer`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, description = "`already_voted` or `not_accepting_votes`", body = ProblemBody, content_type = "application/problem+json")))]
#[post("/api/game/rounds/{id}/vote")]
#[tracing::instrument(name = "submit_vote", skip_all, fields(user.id = %user.id))]
pub async fn submit_vote(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<Uuid>,
    body: web::Json<VoteRequest>,
) -> Result<HttpResponse, Problem> {
    let vote = machine::vote(&state, user.id, *path, body.answer_id).await?;
    Ok(HttpResponse::Created().json(vote))
}

/// Host: closes the answers and opens voting on the current round.
#[utoipa::path(post, path = "/api/game/{code}/voting", tag = "game",
    params(("code" = String, Path, description = "join code")),
    responses((status = 200, body = RoundResponse),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, description = "`wrong_phase`, `game_not_started` or `game_finished`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 400, description = "`wrong_room_kind`: not a voting room", body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, description = "`room_not_found`", body = ProblemBody, content_type = "application/problem+json")))]
#[post("/api/game/{code}/voting")]
#[tracing::instrument(name = "start_voting", skip_all, fields(user.id = %user.id))]
pub async fn start_voting(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<web::Json<RoundResponse>, Problem> {
    let code = code(&path)?;
    Ok(web::Json(
        machine::open_voting(&state, user.id, &code, None).await?,
    ))
}

/// Host: ends the current round (answering or voting); points and authors are revealed, and
/// after the last round the game ends.
#[utoipa::path(post, path = "/api/game/{code}/end-round", tag = "game",
    params(("code" = String, Path, description = "join code")),
    responses((status = 200, body = RoundEndedResponse),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, description = "`wrong_phase`, `game_not_started` or `game_finished`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 400, description = "`wrong_room_kind`: not a voting room", body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, description = "`room_not_found`", body = ProblemBody, content_type = "application/problem+json")))]
#[post("/api/game/{code}/end-round")]
#[tracing::instrument(name = "end_round", skip_all, fields(user.id = %user.id))]
pub async fn end_round(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<web::Json<RoundEndedResponse>, Problem> {
    let code = code(&path)?;
    Ok(web::Json(
        machine::end_round(&state, user.id, &code, None).await?,
    ))
}

/// Host: after a round's results, opens the next round.
#[utoipa::path(post, path = "/api/game/{code}/next-round", tag = "game",
    params(("code" = String, Path, description = "join code")),
    responses((status = 200, body = RoundResponse),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, description = "`wrong_phase`, `game_not_started` or `game_finished`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 400, description = "`wrong_room_kind`: not a voting room", body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, description = "`room_not_found`", body = ProblemBody, content_type = "application/problem+json")))]
#[post("/api/game/{code}/next-round")]
#[tracing::instrument(name = "next_round", skip_all, fields(user.id = %user.id))]
pub async fn next_round(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<web::Json<RoundResponse>, Problem> {
    let code = code(&path)?;
    Ok(web::Json(
        machine::next_round(&state, user.id, &code).await?,
    ))
}

/// Scores of the room's ended rounds: `{scores: [{user_id, username, total_points,
/// round_points}]}` (final once the game ended).
#[utoipa::path(get, path = "/api/game/{code}/leaderboard", tag = "game",
    params(("code" = String, Path, description = "join code")),
    responses((status = 200, body = LeaderboardResponse),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 400, description = "`wrong_room_kind`: not a voting room", body = ProblemBody, content_type = "application/problem+json")))]
#[get("/api/game/{code}/leaderboard")]
pub async fn get_leaderboard(
    state: web::Data<AppState>,
    _user: AuthUser,
    path: web::Path<String>,
) -> Result<web::Json<LeaderboardResponse>, Problem> {
    let code = code(&path)?;
    Ok(web::Json(machine::leaderboard(&state, &code).await?))
}
