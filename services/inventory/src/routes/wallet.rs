//! `/api/wallet`: balances, and the caller's own ledger, newest first with a cursor.

use actix_web::{get, web};
use chrono::{DateTime, Utc};
use common::Problem;
use common::auth::AuthUser;
use common::error::ProblemBody;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::app::profile;
use crate::db::queries;
use crate::error::InventoryError;
use crate::state::AppState;

/// `GET /api/wallet` answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct WalletResponse {
    /// The player.
    pub user_id: Uuid,
    /// Gold.
    pub gold: i64,
    /// Gems.
    pub gems: i64,
    /// Stamina (regenerated up to now).
    pub stamina: i32,
    /// Stamina cap.
    pub stamina_max: i32,
    /// When the next stamina step arrives (`null` when full).
    pub next_stamina_at: Option<DateTime<Utc>>,
    /// Seconds per stamina step (10% of the cap each).
    pub stamina_regen_secs: i64,
}

/// The caller's balances.
#[utoipa::path(get, path = "/api/wallet", tag = "wallet",
    responses(
        (status = 200, body = WalletResponse),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
    ))]
#[get("/api/wallet")]
#[tracing::instrument(name = "get_wallet", skip_all, fields(user.id = %user.id))]
pub async fn get_wallet(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<WalletResponse>, Problem> {
    let (player, _) = profile::current(&state, user.id).await?;
    let step = state.settings.stamina_regen_secs;
    let next = (player.stamina < player.stamina_max)
        .then(|| player.last_stamina_regen + chrono::Duration::seconds(step));
    Ok(web::Json(WalletResponse {
        user_id: player.user_id,
        gold: player.gold,
        gems: player.gems,
        stamina: player.stamina,
        stamina_max: player.stamina_max,
        next_stamina_at: next,
        stamina_regen_secs: step,
    }))
}

/// `?limit=&cursor=` of the ledger.
#[derive(Debug, Deserialize, IntoParams)]
pub struct LedgerQuery {
    /// Entries per page, 1-100 (default 50).
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// One ledger row.
#[derive(Debug, Serialize, ToSchema)]
pub struct LedgerEntryView {
    /// Id (increasing).
    pub id: i64,
    /// The economy transaction it belongs to.
    pub transaction_id: Uuid,
    /// `gold`, `gems`, `stamina`, `xp`, `pet_xp`, `item:<catalog id>`, `pet:<catalog id>`,
    /// `enhance:<catalog id>`.
    pub asset: String,
    /// The item or pet, for item changes.
    pub item_id: Option<Uuid>,
    /// Change (negative when spent).
    pub delta: i64,
    /// Balance, stack quantity or level after.
    pub balance_after: i64,
    /// Why.
    pub reason: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A page of the ledger.
#[derive(Debug, Serialize, ToSchema)]
pub struct LedgerPage {
    /// Newest first.
    pub entries: Vec<LedgerEntryView>,
    /// Pass as `cursor` for the next page; `null` on the last.
    pub next_cursor: Option<String>,
}

/// The caller's own ledger: every change of their balances, items and XP.
#[utoipa::path(get, path = "/api/wallet/ledger", tag = "wallet",
    params(LedgerQuery),
    responses(
        (status = 200, body = LedgerPage),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "bad limit or cursor"),
    ))]
#[get("/api/wallet/ledger")]
#[tracing::instrument(name = "list_ledger", skip_all, fields(user.id = %user.id))]
pub async fn list_ledger(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<LedgerQuery>,
) -> Result<web::Json<LedgerPage>, Problem> {
    let limit = query.limit.unwrap_or(50);
    if !(1..=100).contains(&limit) {
        return Err(InventoryError::field("limit", "must be 1-100").into());
    }
    let before = match &query.cursor {
        None => None,
        Some(raw) => Some(
            raw.parse::<i64>()
                .ok()
                .filter(|c| *c > 0)
                .ok_or_else(|| InventoryError::field("cursor", "not a cursor from this API"))?,
        ),
    };
    let mut conn = state.conn().await?;
    // One more than asked tells whether another page exists.
    let mut rows = queries::list_ledger(&mut conn, user.id, before, limit + 1)
        .await
        .map_err(InventoryError::from)?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = more
        .then(|| rows.last().map(|r| r.id.to_string()))
        .flatten();
    Ok(web::Json(LedgerPage {
        entries: rows
            .into_iter()
            .map(|r| LedgerEntryView {
                id: r.id,
                transaction_id: r.transaction_id,
                asset: r.asset,
                item_id: r.item_id,
                delta: r.delta,
                balance_after: r.balance_after,
                reason: r.reason,
                created_at: r.created_at,
            })
            .collect(),
        next_cursor,
    }))
}
