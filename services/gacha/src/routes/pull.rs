//! `POST /api/gacha/pull`.

use actix_web::{HttpRequest, post, web};
use common::Problem;
use common::auth::AuthUser;
use common::error::ProblemBody;
use common::idempotency::IdempotencyKey;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::app::pull::{PullRequest, pull as make_pull};
use crate::error::GachaError;
use crate::state::AppState;
use crate::views::PullResponse;

/// `?count=&banner_id=`
#[derive(Debug, Deserialize, IntoParams)]
pub struct PullQuery {
    /// 1 or 10 (default 1).
    pub count: Option<String>,
    /// The banner (also accepted in the body; default: the current character event).
    pub banner_id: Option<String>,
}

/// Optional body.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PullBody {
    /// The banner.
    #[serde(default)]
    pub banner_id: Option<Uuid>,
}

/// Pulls once or ten times (ten sequential pulls). The outcome and new pity are recorded
/// first, then gems are debited and the items granted in one inventory transaction, then
/// the pull is complete. `Idempotency-Key` makes a retry return the first outcome (and
/// finish a pull that was left pending) without paying twice.
#[utoipa::path(post, path = "/api/gacha/pull", tag = "gacha",
    params(PullQuery, ("Idempotency-Key" = Option<String>, Header, description = "1-200 visible ASCII characters")),
    request_body(content = Option<PullBody>, description = "Optional `{banner_id}`"),
    responses(
        (status = 200, body = PullResponse),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_count`, `invalid_query`, `invalid_idempotency_key`, `invalid_body`"),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`banner_not_found`"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json", description = "`insufficient_funds` (nothing spent, pity unchanged), `banner_closed`, `pull_in_progress`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`idempotency_key_reused`"),
        (status = 503, body = ProblemBody, content_type = "application/problem+json", description = "`pull_pending`: recorded, inventory unreachable; completed or refunded later"),
    ))]
#[post("/api/gacha/pull")]
#[tracing::instrument(name = "pull", skip_all, fields(user.id = %user.id))]
pub async fn pull(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    query: web::Query<PullQuery>,
    body: web::Bytes,
) -> Result<web::Json<PullResponse>, Problem> {
    let count = match query.count.as_deref().map(str::trim) {
        None | Some("1") => 1,
        Some("10") => 10,
        Some(_) => return Err(GachaError::InvalidCount.into()),
    };
    // Read from the headers rather than as `Option<IdempotencyKey>`, which would drop a
    // malformed key silently instead of answering 400.
    let key = IdempotencyKey::from_headers(&req)?.map(IdempotencyKey::into_inner);
    let mut banner_id = super::banner_id(query.banner_id.as_deref())?;
    if !body.iter().all(u8::is_ascii_whitespace) {
        let parsed: PullBody = serde_json::from_slice(&body).map_err(|e| {
            Problem::bad_request(
                "invalid_body",
                format!("the body must be {{\"banner_id\": UUID}}: {e}"),
            )
        })?;
        banner_id = parsed.banner_id.or(banner_id);
    }
    let answer = make_pull(
        &state,
        PullRequest {
            user_id: user.id,
            banner_id,
            count,
            key,
        },
    )
    .await?;
    Ok(web::Json(answer))
}
