//! A player's pull history (newest first, cursor-paged) and its retention purge.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::pull::{from_json, stored_results, with_inventory_ids};
use crate::db::queries;
use crate::domain::{BannerType, PityState};
use crate::error::GachaError;
use crate::state::AppState;
use crate::views::PullItem;

/// One completed pull.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryEntry {
    /// The pull.
    pub pull_id: Uuid,
    /// The banner.
    pub banner_id: Uuid,
    /// Its type.
    pub banner_type: String,
    /// The banner version (rate table) it used.
    pub rate_table_version: i32,
    /// 1 or 10.
    pub count: i16,
    /// What it gave.
    pub items: Vec<PullItem>,
    /// Gems paid.
    pub gems_spent: i64,
    /// Pulls since the last 5★ afterwards.
    pub pity_counter: i32,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A page of history.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryPage {
    /// Newest first.
    pub pulls: Vec<HistoryEntry>,
    /// Pass as `cursor` for the next page; `null` on the last.
    pub next_cursor: Option<String>,
}

/// The caller's completed pulls.
pub async fn list(
    state: &AppState,
    user_id: Uuid,
    banner_type: Option<BannerType>,
    limit: i64,
    cursor: Option<Uuid>,
) -> Result<HistoryPage, GachaError> {
    let mut conn = state.conn().await?;
    let mut rows = queries::list_history(
        &mut conn,
        user_id,
        banner_type.map(BannerType::as_str),
        cursor,
        limit + 1,
    )
    .await?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = more
        .then(|| rows.last().map(|r| r.id.to_string()))
        .flatten();
    let pulls = rows
        .iter()
        .map(|r| {
            let after: PityState = from_json(&r.pity_after, "pity_after")?;
            Ok(HistoryEntry {
                pull_id: r.id,
                banner_id: r.banner_id,
                banner_type: r.banner_type.clone(),
                rate_table_version: r.banner_version,
                count: r.pull_count,
                items: with_inventory_ids(stored_results(r)?, r)?,
                gems_spent: r.gems_cost,
                pity_counter: after.since_five as i32,
                created_at: r.created_at,
            })
        })
        .collect::<Result<_, GachaError>>()?;
    Ok(HistoryPage { pulls, next_cursor })
}

/// Deletes finished pulls older than the retention; returns how many.
pub async fn purge(state: &AppState) -> Result<usize, GachaError> {
    let keep =
        chrono::Duration::from_std(state.settings.retention).map_err(GachaError::internal)?;
    let mut conn = state.conn().await?;
    let purged = queries::purge_before(&mut conn, Utc::now() - keep).await?;
    if purged > 0 {
        tracing::info!(purged, "old pulls purged");
    }
    Ok(purged)
}
