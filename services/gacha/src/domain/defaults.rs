//! The banners seeded at start-up when missing, so a fresh `make run` has something to pull
//! on, and the gacha entries of inventory's built-in catalog they draw from (a test checks
//! these against inventory's catalog file).

use super::banner::{BannerType, Pool};
use super::rules::RateTable;

/// One gacha catalog entry: id, name, kind, stars.
pub type CatalogRow = (&'static str, &'static str, &'static str, i16);

/// The gacha-only entries of inventory's built-in catalog.
pub const CATALOG: [CatalogRow; 35] = [
    ("char_aurelia", "Aurelia, Dawn Warden", "character", 5),
    ("char_kestrel", "Kestrel of the Ninth Gale", "character", 5),
    ("char_maelis", "Maelis the Tidecaller", "character", 5),
    ("char_orrin", "Orrin Emberheart", "character", 5),
    ("char_sable", "Sable, Night Cartographer", "character", 5),
    ("char_veyra", "Veyra Stormglass", "character", 5),
    ("weapon_sunpiercer", "Sunpiercer", "weapon", 5),
    ("weapon_tidebreaker", "Tidebreaker", "weapon", 5),
    ("weapon_starfall_bow", "Starfall Bow", "weapon", 5),
    ("weapon_oathkeeper", "Oathkeeper", "weapon", 5),
    ("weapon_veilrender", "Veilrender", "weapon", 5),
    ("char_brann", "Brann Ironroot", "character", 4),
    ("char_cressa", "Cressa Quickdraw", "character", 4),
    ("char_dovan", "Dovan the Lanternbearer", "character", 4),
    ("char_elka", "Elka Frostmantle", "character", 4),
    ("char_fenwick", "Fenwick Ashwhistle", "character", 4),
    ("char_ilsa", "Ilsa Thornweaver", "character", 4),
    ("char_joro", "Joro Saltwind", "character", 4),
    ("char_mirren", "Mirren Copperleaf", "character", 4),
    ("weapon_galecutter", "Galecutter", "weapon", 4),
    ("weapon_emberfang", "Emberfang", "weapon", 4),
    ("weapon_frostwake", "Frostwake Spear", "weapon", 4),
    ("weapon_lanternstaff", "Lantern Staff", "weapon", 4),
    ("weapon_thornbow", "Thornbow", "weapon", 4),
    ("weapon_ironvow", "Ironvow Greatsword", "weapon", 4),
    ("weapon_traveler_blade", "Traveler's Blade", "weapon", 3),
    ("weapon_oak_staff", "Oak Staff", "weapon", 3),
    ("weapon_hunter_bow", "Hunter's Bow", "weapon", 3),
    ("weapon_iron_pike", "Iron Pike", "weapon", 3),
    ("weapon_slate_cleaver", "Slate Cleaver", "weapon", 3),
    ("weapon_copper_catalyst", "Copper Catalyst", "weapon", 3),
    ("weapon_reed_sling", "Reed Sling", "weapon", 3),
    ("weapon_militia_spear", "Militia Spear", "weapon", 3),
    ("weapon_ashwood_club", "Ashwood Club", "weapon", 3),
    ("weapon_tin_dagger", "Tin Dagger", "weapon", 3),
];

/// A banner to seed.
#[derive(Debug, Clone)]
pub struct DefaultBanner {
    /// Stable key: seeded once, never duplicated.
    pub seed_key: &'static str,
    /// Its type.
    pub banner_type: BannerType,
    /// Display name.
    pub name: &'static str,
    /// Blurb.
    pub description: &'static str,
    /// Odds.
    pub rates: RateTable,
    /// Items.
    pub pool: Pool,
}

fn ids(filter: impl Fn(&CatalogRow) -> bool) -> Vec<String> {
    CATALOG
        .iter()
        .filter(|r| filter(r))
        .map(|r| r.0.to_owned())
        .collect()
}

/// The three default banners: a standard one, a character event and a weapon event.
pub fn default_banners() -> Vec<DefaultBanner> {
    let chars = |stars: i16| ids(|r| r.2 == "character" && r.3 == stars);
    let weapons = |stars: i16| ids(|r| r.2 == "weapon" && r.3 == stars);
    let all = |stars: i16| ids(|r| r.3 == stars);
    vec![
        DefaultBanner {
            seed_key: "default_standard",
            banner_type: BannerType::Standard,
            name: "Wanderer's Wish",
            description: "The permanent banner: every character and weapon.",
            rates: RateTable::default_for(BannerType::Standard),
            pool: Pool {
                five: chars(5)
                    .into_iter()
                    .filter(|id| id != "char_aurelia")
                    .chain(
                        weapons(5)
                            .into_iter()
                            .filter(|id| id != "weapon_sunpiercer"),
                    )
                    .collect(),
                four: all(4),
                three: all(3),
                featured: Vec::new(),
            },
        },
        DefaultBanner {
            seed_key: "default_character_event",
            banner_type: BannerType::CharacterEvent,
            name: "Dawnbreak Invocation",
            description: "Aurelia, Dawn Warden, at a boosted rate.",
            rates: RateTable::default_for(BannerType::CharacterEvent),
            pool: Pool {
                five: chars(5),
                four: all(4),
                three: all(3),
                featured: vec!["char_aurelia".to_owned()],
            },
        },
        DefaultBanner {
            seed_key: "default_weapon_event",
            banner_type: BannerType::WeaponEvent,
            name: "Forge of the Rising Sun",
            description: "Sunpiercer at a boosted rate.",
            rates: RateTable::default_for(BannerType::WeaponEvent),
            pool: Pool {
                five: weapons(5),
                four: all(4),
                three: all(3),
                featured: vec!["weapon_sunpiercer".to_owned()],
            },
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_banners_are_drawable() {
        for b in default_banners() {
            b.pool
                .validate(b.banner_type)
                .unwrap_or_else(|e| panic!("{}: {e}", b.seed_key));
            b.rates
                .validate(b.banner_type)
                .unwrap_or_else(|e| panic!("{}: {e}", b.seed_key));
        }
    }
}
