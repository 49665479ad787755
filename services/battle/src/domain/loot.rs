//! Contribution-weighted rewards and the seed's loot roll, mapped onto inventory's catalog.

use serde::{Deserialize, Serialize};

use super::kinds::Difficulty;
use super::rng::Dice;

/// Contribution above which gold and XP get the bonus.
pub const BONUS_ABOVE_PERCENT: f64 = 50.0;
/// The bonus factor.
pub const BONUS: f64 = 1.2;

/// A participant's share of the damage dealt, in percent (an equal split when nobody dealt
/// any), rounded to 2 decimals as the seed answers it.
pub fn contribution_percent(mine: i64, total: i64, participants: i64) -> f64 {
    let raw = if total > 0 {
        mine as f64 * 100.0 / total as f64
    } else {
        100.0 / participants.max(1) as f64
    };
    (raw * 100.0).round() / 100.0
}

/// Gold and XP for a participant: the battle's rewards, x1.2 each above 50% contribution.
pub fn rewards(gold: i64, xp: i64, contribution: f64) -> (i64, i64) {
    if contribution > BONUS_ABOVE_PERCENT {
        ((gold as f64 * BONUS) as i64, (xp as f64 * BONUS) as i64)
    } else {
        (gold, xp)
    }
}

/// Chance of an item: 10% on easy up to 50% on legendary.
pub fn loot_chance(difficulty: Difficulty) -> f64 {
    0.10 * (difficulty.index() + 1) as f64
}

/// Item rarities, commonest first.
pub const RARITIES: [&str; 5] = contracts::inventory::Rarity::NAMES;

/// The seed's rarity weights per difficulty.
pub fn rarity_weights(difficulty: Difficulty) -> &'static [(&'static str, u32)] {
    match difficulty {
        Difficulty::Easy => &[("common", 70), ("uncommon", 30)],
        Difficulty::Medium => &[("common", 50), ("uncommon", 40), ("rare", 10)],
        Difficulty::Hard => &[("uncommon", 50), ("rare", 40), ("epic", 10)],
        Difficulty::Epic => &[("rare", 50), ("epic", 40), ("legendary", 10)],
        Difficulty::Legendary => &[("epic", 60), ("legendary", 40)],
    }
}

/// The seven equipment types loot draws from, each with inventory's two catalog families.
pub const EQUIPMENT: [(&str, [&str; 2]); 7] = [
    ("weapon", ["blade", "warhammer"]),
    ("helmet", ["helm", "circlet"]),
    ("armor", ["hauberk", "brigandine"]),
    ("boots", ["treads", "greaves"]),
    ("gloves", ["gauntlets", "grips"]),
    ("ring", ["band", "signet"]),
    ("amulet", ["pendant", "talisman"]),
];

/// Inventory's catalog tier of each rarity.
fn tier(rarity: &str) -> &'static str {
    match rarity {
        "uncommon" => "ranger",
        "rare" => "stormforged",
        "epic" => "starfall",
        "legendary" => "eclipse",
        _ => "tinker",
    }
}

/// A dropped item: what the seed would have named it, and the catalog entry granted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Drop {
    /// The seed's name, `Battle {Rarity} {Type}`.
    pub name: String,
    /// Equipment type.
    pub item_type: String,
    /// Rarity.
    pub rarity: String,
    /// Inventory catalog id granted.
    pub catalog_id: String,
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Picks by weight.
fn weighted<'a>(weights: &[(&'a str, u32)], dice: &mut dyn Dice) -> &'a str {
    let total: u32 = weights.iter().map(|(_, w)| w).sum();
    let mut roll = dice.unit() * f64::from(total);
    for (name, w) in weights {
        if roll < f64::from(*w) {
            return name;
        }
        roll -= f64::from(*w);
    }
    weights.last().map_or("common", |(n, _)| n)
}

/// Rolls the loot of one claim: nothing, or one equipment piece.
pub fn roll_drop(difficulty: Difficulty, dice: &mut dyn Dice) -> Option<Drop> {
    if dice.unit() >= loot_chance(difficulty) {
        return None;
    }
    let rarity = weighted(rarity_weights(difficulty), dice);
    let (item_type, families) = EQUIPMENT[dice.index(EQUIPMENT.len())];
    let family = families[dice.index(2)];
    Some(Drop {
        name: format!("Battle {} {}", capitalise(rarity), capitalise(item_type)),
        item_type: item_type.to_owned(),
        rarity: rarity.to_owned(),
        catalog_id: format!("{family}_{}", tier(rarity)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rng::Scripted;

    #[test]
    fn contribution_is_a_rounded_percentage_or_an_equal_split() {
        assert_eq!(contribution_percent(1, 3, 2), 33.33);
        assert_eq!(contribution_percent(0, 0, 4), 25.0);
        assert_eq!(contribution_percent(5, 5, 1), 100.0);
    }

    #[test]
    fn more_than_half_the_damage_earns_the_bonus() {
        assert_eq!(rewards(450, 225, 50.0), (450, 225));
        assert_eq!(rewards(450, 225, 50.01), (540, 270));
    }

    #[test]
    fn loot_chance_grows_with_difficulty() {
        let chances: Vec<f64> = Difficulty::ALL.iter().map(|d| loot_chance(*d)).collect();
        assert_eq!(chances.len(), 5);
        assert!((chances[0] - 0.1).abs() < 1e-9 && (chances[4] - 0.5).abs() < 1e-9);
    }

    #[test]
    fn a_roll_above_the_chance_drops_nothing() {
        assert_eq!(
            roll_drop(Difficulty::Easy, &mut Scripted::new(&[0.1])),
            None
        );
    }

    #[test]
    fn a_drop_follows_the_weights_and_maps_to_the_catalog() {
        // chance 0.05 < 0.5; rarity roll 0.7 of 100 -> legendary (epic 60 first);
        // type 0.0 -> weapon; family 0.99 -> warhammer
        let drop = roll_drop(
            Difficulty::Legendary,
            &mut Scripted::new(&[0.05, 0.7, 0.0, 0.99]),
        )
        .unwrap();
        assert_eq!(drop.name, "Battle Legendary Weapon");
        assert_eq!(drop.catalog_id, "warhammer_eclipse");
        let drop = roll_drop(
            Difficulty::Medium,
            &mut Scripted::new(&[0.0, 0.95, 0.99, 0.0]),
        )
        .unwrap();
        assert_eq!(
            (drop.rarity.as_str(), drop.item_type.as_str()),
            ("rare", "amulet")
        );
        assert_eq!(drop.catalog_id, "pendant_stormforged");
    }

    #[test]
    fn every_weight_table_sums_to_100() {
        for d in Difficulty::ALL {
            assert_eq!(rarity_weights(d).iter().map(|(_, w)| w).sum::<u32>(), 100);
        }
    }
}
