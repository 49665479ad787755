//! The cafe space over REST: objects and tools.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use common::auth::AuthUser;
use common::error::ProblemBody;
use common::{OptionalIdempotencyKey, Problem};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::app::space::{self, ObjectView, ToolLogView};
use crate::db::queries;
use crate::domain::space::ToolAction;
use crate::error::RoomError;
use crate::routes::{code, limit};
use crate::state::AppState;

/// Objects placed in a room.
#[utoipa::path(get, path = "/api/rooms/{code}/objects", tag = "space", params(("code" = String, Path)),
    responses((status = 200, body = Vec<ObjectView>),
        (status = 404, body = ProblemBody, content_type = "application/problem+json")))]
#[get("/api/rooms/{code}/objects")]
pub async fn list_objects(
    state: web::Data<AppState>,
    _user: AuthUser,
    path: web::Path<String>,
) -> Result<web::Json<Vec<ObjectView>>, Problem> {
    Ok(web::Json(space::objects(&state, &code(&path)?).await?))
}

/// `POST /api/rooms/{code}/objects`
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaceObjectRequest {
    /// An owned furniture item (one is consumed).
    pub inventory_item_id: Uuid,
    /// Position within the room's bounds.
    pub x: i64,
    /// Position within the room's bounds.
    pub y: i64,
    /// Degrees (normalised to 0..360).
    #[serde(default)]
    pub rotation: f64,
}

/// Places an owned furniture item in the room (members only). Send `Idempotency-Key`: a retry
/// with the same key returns the same object and consumes nothing more.
#[utoipa::path(post, path = "/api/rooms/{code}/objects", tag = "space", params(("code" = String, Path)), request_body = PlaceObjectRequest,
    responses((status = 201, description = "`{status, object_id, object}`"),
        (status = 200, description = "a replay of an earlier placement with the same key"),
        (status = 400, body = ProblemBody, content_type = "application/problem+json"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json")))]
#[post("/api/rooms/{code}/objects")]
#[tracing::instrument(name = "place_object", skip_all, fields(user.id = %user.id))]
pub async fn place_object(
    key: OptionalIdempotencyKey,
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: web::Json<PlaceObjectRequest>,
) -> Result<HttpResponse, Problem> {
    let code = code(&path)?;
    let key = match key.into_inner() {
        Some(key) => key.into_inner(),
        None => Uuid::new_v4().to_string(),
    };
    let (object, fresh) = crate::app::placement::place_object(
        &state,
        user.id,
        &code,
        body.inventory_item_id,
        body.x,
        body.y,
        body.rotation,
        &key,
    )
    .await?;
    let body = serde_json::json!({ "status": "ok", "object_id": object.id, "object": object });
    Ok(if fresh {
        HttpResponse::Created().json(body)
    } else {
        HttpResponse::Ok().json(body)
    })
}

/// `PATCH /api/rooms/{code}/objects/{id}`
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateObjectRequest {
    /// New x.
    pub x: Option<i64>,
    /// New y.
    pub y: Option<i64>,
    /// New rotation in degrees.
    pub rotation: Option<f64>,
}

/// Moves and/or rotates an object (its owner or the room host).
#[utoipa::path(patch, path = "/api/rooms/{code}/objects/{id}", tag = "space", params(("code" = String, Path), ("id" = Uuid, Path)), request_body = UpdateObjectRequest,
    responses((status = 200, body = ObjectView),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 400, description = "`wrong_room_kind`: not a space room", body = ProblemBody, content_type = "application/problem+json")))]
#[patch("/api/rooms/{code}/objects/{id}")]
pub async fn update_object(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, Uuid)>,
    body: web::Json<UpdateObjectRequest>,
) -> Result<web::Json<ObjectView>, Problem> {
    let (raw, id) = path.into_inner();
    Ok(web::Json(
        space::move_object(
            &state,
            user.id,
            &code(&raw)?,
            id,
            body.x,
            body.y,
            body.rotation,
        )
        .await?,
    ))
}

/// Picks an object up (its owner or the room host): it goes back to its owner's inventory.
#[utoipa::path(delete, path = "/api/rooms/{code}/objects/{id}", tag = "space", params(("code" = String, Path), ("id" = Uuid, Path)),
    responses((status = 200, description = "`{status, object_id, owner_user_id, granted}`"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 400, description = "`wrong_room_kind`: not a space room", body = ProblemBody, content_type = "application/problem+json")))]
#[delete("/api/rooms/{code}/objects/{id}")]
pub async fn pickup_object(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, Problem> {
    let (raw, id) = path.into_inner();
    Ok(HttpResponse::Ok().json(space::pickup_object(&state, user.id, &code(&raw)?, id).await?))
}

/// `POST /api/rooms/{code}/tools/use`
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UseToolRequest {
    /// The object.
    pub target_object_id: Uuid,
    /// `destroy` or `move`.
    pub action: ToolAction,
    /// `move`: new x.
    pub x: Option<i64>,
    /// `move`: new y.
    pub y: Option<i64>,
}

/// Uses a tool on an object (its owner or the room host): `destroy` removes it for good, `move`
/// moves it to `(x, y)`; the use is logged.
#[utoipa::path(post, path = "/api/rooms/{code}/tools/use", tag = "space", params(("code" = String, Path)), request_body = UseToolRequest,
    responses((status = 201, body = ToolLogView),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json"),
        (status = 400, description = "`wrong_room_kind`: not a space room", body = ProblemBody, content_type = "application/problem+json")))]
#[post("/api/rooms/{code}/tools/use")]
pub async fn use_tool(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    body: web::Json<UseToolRequest>,
) -> Result<HttpResponse, Problem> {
    let to = match (body.x, body.y) {
        (Some(x), Some(y)) => Some((x, y)),
        _ => None,
    };
    let log = space::use_tool(
        &state,
        user.id,
        &code(&path)?,
        body.target_object_id,
        body.action,
        to,
    )
    .await?;
    Ok(HttpResponse::Created().json(log))
}

/// `?limit=&before=`
#[derive(Debug, Deserialize, IntoParams)]
pub struct LogQuery {
    /// 1..=100, default 50.
    pub limit: Option<i64>,
    /// Only entries with a smaller id.
    pub before: Option<i64>,
}

/// The room's tool log (members only), newest first.
#[utoipa::path(get, path = "/api/rooms/{code}/tool-logs", tag = "space", params(("code" = String, Path), LogQuery),
    responses((status = 200, body = Vec<ToolLogView>),
        (status = 403, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, description = "`room_not_found`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `limit` outside 1..=100", body = ProblemBody, content_type = "application/problem+json")))]
#[get("/api/rooms/{code}/tool-logs")]
pub async fn list_tool_logs(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
    q: web::Query<LogQuery>,
) -> Result<web::Json<Vec<ToolLogView>>, Problem> {
    let code = code(&path)?;
    let limit = limit(q.limit)?;
    let view = crate::app::base::load_as_member(&state, &code, user.id).await?;
    let mut conn = state.conn().await.map_err(Problem::from)?;
    let logs = queries::list_tool_logs(&mut conn, view.room.id, q.before, limit)
        .await
        .map_err(RoomError::from)?;
    Ok(web::Json(
        logs.iter()
            .map(|l| ToolLogView::of(code.as_str(), l))
            .collect(),
    ))
}
