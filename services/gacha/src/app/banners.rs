//! Banners: loading a version (cached, with its computed odds), choosing the banner a pull
//! uses, seeding the defaults, and the admin changes (each change of odds or pool is a new
//! immutable version, so old pulls stay auditable).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::models::{Banner, BannerVersion};
use crate::db::queries;
use crate::domain::defaults::{CATALOG, default_banners};
use crate::domain::{BannerType, Consolidated, Pool, RateTable, consolidated};
use crate::error::GachaError;
use crate::state::AppState;

/// Default price of one pull, in gems.
pub const DEFAULT_COST_SINGLE: i64 = 160;
/// Default price of a 10-pull, in gems.
pub const DEFAULT_COST_TEN: i64 = 1600;

/// What the pull result shows about a pool item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ItemInfo {
    /// Display name.
    pub name: String,
    /// `character` or `weapon`.
    pub kind: String,
    /// 3-5.
    pub stars: i16,
}

/// A banner version ready to draw from.
#[derive(Debug)]
pub struct LoadedBanner {
    /// Its type.
    pub banner_type: BannerType,
    /// The version.
    pub version: i32,
    /// Odds.
    pub rates: RateTable,
    /// Items.
    pub pool: Pool,
    /// Names, kinds and stars of the pool's items.
    pub items: BTreeMap<String, ItemInfo>,
    /// Long-run odds computed from `rates`.
    pub consolidated: Consolidated,
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> GachaError {
    GachaError::internal(anyhow::anyhow!("stored {what} does not parse: {e}"))
}

/// The banner type of a stored banner.
pub fn banner_type(banner: &Banner) -> Result<BannerType, GachaError> {
    banner
        .banner_type
        .parse()
        .map_err(|()| corrupt("banner type", &banner.banner_type))
}

/// Version `version` of `banner_id`, parsed (from the cache when seen before).
/// The compiled banner version if it is in the cache (versions are immutable, so a hit is
/// always current for that version).
pub fn cached(state: &AppState, banner_id: Uuid, version: i32) -> Option<Arc<LoadedBanner>> {
    state
        .banners
        .read()
        .ok()
        .and_then(|cache| cache.get(&(banner_id, version)).cloned())
}

pub async fn load(
    state: &AppState,
    conn: &mut AsyncPgConnection,
    banner_id: Uuid,
    version: i32,
) -> Result<Arc<LoadedBanner>, GachaError> {
    if let Some(hit) = cached(state, banner_id, version) {
        return Ok(hit);
    }
    let banner = queries::find_banner(conn, banner_id)
        .await?
        .ok_or(GachaError::BannerNotFound)?;
    let row = queries::find_version(conn, banner_id, version)
        .await?
        .ok_or_else(|| GachaError::internal(anyhow::anyhow!("banner version missing")))?;
    let banner_type = banner_type(&banner)?;
    let rates: RateTable = serde_json::from_value(row.rates).map_err(|e| corrupt("rates", e))?;
    let loaded = Arc::new(LoadedBanner {
        banner_type,
        version,
        rates,
        pool: serde_json::from_value(row.pool).map_err(|e| corrupt("pool", e))?,
        items: serde_json::from_value(row.items).map_err(|e| corrupt("items", e))?,
        consolidated: consolidated(&rates, banner_type.has_featured()),
    });
    if let Ok(mut cache) = state.banners.write() {
        cache.insert((banner_id, version), loaded.clone());
    }
    Ok(loaded)
}

/// The banner a pull or a rates request means: `banner_id`, or the current character event.
pub async fn resolve(
    conn: &mut AsyncPgConnection,
    banner_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Banner, GachaError> {
    match banner_id {
        Some(id) => queries::find_banner(conn, id)
            .await?
            .ok_or(GachaError::BannerNotFound),
        None => queries::current_banner(conn, BannerType::CharacterEvent.as_str(), now)
            .await?
            .ok_or(GachaError::BannerNotFound),
    }
}

/// Item info of the built-in gacha catalog.
fn built_in_items(pool: &Pool) -> BTreeMap<String, ItemInfo> {
    let known: HashMap<&str, ItemInfo> = CATALOG
        .iter()
        .map(|(id, name, kind, stars)| {
            (
                *id,
                ItemInfo {
                    name: (*name).to_owned(),
                    kind: (*kind).to_owned(),
                    stars: *stars,
                },
            )
        })
        .collect();
    pool_ids(pool)
        .filter_map(|id| known.get(id.as_str()).map(|i| (id.clone(), i.clone())))
        .collect()
}

pub(super) fn pool_ids(pool: &Pool) -> impl Iterator<Item = &String> {
    pool.five.iter().chain(&pool.four).chain(&pool.three)
}

pub(super) fn json<T: Serialize>(value: &T) -> Result<serde_json::Value, GachaError> {
    serde_json::to_value(value).map_err(GachaError::internal)
}

/// Creates the default banners that are missing; returns how many were added.
pub async fn seed_defaults(state: &AppState) -> Result<usize, GachaError> {
    let mut conn = state.conn().await?;
    let now = Utc::now();
    let mut added = 0;
    for d in default_banners() {
        let id = Uuid::now_v7();
        let banner = Banner {
            id,
            seed_key: Some(d.seed_key.to_owned()),
            banner_type: d.banner_type.as_str().to_owned(),
            name: d.name.to_owned(),
            description: d.description.to_owned(),
            starts_at: now,
            ends_at: None,
            cost_single: DEFAULT_COST_SINGLE,
            cost_ten: DEFAULT_COST_TEN,
            version: 1,
            active: true,
            created_at: now,
            updated_at: now,
        };
        let version = BannerVersion {
            banner_id: id,
            version: 1,
            rates: json(&d.rates)?,
            pool: json(&d.pool)?,
            items: json(&built_in_items(&d.pool))?,
            created_at: now,
        };
        let inserted = conn
            .transaction::<_, GachaError, _>(async |conn| {
                Ok(queries::seed_banner(conn, &banner, &version).await?)
            })
            .await?;
        added += usize::from(inserted);
    }
    Ok(added)
}
