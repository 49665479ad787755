//! The seed's damage formula (crits, attack-type multipliers, variance) and, new here, the
//! blows a raid boss deals back.

use super::kinds::AttackType;
use super::rng::Dice;

/// Critical chance every attack has before its type's bonus.
pub const BASE_CRIT_CHANCE: f64 = 0.10;
/// Share of a raid boss's attack one of its blows carries (the seed's boss attack values are
/// sized for 30x HP bosses; a full blow would kill any player outright).
pub const RAID_BLOW_SHARE: f64 = 0.05;

/// One attack's outcome before it meets the enemy's HP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Damage rolled (the enemy loses at most its remaining HP).
    pub damage: i64,
    /// Whether the roll was critical.
    pub is_critical: bool,
}

/// Rolls an attack of `kind` with attack power `power` against an enemy with `defense`:
/// crit if a roll is below 10% + the type's bonus; base `max(1, power - defense/2)`, doubled
/// on a crit; x0.9..1.1 variance (at least 1), then the type's multiplier (quick can round to
/// 0, as in the seed).
pub fn roll_hit(power: i64, defense: i64, kind: AttackType, dice: &mut dyn Dice) -> Hit {
    let is_critical = dice.unit() < BASE_CRIT_CHANCE + kind.crit_bonus();
    let mut base = (power - (defense as f64 * 0.5) as i64).max(1);
    if is_critical {
        base *= 2;
    }
    let varied = ((base as f64 * dice.between(0.9, 1.1)) as i64).max(1);
    Hit {
        damage: (varied as f64 * kind.multiplier()) as i64,
        is_critical,
    }
}

/// What an attack does to an enemy with `hp` left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    /// HP the enemy actually lost (what counts as the attacker's contribution).
    pub taken: i64,
    /// HP left, never below zero.
    pub hp_after: i64,
    /// Whether this attack brought the enemy to zero.
    pub defeated_now: bool,
}

/// Applies `damage` to an enemy that has `hp` left.
pub fn apply(hp: i64, damage: i64) -> Applied {
    let hp = hp.max(0);
    let taken = damage.clamp(0, hp);
    let hp_after = hp - taken;
    Applied {
        taken,
        hp_after,
        defeated_now: hp > 0 && hp_after == 0,
    }
}

/// A raid boss's blow at a player with `defense`: `max(1, attack*share - defense/2)`, x0.9..1.1.
pub fn raid_blow(boss_attack: i64, defense: i64, dice: &mut dyn Dice) -> i64 {
    let base =
        ((boss_attack as f64 * RAID_BLOW_SHARE) as i64 - (defense as f64 * 0.5) as i64).max(1);
    ((base as f64 * dice.between(0.9, 1.1)) as i64).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rng::Scripted;

    // Rolls: crit roll, then variance roll (0.5 -> x1.0).
    #[test]
    fn a_normal_hit_is_power_minus_half_defense() {
        let hit = roll_hit(30, 16, AttackType::Normal, &mut Scripted::new(&[0.5, 0.5]));
        assert_eq!(
            hit,
            Hit {
                damage: 22,
                is_critical: false
            }
        );
    }

    #[test]
    fn a_crit_doubles_the_base_before_variance_and_multiplier() {
        // 0.12 < 0.10 + 0.05: power attacks crit; base 22 -> 44, x1.1 (roll 1.0) -> 48, x1.5 -> 72
        let hit = roll_hit(30, 16, AttackType::Power, &mut Scripted::new(&[0.12, 1.0]));
        assert_eq!(
            hit,
            Hit {
                damage: 72,
                is_critical: true
            }
        );
        // The same roll is no crit for a normal attack.
        let hit = roll_hit(30, 16, AttackType::Normal, &mut Scripted::new(&[0.12, 1.0]));
        assert!(!hit.is_critical);
    }

    #[test]
    fn variance_stays_within_ten_percent() {
        let low = roll_hit(110, 20, AttackType::Normal, &mut Scripted::new(&[0.9, 0.0]));
        assert_eq!(low.damage, 90);
        let high = roll_hit(
            110,
            20,
            AttackType::Normal,
            &mut Scripted::new(&[0.9, 0.999_999]),
        );
        assert_eq!(high.damage, 109);
    }

    #[test]
    fn overwhelming_defense_still_deals_one_and_quick_can_deal_zero() {
        let hit = roll_hit(5, 1000, AttackType::Normal, &mut Scripted::new(&[0.9, 0.0]));
        assert_eq!(hit.damage, 1);
        let quick = roll_hit(5, 1000, AttackType::Quick, &mut Scripted::new(&[0.9, 0.0]));
        assert_eq!(quick.damage, 0);
        let ultimate = roll_hit(
            100,
            0,
            AttackType::Ultimate,
            &mut Scripted::new(&[0.9, 0.5]),
        );
        assert_eq!(ultimate.damage, 300);
    }

    #[test]
    fn hp_never_goes_below_zero_and_defeat_happens_once() {
        assert_eq!(
            apply(10, 25),
            Applied {
                taken: 10,
                hp_after: 0,
                defeated_now: true
            }
        );
        assert_eq!(
            apply(0, 25),
            Applied {
                taken: 0,
                hp_after: 0,
                defeated_now: false
            }
        );
        assert_eq!(
            apply(100, 25),
            Applied {
                taken: 25,
                hp_after: 75,
                defeated_now: false
            }
        );
    }

    #[test]
    fn a_raid_blow_is_a_share_of_the_boss_attack() {
        // 1200 * 0.05 = 60, minus 10/2 -> 55
        assert_eq!(raid_blow(1200, 10, &mut Scripted::new(&[0.5])), 55);
        assert_eq!(raid_blow(10, 1000, &mut Scripted::new(&[0.0])), 1);
    }
}
