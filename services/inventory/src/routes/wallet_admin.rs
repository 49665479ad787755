//! `POST /api/wallet/admin/grant`: operators credit a player gold or gems (compensation,
//! support, tests), through the economy core like every other change: atomic, ledgered,
//! idempotent by the admin's `Idempotency-Key`.

use actix_web::{HttpResponse, post, web};
use common::Problem;
use common::auth::AuthUser;
use common::error::ProblemBody;
use common::idempotency::IdempotencyKey;
use contracts::inventory::{Currency, CurrencyAmount, TransactionRequest, TransactionResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::IDEMPOTENT_REPLAYED;
use crate::app::economy::{Caller, Effect, MAX_AMOUNT};
use crate::error::InventoryError;
use crate::state::AppState;

/// Longest reason an operator may give (the ledger's reason adds `admin_grant:`).
const MAX_REASON: usize = 80;

/// `POST /api/wallet/admin/grant` body.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AdminGrantRequest {
    /// The player credited.
    pub user_id: Uuid,
    /// Gold to add, 1-1,000,000,000.
    #[serde(default)]
    pub gold: Option<i64>,
    /// Gems to add, 1-1,000,000,000.
    #[serde(default)]
    pub gems: Option<i64>,
    /// Why (1-80 characters), recorded on the ledger rows as `admin_grant:<reason>`.
    pub reason: String,
}

/// Credits a player gold and/or gems (role `admin`). `Idempotency-Key` is required: a repeat
/// with the same key answers with the first result and credits nothing more.
#[utoipa::path(post, path = "/api/wallet/admin/grant", tag = "admin",
    request_body = AdminGrantRequest,
    params(("Idempotency-Key" = String, Header, description = "1-200 visible ASCII characters")),
    responses(
        (status = 200, body = TransactionResponse),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`idempotency_key_required`, `invalid_idempotency_key`"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json", description = "`admin_required`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`validation_failed`, `idempotency_key_reused`"),
    ))]
#[post("/api/wallet/admin/grant")]
#[tracing::instrument(name = "admin_grant", skip_all, fields(user.id = %user.id))]
pub async fn admin_grant(
    state: web::Data<AppState>,
    user: AuthUser,
    key: IdempotencyKey,
    body: web::Json<AdminGrantRequest>,
) -> Result<HttpResponse, Problem> {
    user.require_admin()?;
    let key = key.into_inner();
    let body = body.into_inner();
    let reason = body.reason.trim();
    if reason.is_empty()
        || reason.chars().count() > MAX_REASON
        || reason.chars().any(char::is_control)
    {
        return Err(InventoryError::field("reason", "must be 1-80 characters").into());
    }
    let mut credits = Vec::new();
    for (field, currency, amount) in [
        ("gold", Currency::Gold, body.gold),
        ("gems", Currency::Gems, body.gems),
    ] {
        if let Some(amount) = amount {
            if !(1..=MAX_AMOUNT).contains(&amount) {
                return Err(InventoryError::field(field, "must be 1-1000000000").into());
            }
            credits.push(CurrencyAmount { currency, amount });
        }
    }
    if credits.is_empty() {
        return Err(InventoryError::field("gems", "give gold, gems or both").into());
    }
    let request = TransactionRequest {
        idempotency_key: key,
        user_id: body.user_id,
        reason: format!("admin_grant:{reason}"),
        debits: Vec::new(),
        credits,
        grants: Vec::new(),
        consumes: Vec::new(),
        xp: None,
    };
    let answer = state
        .economy
        .execute(Caller::admin(user.id), request, Effect::None)
        .await?;
    tracing::info!(target_user = %body.user_id, gold = ?body.gold, gems = ?body.gems, "admin grant");
    let mut res = HttpResponse::Ok();
    if answer.replayed {
        res.insert_header((IDEMPOTENT_REPLAYED, "true"));
    }
    Ok(res.json(answer))
}
