//! Room chat: paginated history and posting.

use actix_web::{HttpResponse, get, post, web};
use common::Problem;
use common::auth::AuthUser;
use common::error::ProblemBody;
use contracts::room::events::ChatLine;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::app::chat::{self as room_chat, chat_json};
use crate::db::queries;
use crate::routes::{code, limit};
use crate::state::AppState;

/// `?limit=&before=`
#[derive(Debug, Deserialize, IntoParams)]
pub struct ChatQuery {
    /// 1..=100, default 50.
    pub limit: Option<i64>,
    /// Only messages with a smaller id (the previous page's `next_before`).
    pub before: Option<i64>,
}

/// A page of chat, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChatPage {
    /// Messages, newest first.
    #[schema(value_type = Vec<Object>)]
    pub messages: Vec<ChatLine>,
    /// Pass as `before` for the next (older) page; absent on the last page.
    pub next_before: Option<i64>,
}

/// The room's chat history (members only), newest first.
#[utoipa::path(get, path = "/api/rooms/{code}/chat", tag = "chat", params(("code" = String, Path), ChatQuery),
    responses((status = 200, body = ChatPage),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `limit` outside 1..=100", body = ProblemBody, content_type = "application/problem+json")))]
#[get("/api/rooms/{code}/chat")]
pub async fn list_chat(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    q: web::Query<ChatQuery>,
) -> Result<web::Json<ChatPage>, Problem> {
    let code = code(&path)?;
    let limit = limit(q.limit)?;
    let view = crate::app::base::load_as_member(&state, &code, user.id).await?;
    let mut conn = state.conn().await.map_err(Problem::from)?;
    let lines = queries::list_chat(&mut conn, view.room.id, q.before, limit)
        .await
        .map_err(|e| Problem::from(crate::error::RoomError::from(e)))?;
    let next_before = (lines.len() == usize::try_from(limit).unwrap_or(0))
        .then(|| lines.last().map(|l| l.id))
        .flatten();
    Ok(web::Json(ChatPage {
        messages: lines.iter().map(chat_json).collect(),
        next_before,
    }))
}

/// `POST /api/rooms/{code}/chat`
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChatRequest {
    /// 1..=500 characters (configurable) after trimming.
    pub message: String,
}

/// Posts a message (members only); it is stored and published on `room:{code}` as `chat`.
#[utoipa::path(post, path = "/api/rooms/{code}/chat", tag = "chat", params(("code" = String, Path)), request_body = ChatRequest,
    responses((status = 201, description = "the stored message"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, description = "`room_not_found`", body = ProblemBody, content_type = "application/problem+json")))]
#[post("/api/rooms/{code}/chat")]
pub async fn post_chat(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: web::Json<ChatRequest>,
) -> Result<HttpResponse, Problem> {
    let code = code(&path)?;
    let line = room_chat::chat(&state, user.id, &code, &body.message).await?;
    Ok(HttpResponse::Created().json(chat_json(&line)))
}
