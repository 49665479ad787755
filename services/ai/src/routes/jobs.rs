//! Generation jobs: create, read, list, cancel (the gacha seed's `/jobs` paths under
//! `/api/ai`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use common::auth::AuthUser;
use common::error::ProblemBody;
use common::pagination::Page;
use common::{IdempotencyKey, Problem};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::app::jobs::{self, NewJobRequest};
use crate::app::views::JobView;
use crate::db::queries::JobFilter;
use crate::domain::{JobStatus, JobType};
use crate::error::AiError;
use crate::state::AppState;

/// Most jobs one page lists.
pub const MAX_LIMIT: i64 = 100;

/// `POST /api/ai/jobs`
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateJobRequest {
    /// `question_set | item_description | character_bio | character_art`.
    pub job_type: Option<String>,
    /// Per type: `question_set {count 1..=50 = 5, theme?}`, `item_description {item_name,
    /// item_type?, rarity?}`, `character_bio {name, class?, traits? (<= 8)}`, `character_art
    /// {prompt <= 500, size 64|128|256 = 128}`; each also takes `seed` (0..=2^32-1).
    #[schema(value_type = Option<Object>)]
    pub parameters: Option<Value>,
    /// A model id from `GET /api/ai/models` (default: the first free model serving the type).
    pub model: Option<String>,
}

/// Accepts a job: 202 with it queued. A paid model's cost is debited now (409
/// `insufficient_funds` spends nothing) and refunded if the job fails or is cancelled.
/// Completion is pushed as `job_completed` (or `job_failed`) on `user:{id}`.
#[utoipa::path(post, path = "/api/ai/jobs", tag = "ai", request_body = CreateJobRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "repeats return the job it created")),
    responses((status = 202, body = JobView),
        (status = 409, description = "`insufficient_funds`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "unknown `job_type`, `model` or bad `parameters.*`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_jobs_in_flight` or `daily_job_limit`, with Retry-After", body = ProblemBody, content_type = "application/problem+json"),
        (status = 503, description = "`payment_pending`: the debit's outcome is not known yet", body = ProblemBody, content_type = "application/problem+json")))]
#[post("/api/ai/jobs")]
#[tracing::instrument(name = "create_job", skip_all, fields(user.id = %user.id))]
pub async fn create_job(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
    body: web::Json<CreateJobRequest>,
) -> Result<HttpResponse, Problem> {
    // Not `Option<IdempotencyKey>`: actix turns that extractor's 400 into `None`, and a
    // malformed key must be refused rather than ignored.
    let key = IdempotencyKey::from_headers(&req)?.map(IdempotencyKey::into_inner);
    let body = body.into_inner();
    let job_type = body
        .job_type
        .ok_or_else(|| AiError::field("job_type", "is required"))?;
    let job = jobs::create(
        &state,
        user.id,
        NewJobRequest {
            job_type,
            parameters: body.parameters,
            model: body.model,
        },
        key,
    )
    .await?;
    Ok(HttpResponse::build(StatusCode::ACCEPTED).json(JobView::from(&job)))
}

/// One of the caller's jobs (404 for anyone else's).
#[utoipa::path(get, path = "/api/ai/jobs/{id}", tag = "ai", params(("id" = Uuid, Path)),
    responses((status = 200, body = JobView),
        (status = 404, body = ProblemBody, content_type = "application/problem+json")))]
#[get("/api/ai/jobs/{id}")]
pub async fn get_job(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<web::Json<JobView>, Problem> {
    let id = Uuid::parse_str(&path).map_err(|_| AiError::JobNotFound)?;
    let job = jobs::get(&state, user.id, id).await?;
    Ok(web::Json(JobView::from(&job)))
}

/// `?status=&job_type=` (beside `limit` 1..=100, default 20, and `cursor`, the previous
/// page's `next_cursor`).
#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    /// Only jobs with this status.
    pub status: Option<String>,
    /// Only jobs of this type.
    pub job_type: Option<String>,
}

/// A page of jobs, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobsPage {
    /// The jobs.
    pub jobs: Vec<JobView>,
    /// How many of the caller's jobs match the filters.
    pub total: i64,
    /// Pass as `cursor` for the next page; absent on the last one.
    pub next_cursor: Option<String>,
}

/// The caller's jobs, newest first, optionally filtered.
#[utoipa::path(get, path = "/api/ai/jobs", tag = "ai", params(ListQuery, Page),
    responses((status = 200, body = JobsPage),
        (status = 400, description = "`invalid_query`: bad `limit`", body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, description = "unknown `status` or `job_type`, or a foreign `cursor`", body = ProblemBody, content_type = "application/problem+json")))]
#[get("/api/ai/jobs")]
pub async fn list_jobs(
    state: web::Data<AppState>,
    user: AuthUser,
    q: web::Query<ListQuery>,
    page: web::Query<Page>,
) -> Result<web::Json<JobsPage>, Problem> {
    let limit = page.limit_within(20, MAX_LIMIT)?;
    let cursor = page.cursor()?;
    let status = q
        .status
        .as_deref()
        .map(|s| JobStatus::parse(s).ok_or_else(|| AiError::field("status", "unknown status")))
        .transpose()?;
    let job_type = q
        .job_type
        .as_deref()
        .map(|t| JobType::parse(t).ok_or_else(|| AiError::field("job_type", "unknown job type")))
        .transpose()?;
    let filter = JobFilter {
        status: status.map(JobStatus::as_str),
        job_type: job_type.map(JobType::as_str),
    };
    let page = jobs::list(&state, user.id, &filter, cursor, limit).await?;
    Ok(web::Json(JobsPage {
        jobs: page.jobs.iter().map(JobView::from).collect(),
        total: page.total,
        next_cursor: page.next_cursor,
    }))
}

/// Cancels one of the caller's jobs while it is queued or processing; a paid job's gems
/// come back once. 409 `job_not_cancellable` once it finished.
#[utoipa::path(delete, path = "/api/ai/jobs/{id}", tag = "ai", params(("id" = Uuid, Path)),
    responses((status = 200, body = JobView),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json")))]
#[delete("/api/ai/jobs/{id}")]
#[tracing::instrument(name = "cancel_job", skip_all, fields(user.id = %user.id))]
pub async fn cancel_job(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<String>,
) -> Result<web::Json<JobView>, Problem> {
    let id = Uuid::parse_str(&path).map_err(|_| AiError::JobNotFound)?;
    let job = jobs::cancel(&state, user.id, id).await?;
    Ok(web::Json(JobView::from(&job)))
}
