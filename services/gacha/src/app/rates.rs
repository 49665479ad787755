//! The odds disclosure: base rates in the seed's shape, the consolidated (long-run) rates
//! computed from the model, every item's probability, the pity rules in words, and the
//! caller's pity state; and the banner views.

use std::collections::BTreeMap;

use chrono::Utc;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::banners::{self, LoadedBanner};
use super::pull::pity_state;
use crate::db::queries;
use crate::domain::draw::PPM;
use crate::domain::{Consolidated, RateTable, Stars};
use crate::error::GachaError;
use crate::state::AppState;
use crate::views::PityView;

/// A percentage from parts per million, without trailing zeros (`6000` -> `"0.6%"`).
pub fn percent_ppm(ppm: u32) -> String {
    percent(f64::from(ppm) / f64::from(PPM), 4)
}

fn percent(p: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, p * 100.0);
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    };
    format!("{s}%")
}

/// The seed's `pity` object, with the full rules.
#[derive(Debug, Serialize, ToSchema)]
pub struct PityRules {
    /// The pull on which a 5★ is certain (seed).
    pub threshold: u32,
    /// Always true (seed).
    pub guaranteed_5_star: bool,
    /// The hard pity in words (seed).
    pub description: String,
    /// The pull from which the 5★ chance rises.
    pub soft_pity_start: u32,
    /// How much it rises per pull.
    pub soft_pity_step: String,
    /// A 4★ or better at least once in this many pulls.
    pub four_star_guarantee: u32,
    /// Chance that a 5★ is featured (`null` on standard banners).
    pub featured_rate: Option<String>,
    /// Every rule in words.
    pub rules: Vec<String>,
}

/// The probability of one item.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemOdds {
    /// Catalog id.
    pub item_id: String,
    /// Name.
    pub item_name: String,
    /// `character` or `weapon`.
    pub item_type: String,
    /// 3-5.
    pub stars: i16,
    /// Featured on this banner.
    pub is_featured: bool,
    /// Long-run probability per pull, pity included.
    pub probability: f64,
    /// The same as a percentage.
    pub probability_text: String,
}

/// The 5★ chance of one pull number.
#[derive(Debug, Serialize, ToSchema)]
pub struct PullChance {
    /// Pull number since the last 5★.
    pub pull: u32,
    /// Its 5★ chance.
    pub chance: String,
}

/// `GET /api/gacha/rates` answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct RatesResponse {
    /// The banner.
    pub banner_id: Uuid,
    /// Its name.
    pub banner_name: String,
    /// Its type.
    pub banner_type: String,
    /// The rate-table version in force.
    pub rate_table_version: i32,
    /// Base rates (seed: `{"5-star": "0.6%", ...}`).
    pub rates: BTreeMap<String, String>,
    /// Long-run rates per pull including pity, computed from the model.
    pub consolidated_rates: BTreeMap<String, String>,
    /// The same as numbers, with the featured share and mean pulls per 5★.
    pub consolidated: Consolidated,
    /// Pity rules (seed's object, extended).
    pub pity: PityRules,
    /// The 5★ chance of each pull from the soft pity on.
    pub five_star_chance_by_pull: Vec<PullChance>,
    /// Each item's long-run probability per pull.
    pub items: Vec<ItemOdds>,
    /// The caller's pity on this banner type (when signed in).
    pub your_pity: Option<PityView>,
}

fn rules_in_words(r: &RateTable, featured: bool) -> Vec<String> {
    let mut out = vec![
        format!(
            "Each pull has a {} chance of a 5-star until pull {} since the last one; from then on the chance rises by {} per pull.",
            percent_ppm(r.five_base_ppm),
            r.five_soft_pity_start.saturating_sub(1),
            percent_ppm(r.five_soft_pity_step_ppm)
        ),
        format!(
            "Pull {} since the last 5-star is always a 5-star.",
            r.five_hard_pity
        ),
        format!(
            "Each pull has a {} chance of a 4-star; every {} pulls contain at least one 4-star or better (when a 5-star and the 4-star guarantee fall on the same pull, the 4-star comes on the next).",
            percent_ppm(r.four_base_ppm),
            r.four_hard_pity
        ),
    ];
    if r.four_soft_pity_start > 0 {
        out.push(format!(
            "From pull {} since the last 4-star the 4-star chance rises by {} per pull.",
            r.four_soft_pity_start,
            percent_ppm(r.four_soft_pity_step_ppm)
        ));
    }
    if featured {
        out.push(format!(
            "A 5-star is a featured item with probability {}; after a 5-star that is not featured, the next 5-star is featured.",
            percent_ppm(r.featured_ppm)
        ));
    }
    out.push(
        "Pity is counted per player per banner type and carries over to the next banner of the same type; a 10-pull is ten single pulls in a row.".to_owned(),
    );
    out
}

fn item_odds(loaded: &LoadedBanner) -> Vec<ItemOdds> {
    let c = &loaded.consolidated;
    let pool = &loaded.pool;
    let share = c.featured_share_of_five;
    let mut out = Vec::new();
    let mut push = |ids: Vec<&String>, stars: Stars, p_tier: f64, featured: bool| {
        let each = if ids.is_empty() {
            0.0
        } else {
            p_tier / ids.len() as f64
        };
        for id in ids {
            let info = loaded.items.get(id);
            out.push(ItemOdds {
                item_id: id.clone(),
                item_name: info.map_or_else(|| id.clone(), |i| i.name.clone()),
                item_type: info.map_or_else(String::new, |i| i.kind.clone()),
                stars: stars.number(),
                is_featured: featured,
                probability: each,
                probability_text: percent(each, 4),
            });
        }
    };
    match share {
        Some(share) => {
            push(
                pool.featured.iter().collect(),
                Stars::Five,
                c.five * share,
                true,
            );
            push(
                pool.off_featured().collect(),
                Stars::Five,
                c.five * (1.0 - share),
                false,
            );
        }
        None => push(pool.five.iter().collect(), Stars::Five, c.five, false),
    }
    push(pool.four.iter().collect(), Stars::Four, c.four, false);
    push(pool.three.iter().collect(), Stars::Three, c.three, false);
    out
}

/// The disclosure of `banner_id` (or the current character event).
pub async fn rates(
    state: &AppState,
    banner_id: Option<Uuid>,
    caller: Option<Uuid>,
) -> Result<RatesResponse, GachaError> {
    let mut conn = state.conn().await?;
    let banner = banners::resolve(&mut conn, banner_id, Utc::now()).await?;
    let loaded = banners::load(state, &mut conn, banner.id, banner.version).await?;
    let r = &loaded.rates;
    let featured = loaded.banner_type.has_featured();
    let three_ppm = PPM.saturating_sub(r.five_base_ppm + r.four_base_ppm);
    let rates = BTreeMap::from([
        ("5-star".to_owned(), percent_ppm(r.five_base_ppm)),
        ("4-star".to_owned(), percent_ppm(r.four_base_ppm)),
        ("3-star".to_owned(), percent_ppm(three_ppm)),
    ]);
    let c = loaded.consolidated;
    let consolidated_rates = BTreeMap::from([
        ("5-star".to_owned(), percent(c.five, 3)),
        ("4-star".to_owned(), percent(c.four, 3)),
        ("3-star".to_owned(), percent(c.three, 3)),
    ]);
    let your_pity = match caller {
        Some(user) => queries::list_pity(&mut conn, user)
            .await?
            .into_iter()
            .find(|p| p.banner_type == banner.banner_type)
            .map(|row| pity_view(&row))
            .or_else(|| Some(PityView::zero(&banner.banner_type))),
        None => None,
    };
    Ok(RatesResponse {
        banner_id: banner.id,
        banner_name: banner.name.clone(),
        banner_type: banner.banner_type.clone(),
        rate_table_version: banner.version,
        rates,
        consolidated_rates,
        consolidated: c,
        pity: PityRules {
            threshold: r.five_hard_pity,
            guaranteed_5_star: true,
            description: format!("Guaranteed 5-star at {} pulls", r.five_hard_pity),
            soft_pity_start: r.five_soft_pity_start,
            soft_pity_step: percent_ppm(r.five_soft_pity_step_ppm),
            four_star_guarantee: r.four_hard_pity,
            featured_rate: featured.then(|| percent_ppm(r.featured_ppm)),
            rules: rules_in_words(r, featured),
        },
        five_star_chance_by_pull: (r.five_soft_pity_start.max(1)..=r.five_hard_pity)
            .map(|n| PullChance {
                pull: n,
                chance: percent_ppm(r.five_chance(n)),
            })
            .collect(),
        items: item_odds(&loaded),
        your_pity,
    })
}

/// A pity row as shown.
pub fn pity_view(row: &crate::db::models::PityRow) -> PityView {
    let s = pity_state(row);
    PityView {
        banner_type: row.banner_type.clone(),
        pulls_since_five_star: s.since_five as i32,
        pulls_since_four_star: s.since_four as i32,
        guaranteed_featured: s.guaranteed_featured,
    }
}

impl PityView {
    /// A player who never pulled on `banner_type`.
    pub fn zero(banner_type: &str) -> Self {
        PityView {
            banner_type: banner_type.to_owned(),
            pulls_since_five_star: 0,
            pulls_since_four_star: 0,
            guaranteed_featured: false,
        }
    }
}
