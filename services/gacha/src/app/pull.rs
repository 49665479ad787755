//! A pull: the outcome and the new pity are recorded first (under the player's pity row
//! lock), then gems are debited and the items granted in one inventory transaction keyed by
//! the pull id, then the pull is marked complete. A refusal for funds cancels it and puts
//! the pity back; an unreachable inventory leaves it pending for the reconciler (or the
//! caller's retry with the same Idempotency-Key), which repeats the same transaction.

use std::time::{Duration, Instant};

use chrono::Utc;
use diesel_async::AsyncConnection;
use uuid::Uuid;

use super::banners::{self, LoadedBanner};
use super::settle::settle;
use crate::db::models::{PityRow, Pull, status};
use crate::db::queries;
use crate::domain::rules::draws;
use crate::domain::{ChaChaDraws, PityState, PullOutcome, pull_many};
use crate::error::GachaError;
use crate::state::AppState;
use crate::views::{PullItem, PullResponse};

/// What a pull asks for.
#[derive(Debug, Clone)]
pub struct PullRequest {
    /// The player.
    pub user_id: Uuid,
    /// The banner (`None`: the current character event).
    pub banner_id: Option<Uuid>,
    /// 1 or 10.
    pub count: u8,
    /// The client's Idempotency-Key.
    pub key: Option<String>,
}

/// Makes (or, for a known Idempotency-Key, finishes or replays) a pull.
pub async fn pull(state: &AppState, req: PullRequest) -> Result<PullResponse, GachaError> {
    // One connection for the replay check and the banner: each checkout costs a round trip.
    let mut conn = state.conn().await?;
    if let Some(key) = &req.key
        && let Some(existing) = queries::find_pull_by_key(&mut conn, req.user_id, key).await?
    {
        drop(conn);
        return resume(state, &req, existing).await;
    }
    let now = Utc::now();
    let banner = banners::resolve(&mut conn, req.banner_id, now).await?;
    if !banner.is_open(now) {
        return Err(GachaError::BannerClosed);
    }
    let loaded = banners::load(state, &mut conn, banner.id, banner.version).await?;
    drop(conn);
    let cost = if req.count == 10 {
        banner.cost_ten
    } else {
        banner.cost_single
    };
    let deadline = Instant::now() + state.settings.pull_wait;
    let mut backoff = Duration::from_millis(2);
    let pull = loop {
        match record_intent(state, &req, banner.id, &loaded, cost).await {
            Ok(Some(pull)) => break pull,
            Ok(None) if Instant::now() < deadline => {
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_millis(50));
            }
            Ok(None) => return Err(GachaError::PullInProgress),
            Err(e) if e.is_unique_violation() && req.key.is_some() => {
                // The same key raced in: answer as its repeat.
                let mut conn = state.conn().await?;
                let key = req.key.as_deref().unwrap_or_default();
                let existing = queries::find_pull_by_key(&mut conn, req.user_id, key)
                    .await?
                    .ok_or(GachaError::PullNotFound)?;
                drop(conn);
                return resume(state, &req, existing).await;
            }
            Err(e) => return Err(e),
        }
    };
    settle(state, pull, &banner.name).await
}

/// Records the intent under the pity row lock; `None` while another pull of the player's on
/// this banner type is pending (its cancellation would have to restore the pity this one
/// starts from).
async fn record_intent(
    state: &AppState,
    req: &PullRequest,
    banner_id: Uuid,
    loaded: &LoadedBanner,
    cost: i64,
) -> Result<Option<Pull>, GachaError> {
    let mut conn = state.conn().await?;
    let banner_type = loaded.banner_type.as_str();
    conn.transaction::<_, GachaError, _>(async |conn| {
        let row = queries::lock_pity(conn, req.user_id, banner_type).await?;
        if queries::has_pending(conn, req.user_id, banner_type).await? {
            return Ok(None);
        }
        let before = pity_state(&row);
        let draws = draws(&mut ChaChaDraws::from_os(), usize::from(req.count));
        let (outcomes, after) = pull_many(
            &loaded.rates,
            &loaded.pool,
            loaded.banner_type.has_featured(),
            before,
            &draws,
        );
        let results: Vec<PullItem> = outcomes.iter().map(|o| item(loaded, o)).collect();
        let now = Utc::now();
        let pull = Pull {
            id: Uuid::now_v7(),
            user_id: req.user_id,
            banner_id,
            banner_version: loaded.version,
            banner_type: banner_type.to_owned(),
            pull_count: i16::from(req.count),
            idempotency_key: req.key.clone(),
            status: status::PENDING.to_owned(),
            pity_before: to_json(&before)?,
            pity_after: to_json(&after)?,
            draws: to_json(&draws)?,
            results: to_json(&results)?,
            gems_cost: cost,
            gems_remaining: None,
            granted_item_ids: None,
            cancel_reason: None,
            attempts: 1,
            created_at: now,
            finished_at: None,
        };
        queries::insert_pull(conn, &pull).await?;
        queries::save_pity(conn, &pity_row(req.user_id, banner_type, after, now)).await?;
        Ok(Some(pull))
    })
    .await
}

/// The answer for a pull already made with the request's key.
async fn resume(
    state: &AppState,
    req: &PullRequest,
    existing: Pull,
) -> Result<PullResponse, GachaError> {
    let same = i16::from(req.count) == existing.pull_count
        && req.banner_id.is_none_or(|id| id == existing.banner_id);
    if !same {
        return Err(GachaError::IdempotencyKeyReused);
    }
    match existing.status.as_str() {
        status::COMPLETE => response(state, &existing).await,
        status::CANCELLED => Err(cancelled_error(&existing)),
        _ => {
            let mut conn = state.conn().await?;
            let banner = queries::find_banner(&mut conn, existing.banner_id)
                .await?
                .ok_or(GachaError::BannerNotFound)?;
            drop(conn);
            settle(state, existing, &banner.name).await
        }
    }
}

pub(super) fn cancelled_error(pull: &Pull) -> GachaError {
    match pull.cancel_reason.as_deref() {
        Some("insufficient_funds") => {
            GachaError::InsufficientFunds(format!("Insufficient gems (need {})", pull.gems_cost))
        }
        _ => GachaError::internal(anyhow::anyhow!(
            "pull {} was cancelled: {:?}",
            pull.id,
            pull.cancel_reason
        )),
    }
}

/// The answer of a completed pull (also its replay).
pub async fn response(state: &AppState, pull: &Pull) -> Result<PullResponse, GachaError> {
    let loaded = match banners::cached(state, pull.banner_id, pull.banner_version) {
        Some(hit) => hit,
        None => {
            let mut conn = state.conn().await?;
            banners::load(state, &mut conn, pull.banner_id, pull.banner_version).await?
        }
    };
    let after: PityState = from_json(&pull.pity_after, "pity_after")?;
    Ok(PullResponse {
        pull_id: pull.id,
        banner_id: pull.banner_id,
        banner_type: pull.banner_type.clone(),
        pulls: with_inventory_ids(stored_results(pull)?, pull)?,
        pity_counter: after.since_five as i32,
        next_pity_at: loaded.rates.five_hard_pity as i32,
        four_star_pity_counter: after.since_four as i32,
        guaranteed_featured: after.guaranteed_featured,
        gems_spent: pull.gems_cost,
        gems_remaining: pull.gems_remaining.unwrap_or_default(),
        created_at: pull.created_at,
    })
}

/// `items` with inventory's owned-item ids of a completed pull filled in.
pub(super) fn with_inventory_ids(
    mut items: Vec<PullItem>,
    pull: &Pull,
) -> Result<Vec<PullItem>, GachaError> {
    if let Some(ids) = &pull.granted_item_ids {
        let ids: Vec<Uuid> = from_json(ids, "granted_item_ids")?;
        for (item, id) in items.iter_mut().zip(ids) {
            item.inventory_item_id = Some(id);
        }
    }
    Ok(items)
}

/// A pull record's items.
pub fn stored_results(pull: &Pull) -> Result<Vec<PullItem>, GachaError> {
    from_json(&pull.results, "results")
}

/// What an outcome shows (names from the banner version).
pub fn item(loaded: &LoadedBanner, o: &PullOutcome) -> PullItem {
    let info = loaded.items.get(&o.item_id);
    PullItem {
        item_id: o.item_id.clone(),
        item_name: info.map_or_else(|| o.item_id.clone(), |i| i.name.clone()),
        rarity: o.stars.label().to_owned(),
        stars: o.stars.number(),
        item_type: info.map_or_else(String::new, |i| i.kind.clone()),
        is_featured: o.is_featured,
        is_pity: o.is_pity,
        inventory_item_id: None,
    }
}

/// The domain's pity state of a row.
pub fn pity_state(row: &PityRow) -> PityState {
    PityState {
        since_five: row.since_five.max(0) as u32,
        since_four: row.since_four.max(0) as u32,
        guaranteed_featured: row.guaranteed_featured,
    }
}

pub(super) fn pity_row(
    user_id: Uuid,
    banner_type: &str,
    s: PityState,
    now: chrono::DateTime<Utc>,
) -> PityRow {
    PityRow {
        user_id,
        banner_type: banner_type.to_owned(),
        since_five: s.since_five as i32,
        since_four: s.since_four as i32,
        guaranteed_featured: s.guaranteed_featured,
        updated_at: now,
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<serde_json::Value, GachaError> {
    serde_json::to_value(value).map_err(GachaError::internal)
}

/// Parses a stored JSON column.
pub fn from_json<T: serde::de::DeserializeOwned>(
    value: &serde_json::Value,
    what: &str,
) -> Result<T, GachaError> {
    serde_json::from_value(value.clone())
        .map_err(|e| GachaError::internal(anyhow::anyhow!("stored {what} does not parse: {e}")))
}
