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

use crate::clients::inventory;
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
pub async fn load(
    state: &AppState,
    conn: &mut AsyncPgConnection,
    banner_id: Uuid,
    version: i32,
) -> Result<Arc<LoadedBanner>, GachaError> {
    if let Ok(cache) = state.banners.read()
        && let Some(hit) = cache.get(&(banner_id, version))
    {
        return Ok(hit.clone());
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

fn pool_ids(pool: &Pool) -> impl Iterator<Item = &String> {
    pool.five.iter().chain(&pool.four).chain(&pool.three)
}

fn json<T: Serialize>(value: &T) -> Result<serde_json::Value, GachaError> {
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
