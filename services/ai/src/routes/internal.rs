//! Internal endpoints (service token only): the voting game's questions.

use std::time::Duration;

use actix_web::{HttpRequest, post, web};
use common::Problem;
use common::auth::InternalCaller;
use common::error::ProblemBody;
use contracts::ai::{QuestionsRequest, QuestionsResponse};

use crate::app::questions;
use crate::state::AppState;

/// Party questions within the deadline (`AI_QUESTIONS_DEADLINE_MS`, or the caller's
/// `x-deadline-ms` when shorter): from the configured model, else or topped up from the
/// offline generator (`source: fallback`).
#[utoipa::path(post, path = "/internal/generate/questions", tag = "internal",
    request_body = QuestionsRequest,
    params(("x-deadline-ms" = Option<u64>, Header, description = "the caller's own deadline")),
    responses((status = 200, body = QuestionsResponse),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json")))]
#[post("/internal/generate/questions")]
pub async fn generate_questions(
    state: web::Data<AppState>,
    _caller: InternalCaller,
    req: HttpRequest,
    body: web::Json<QuestionsRequest>,
) -> Result<web::Json<QuestionsResponse>, Problem> {
    let deadline = req
        .headers()
        .get("x-deadline-ms")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .map(Duration::from_millis);
    Ok(web::Json(
        questions::generate(&state, &body, deadline).await?,
    ))
}
