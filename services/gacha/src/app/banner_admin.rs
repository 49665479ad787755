//! Admin changes to banners: each is checked against the rules and inventory's gacha
//! catalog, and a change of odds or pool is a new immutable version.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use diesel_async::AsyncConnection;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::banners::{DEFAULT_COST_SINGLE, DEFAULT_COST_TEN, ItemInfo, json, pool_ids};
use crate::clients::inventory;
use crate::db::models::{Banner, BannerVersion};
use crate::db::queries;
use crate::domain::{BannerType, Pool, RateTable};
use crate::error::GachaError;
use crate::state::AppState;

/// `POST`/`PUT /api/gacha/admin/banners` body.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct BannerRequest {
    /// `character_event`, `weapon_event` or `standard` (cannot change on update: pity is
    /// kept per type).
    pub banner_type: BannerType,
    /// Display name, 1-100 characters.
    pub name: String,
    /// Blurb, at most 1,000 characters.
    #[serde(default)]
    pub description: String,
    /// Opening time (default: now).
    #[serde(default)]
    pub starts_at: Option<DateTime<Utc>>,
    /// Closing time (`null`: open-ended).
    #[serde(default)]
    pub ends_at: Option<DateTime<Utc>>,
    /// Inventory catalog ids by star rating, with the featured 5★.
    pub pool: Pool,
    /// Odds and pity rules (default: the type's standard table).
    #[serde(default)]
    pub rates: Option<RateTable>,
    /// Gems per pull (default 160).
    #[serde(default)]
    pub cost_single: Option<i64>,
    /// Gems per 10-pull (default 1,600).
    #[serde(default)]
    pub cost_ten: Option<i64>,
    /// Whether the banner takes pulls (default true; false retires it).
    #[serde(default)]
    pub active: Option<bool>,
}

struct Checked {
    rates: RateTable,
    items: BTreeMap<String, ItemInfo>,
    cost_single: i64,
    cost_ten: i64,
    starts_at: DateTime<Utc>,
}

/// Checks an admin's banner against the rules and inventory's gacha catalog.
async fn check(state: &AppState, req: &BannerRequest) -> Result<Checked, GachaError> {
    let name_len = req.name.trim().chars().count();
    if !(1..=100).contains(&name_len) {
        return Err(GachaError::field("name", "must be 1-100 characters"));
    }
    if req.description.chars().count() > 1000 {
        return Err(GachaError::field("description", "at most 1000 characters"));
    }
    let starts_at = req.starts_at.unwrap_or_else(Utc::now);
    if req.ends_at.is_some_and(|end| end <= starts_at) {
        return Err(GachaError::field("ends_at", "must be after starts_at"));
    }
    let cost_single = req.cost_single.unwrap_or(DEFAULT_COST_SINGLE);
    let cost_ten = req.cost_ten.unwrap_or(DEFAULT_COST_TEN);
    for (field, cost) in [("cost_single", cost_single), ("cost_ten", cost_ten)] {
        if !(1..=1_000_000).contains(&cost) {
            return Err(GachaError::field(field, "must be 1-1000000 gems"));
        }
    }
    let rates = req
        .rates
        .unwrap_or_else(|| RateTable::default_for(req.banner_type));
    rates
        .validate(req.banner_type)
        .map_err(|e| GachaError::field("rates", e.to_string()))?;
    req.pool
        .validate(req.banner_type)
        .map_err(|e| GachaError::field("pool", e.to_string()))?;
    if pool_ids(&req.pool).count() > 500 {
        return Err(GachaError::field("pool", "at most 500 items"));
    }
    let catalog = inventory::gacha_catalog(&state.internal).await?;
    let known: HashMap<&str, _> = catalog.iter().map(|c| (c.catalog_id.as_str(), c)).collect();
    let mut items = BTreeMap::new();
    for (stars, tier) in [
        (5, &req.pool.five),
        (4, &req.pool.four),
        (3, &req.pool.three),
    ] {
        for id in tier {
            let entry = known.get(id.as_str()).ok_or_else(|| {
                GachaError::field("pool", format!("{id} is not a gacha item of the catalog"))
            })?;
            if entry.stars != stars {
                return Err(GachaError::field(
                    "pool",
                    format!("{id} is {} stars, listed as {stars}", entry.stars),
                ));
            }
            items.insert(
                id.clone(),
                ItemInfo {
                    name: entry.name.clone(),
                    kind: entry.kind.clone(),
                    stars,
                },
            );
        }
    }
    Ok(Checked {
        rates,
        items,
        cost_single,
        cost_ten,
        starts_at,
    })
}

/// Creates a banner (version 1).
pub async fn create(state: &AppState, req: &BannerRequest) -> Result<Banner, GachaError> {
    let checked = check(state, req).await?;
    let now = Utc::now();
    let id = Uuid::now_v7();
    let banner = Banner {
        id,
        seed_key: None,
        banner_type: req.banner_type.as_str().to_owned(),
        name: req.name.trim().to_owned(),
        description: req.description.clone(),
        starts_at: checked.starts_at,
        ends_at: req.ends_at,
        cost_single: checked.cost_single,
        cost_ten: checked.cost_ten,
        version: 1,
        active: req.active.unwrap_or(true),
        created_at: now,
        updated_at: now,
    };
    let version = BannerVersion {
        banner_id: id,
        version: 1,
        rates: json(&checked.rates)?,
        pool: json(&req.pool)?,
        items: json(&checked.items)?,
        created_at: now,
    };
    let mut conn = state.conn().await?;
    conn.transaction::<_, GachaError, _>(async |conn| {
        Ok(queries::insert_banner(conn, &banner, &version).await?)
    })
    .await?;
    Ok(banner)
}

/// Replaces a banner's settings; a new version when the odds or the pool change.
pub async fn update(state: &AppState, id: Uuid, req: &BannerRequest) -> Result<Banner, GachaError> {
    let checked = check(state, req).await?;
    let mut conn = state.conn().await?;
    let (rates, pool, items) = (
        json(&checked.rates)?,
        json(&req.pool)?,
        json(&checked.items)?,
    );
    conn.transaction::<_, GachaError, _>(async |conn| {
        let mut banner = queries::lock_banner(conn, id)
            .await?
            .ok_or(GachaError::BannerNotFound)?;
        if banner.banner_type != req.banner_type.as_str() {
            return Err(GachaError::field(
                "banner_type",
                "cannot change (pity is kept per banner type)",
            ));
        }
        let now = Utc::now();
        let current = queries::find_version(conn, id, banner.version).await?;
        let same = current
            .as_ref()
            .is_some_and(|v| v.rates == rates && v.pool == pool && v.items == items);
        if !same {
            banner.version += 1;
            queries::insert_version(
                conn,
                &BannerVersion {
                    banner_id: id,
                    version: banner.version,
                    rates: rates.clone(),
                    pool: pool.clone(),
                    items: items.clone(),
                    created_at: now,
                },
            )
            .await?;
        }
        banner.name = req.name.trim().to_owned();
        banner.description = req.description.clone();
        banner.starts_at = checked.starts_at;
        banner.ends_at = req.ends_at;
        banner.cost_single = checked.cost_single;
        banner.cost_ten = checked.cost_ten;
        banner.active = req.active.unwrap_or(banner.active);
        banner.updated_at = now;
        queries::update_banner(conn, &banner).await?;
        Ok(banner)
    })
    .await
}

/// Retires a banner: it takes no more pulls; its history and audits stay.
pub async fn retire(state: &AppState, id: Uuid) -> Result<(), GachaError> {
    let mut conn = state.conn().await?;
    conn.transaction::<_, GachaError, _>(async |conn| {
        let mut banner = queries::lock_banner(conn, id)
            .await?
            .ok_or(GachaError::BannerNotFound)?;
        banner.active = false;
        banner.updated_at = Utc::now();
        Ok(queries::update_banner(conn, &banner).await?)
    })
    .await
}
