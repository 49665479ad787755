//! Banner views: the seed's `GET /banner` shape and the banner lists.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::banners::{self, LoadedBanner};
use crate::db::models::Banner;
use crate::db::queries;
use crate::domain::Stars;
use crate::error::GachaError;
use crate::state::AppState;

/// A featured item (seed's `featured_items` entry).
#[derive(Debug, Serialize, ToSchema)]
pub struct FeaturedItem {
    /// Catalog id.
    pub item_id: String,
    /// Name.
    pub name: String,
    /// `"5-star"`.
    pub rarity: String,
    /// `character` or `weapon`.
    #[serde(rename = "type")]
    pub kind: String,
}

/// A banner (the seed's `GET /banner` fields first).
#[derive(Debug, Serialize, ToSchema)]
pub struct BannerView {
    /// Id.
    pub banner_id: Uuid,
    /// Name.
    pub name: String,
    /// Opening (seed).
    pub start_date: DateTime<Utc>,
    /// Closing (seed; `null`: open-ended).
    pub end_date: Option<DateTime<Utc>>,
    /// Featured 5★ (seed).
    pub featured_items: Vec<FeaturedItem>,
    /// Type.
    pub banner_type: String,
    /// Blurb.
    pub description: String,
    /// Gems per pull.
    pub cost_single: i64,
    /// Gems per 10-pull.
    pub cost_ten: i64,
    /// Whether it takes pulls now.
    pub is_open: bool,
    /// Retired banners are false.
    pub active: bool,
    /// The rate-table version in force.
    pub rate_table_version: i32,
    /// Inventory catalog ids by star rating.
    pub pool: crate::domain::Pool,
}

/// The view of `banner`.
pub async fn banner_view(state: &AppState, banner: &Banner) -> Result<BannerView, GachaError> {
    let mut conn = state.conn().await?;
    let loaded = banners::load(state, &mut conn, banner.id, banner.version).await?;
    Ok(view(banner, &loaded))
}

fn view(banner: &Banner, loaded: &LoadedBanner) -> BannerView {
    BannerView {
        banner_id: banner.id,
        name: banner.name.clone(),
        start_date: banner.starts_at,
        end_date: banner.ends_at,
        featured_items: loaded
            .pool
            .featured
            .iter()
            .map(|id| {
                let info = loaded.items.get(id);
                FeaturedItem {
                    item_id: id.clone(),
                    name: info.map_or_else(|| id.clone(), |i| i.name.clone()),
                    rarity: Stars::Five.label().to_owned(),
                    kind: info.map_or_else(String::new, |i| i.kind.clone()),
                }
            })
            .collect(),
        banner_type: banner.banner_type.clone(),
        description: banner.description.clone(),
        cost_single: banner.cost_single,
        cost_ten: banner.cost_ten,
        is_open: banner.is_open(Utc::now()),
        active: banner.active,
        rate_table_version: banner.version,
        pool: loaded.pool.clone(),
    }
}

/// Every banner (open ones only unless `include_retired`).
pub async fn list(state: &AppState, include_retired: bool) -> Result<Vec<BannerView>, GachaError> {
    let mut conn = state.conn().await?;
    let now = Utc::now();
    let rows = queries::list_banners(&mut conn, include_retired).await?;
    let mut out = Vec::with_capacity(rows.len());
    for b in rows {
        if !include_retired && !b.is_open(now) {
            continue;
        }
        let loaded = banners::load(state, &mut conn, b.id, b.version).await?;
        out.push(view(&b, &loaded));
    }
    Ok(out)
}
