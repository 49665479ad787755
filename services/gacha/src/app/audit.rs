//! Re-deriving a stored pull from its draws, the pity it started from and the banner
//! version it used, and comparing with what was recorded (and granted).

use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::banners;
use super::pull::{from_json, item, stored_results};
use crate::db::queries;
use crate::domain::{Draw, PityState, pull_many};
use crate::error::GachaError;
use crate::state::AppState;
use crate::views::PullItem;

/// `GET /api/gacha/admin/audit/{pull_id}` answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditResponse {
    /// The pull.
    pub pull_id: Uuid,
    /// Its player.
    pub user_id: Uuid,
    /// `pending`, `complete` or `cancelled`.
    pub status: String,
    /// The banner.
    pub banner_id: Uuid,
    /// The banner version (rate table and pool) used.
    pub rate_table_version: i32,
    /// The random numbers drawn, one per pull.
    pub draws: Vec<Draw>,
    /// Pity before the pull.
    pub pity_before: PityState,
    /// Pity after, as recorded.
    pub recorded_pity_after: PityState,
    /// Pity after, recomputed.
    pub recomputed_pity_after: PityState,
    /// Items as recorded.
    pub recorded: Vec<PullItem>,
    /// Items recomputed from the draws.
    pub recomputed: Vec<PullItem>,
    /// Whether both agree.
    pub matches: bool,
}

/// Recomputes pull `id`.
pub async fn audit(state: &AppState, id: Uuid) -> Result<AuditResponse, GachaError> {
    let mut conn = state.conn().await?;
    let pull = queries::find_pull(&mut conn, id)
        .await?
        .ok_or(GachaError::PullNotFound)?;
    let loaded = banners::load(state, &mut conn, pull.banner_id, pull.banner_version).await?;
    let draws: Vec<Draw> = from_json(&pull.draws, "draws")?;
    let before: PityState = from_json(&pull.pity_before, "pity_before")?;
    let recorded_after: PityState = from_json(&pull.pity_after, "pity_after")?;
    let (outcomes, after) = pull_many(
        &loaded.rates,
        &loaded.pool,
        loaded.banner_type.has_featured(),
        before,
        &draws,
    );
    let recomputed: Vec<PullItem> = outcomes.iter().map(|o| item(&loaded, o)).collect();
    let recorded = stored_results(&pull)?;
    Ok(AuditResponse {
        pull_id: pull.id,
        user_id: pull.user_id,
        status: pull.status,
        banner_id: pull.banner_id,
        rate_table_version: pull.banner_version,
        draws,
        pity_before: before,
        recorded_pity_after: recorded_after,
        recomputed_pity_after: after,
        matches: recorded == recomputed && recorded_after == after,
        recorded,
        recomputed,
    })
}
