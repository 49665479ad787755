//! Pet rules from the web-game seed: focus stats at hatching, growth per level, the XP curve
//! of pets, and the weighted species roll for eggs of unknown species.

use rand::Rng;

/// The highest pet level.
pub const MAX_PET_LEVEL: i32 = 100;

/// Species an egg of unknown species can hatch into, with their weights (total 100).
pub const SPECIES_WEIGHTS: [(&str, u32); 14] = [
    ("wolf", 15),
    ("bear", 15),
    ("fox", 15),
    ("tiger", 12),
    ("lion", 12),
    ("eagle", 10),
    ("serpent", 8),
    ("dragon", 3),
    ("phoenix", 2),
    ("griffin", 2),
    ("unicorn", 2),
    ("pegasus", 2),
    ("hydra", 1),
    ("cerberus", 1),
];

/// Every species a catalog egg may name.
pub const SPECIES: [&str; 17] = [
    "dragon", "wolf", "bear", "fox", "phoenix", "tiger", "lion", "eagle", "serpent", "griffin",
    "unicorn", "hydra", "cerberus", "pegasus", "wyvern", "spider", "mystery",
];

/// Rolls a species by [`SPECIES_WEIGHTS`].
pub fn roll_species(rng: &mut impl Rng) -> &'static str {
    let total: u32 = SPECIES_WEIGHTS.iter().map(|(_, w)| w).sum();
    let mut pick = rng.gen_range(0..total);
    for (species, weight) in SPECIES_WEIGHTS {
        if pick < weight {
            return species;
        }
        pick -= weight;
    }
    "wolf"
}

/// A pet's focus: which stats it favours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// Attack.
    Attack,
    /// Defense.
    Defense,
    /// Hit points.
    Hp,
    /// Heavy attack.
    Damage,
    /// Even attack and defense.
    Mixed,
    /// A bit of everything (the default).
    Balanced,
}

impl Focus {
    /// Parses a stored focus; anything unknown is balanced, as the seed defaults it.
    pub fn parse(s: Option<&str>) -> Focus {
        match s {
            Some("attack") => Focus::Attack,
            Some("defense") => Focus::Defense,
            Some("hp") => Focus::Hp,
            Some("damage") => Focus::Damage,
            Some("mixed") => Focus::Mixed,
            _ => Focus::Balanced,
        }
    }

    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Focus::Attack => "attack",
            Focus::Defense => "defense",
            Focus::Hp => "hp",
            Focus::Damage => "damage",
            Focus::Mixed => "mixed",
            Focus::Balanced => "balanced",
        }
    }

    /// Bonuses (attack, defense, hp) a pet of this focus has when it hatches.
    pub const fn hatch_stats(self) -> (i32, i32, i32) {
        match self {
            Focus::Attack => (15, 3, 10),
            Focus::Defense => (3, 15, 10),
            Focus::Hp => (3, 3, 30),
            Focus::Damage => (20, 1, 5),
            Focus::Mixed => (10, 10, 10),
            Focus::Balanced => (8, 8, 15),
        }
    }

    /// Bonuses (attack, defense, hp) gained per level.
    pub const fn growth(self) -> (i32, i32, i32) {
        match self {
            Focus::Attack => (3, 0, 2),
            Focus::Defense => (0, 3, 2),
            Focus::Hp => (0, 0, 5),
            Focus::Damage => (4, 0, 1),
            Focus::Mixed => (2, 2, 2),
            Focus::Balanced => (1, 1, 3),
        }
    }
}

/// XP a pet at `level` needs for the next: `int(100 * 1.5^(level-1))`.
pub fn pet_exp_max(level: i32) -> i64 {
    (100.0 * 1.5_f64.powf(f64::from(level - 1)) + 1e-6).min(1e15) as i64
}

/// A pet's progress after feeding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PetGrowth {
    /// Level after.
    pub level: i32,
    /// XP into the level after.
    pub exp: i64,
    /// XP the level needs.
    pub exp_max: i64,
    /// Levels gained.
    pub levels_gained: i32,
    /// Bonuses (attack, defense, hp) after.
    pub bonuses: (i32, i32, i32),
}

/// Feeds `xp` to a pet: levels up while the XP covers the next level, growing its bonuses.
pub fn feed(
    level: i32,
    exp: i64,
    exp_max: i64,
    bonuses: (i32, i32, i32),
    focus: Focus,
    xp: i64,
) -> PetGrowth {
    let (mut level, mut exp, mut exp_max, mut bonuses) = (level, exp + xp.max(0), exp_max, bonuses);
    let start = level;
    let (ga, gd, gh) = focus.growth();
    while exp >= exp_max && level < MAX_PET_LEVEL {
        exp -= exp_max;
        level += 1;
        bonuses = (bonuses.0 + ga, bonuses.1 + gd, bonuses.2 + gh);
        exp_max = pet_exp_max(level);
    }
    PetGrowth {
        level,
        exp,
        exp_max,
        levels_gained: level - start,
        bonuses,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeding_levels_up_and_grows_bonuses() {
        let g = feed(1, 0, 100, Focus::Attack.hatch_stats(), Focus::Attack, 260);
        // 100 for level 2, 150 for level 3, 10 left over.
        assert_eq!(
            (g.level, g.exp, g.exp_max, g.levels_gained),
            (3, 10, 225, 2)
        );
        assert_eq!(g.bonuses, (21, 3, 14));
    }

    #[test]
    fn the_species_roll_only_yields_weighted_species() {
        let mut rng = rand::thread_rng();
        for _ in 0..200 {
            let s = roll_species(&mut rng);
            assert!(SPECIES_WEIGHTS.iter().any(|(name, _)| *name == s));
        }
    }

    #[test]
    fn unknown_focus_is_balanced() {
        assert_eq!(Focus::parse(None), Focus::Balanced);
        assert_eq!(Focus::parse(Some("hp")).hatch_stats(), (3, 3, 30));
    }
}
