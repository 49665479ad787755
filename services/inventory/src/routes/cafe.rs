//! `/api/v1/inventory/`: the cafe seed's inventory. Listing shows the caller's furniture;
//! "adding" furniture is a purchase of that type from the shop, paid in gold through the
//! economy core (ledgered, idempotent under `Idempotency-Key`), never a free grant.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use common::Problem;
use common::auth::AuthUser;
use common::error::ProblemBody;
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::app::economy::Effect;
use crate::app::profile;
use crate::app::views::{FurniturePurchaseResponse, FurnitureView};
use crate::db::queries;
use crate::domain::catalog::FURNITURE_TYPES;
use crate::error::InventoryError;
use crate::state::AppState;

/// Most furniture one purchase may buy.
pub const MAX_FURNITURE_QUANTITY: i32 = 99;
/// Largest `metadata` accepted (it is not stored: furniture stacks).
const MAX_METADATA_BYTES: usize = 4096;

/// The caller's furniture, newest first.
#[utoipa::path(get, path = "/api/v1/inventory/", tag = "cafe",
    responses(
        (status = 200, body = [FurnitureView]),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
    ))]
#[get("/api/v1/inventory/")]
#[tracing::instrument(name = "list_furniture", skip_all, fields(user.id = %user.id))]
pub async fn list_furniture(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<Vec<FurnitureView>>, Problem> {
    profile::ensure(&state, user.id).await?;
    let mut conn = state.conn().await?;
    let items = queries::list_items(&mut conn, user.id)
        .await
        .map_err(InventoryError::from)?;
    Ok(web::Json(
        items.iter().filter_map(FurnitureView::from_item).collect(),
    ))
}

/// `POST /api/v1/inventory/` body (the seed's `InventoryItemCreate`).
#[derive(Debug, Deserialize, ToSchema)]
pub struct BuyFurnitureRequest {
    /// `chair`, `table`, `desk`, `plant`, `balloon`, `pot`, `brick`, `wall` or `tool`.
    #[serde(rename = "type")]
    pub furniture_type: String,
    /// How many, 1..=99 (default 1).
    pub quantity: Option<i32>,
    /// Accepted for the seed's client and not stored (furniture of one type stacks).
    #[schema(value_type = Option<Object>)]
    pub metadata: Option<Value>,
}

/// Buys furniture of a cafe type at its shop price in gold; the answer is the stack it went to.
/// Send `Idempotency-Key` to make retries safe.
#[utoipa::path(post, path = "/api/v1/inventory/", tag = "cafe",
    request_body = BuyFurnitureRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Replays the first answer")),
    responses(
        (status = 200, body = FurniturePurchaseResponse),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`level_too_low`, `invalid_idempotency_key`, `not_for_sale`"),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`item_not_found`: the shop sells no furniture of this type"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json", description = "`insufficient_funds`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`validation_failed`, `idempotency_key_reused`"),
    ))]
#[post("/api/v1/inventory/")]
#[tracing::instrument(name = "buy_furniture", skip_all, fields(user.id = %user.id))]
pub async fn buy_furniture(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<BuyFurnitureRequest>,
    req: HttpRequest,
) -> Result<HttpResponse, Problem> {
    let body = body.into_inner();
    if !FURNITURE_TYPES.contains(&body.furniture_type.as_str()) {
        return Err(InventoryError::field(
            "type",
            format!("must be one of {}", FURNITURE_TYPES.join(", ")),
        )
        .into());
    }
    let quantity = body.quantity.unwrap_or(1);
    if !(1..=MAX_FURNITURE_QUANTITY).contains(&quantity) {
        return Err(InventoryError::field("quantity", "must be 1..=99").into());
    }
    if body
        .metadata
        .as_ref()
        .is_some_and(|m| m.to_string().len() > MAX_METADATA_BYTES)
    {
        return Err(InventoryError::field("metadata", "must be at most 4096 bytes of JSON").into());
    }
    let effect = Effect::BuyFurniture {
        furniture_type: body.furniture_type,
        quantity,
    };
    super::spend(&state, &req, user.id, "cafe_furniture_purchase", effect).await
}
