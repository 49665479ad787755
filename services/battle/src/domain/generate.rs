//! The seed's battle generation: standard waves, boss raids and the pool's composition.

use super::bosses::{GALLERY, GalleryBoss};
use super::kinds::{Difficulty, EnemyType};
use super::rng::Dice;

/// The seed's boss phase thresholds, in percent of the boss's HP.
pub const PHASE_THRESHOLDS: [i32; 3] = [75, 50, 25];
/// Standard battles a pool keeps waiting.
pub const POOL_STANDARD: usize = 3;
/// Boss raids a pool keeps waiting.
pub const POOL_RAIDS: usize = 1;

/// One enemy to create.
#[derive(Debug, Clone, PartialEq)]
pub struct EnemySpec {
    /// Its type.
    pub enemy_type: EnemyType,
    /// Display name.
    pub name: String,
    /// Level.
    pub level: i32,
    /// Icon.
    pub icon: String,
    /// HP (current = max at the start).
    pub hp: i64,
    /// Attack.
    pub attack: i64,
    /// Defense.
    pub defense: i64,
}

/// One battle to create.
#[derive(Debug, Clone, PartialEq)]
pub struct BattleSpec {
    /// Display name.
    pub name: String,
    /// Difficulty.
    pub difficulty: Difficulty,
    /// Wave number.
    pub wave: i32,
    /// Whether it is a boss raid.
    pub is_boss_raid: bool,
    /// Players allowed at once.
    pub max_players: i32,
    /// Players the seed wanted before a raid (informational).
    pub min_players: i32,
    /// Lowest level that may join.
    pub required_level: i32,
    /// Stamina to join.
    pub stamina_cost: i64,
    /// Gold for each participant (before the contribution bonus).
    pub gold_reward: i64,
    /// XP for each participant (before the contribution bonus).
    pub exp_reward: i64,
    /// Boss phases (3 in the seed).
    pub boss_phase_count: i32,
    /// Enemies.
    pub enemies: Vec<EnemySpec>,
}

impl BattleSpec {
    /// `standard` or `boss_raid`.
    pub fn battle_type(&self) -> &'static str {
        if self.is_boss_raid {
            "boss_raid"
        } else {
            "standard"
        }
    }
}

/// Truncates like Python's `int()` on the seed's positive products.
fn int(v: f64) -> i64 {
    v as i64
}

/// An enemy of `enemy_type` at `level`, scaled by `difficulty`.
pub fn enemy(enemy_type: EnemyType, level: i32, difficulty: Difficulty, name: String) -> EnemySpec {
    let (th, ta, td) = enemy_type.scale();
    let d = difficulty.scale();
    let lvl = f64::from(level);
    EnemySpec {
        enemy_type,
        name,
        level,
        icon: enemy_type.icon().to_owned(),
        hp: int((100.0 + 50.0 * lvl) * th * d.hp),
        attack: int((10.0 + 5.0 * lvl) * ta * d.attack),
        defense: int((5.0 + 3.0 * lvl) * td * d.defense),
    }
}

/// A standard battle: `min(2 + wave, 10)` goblins, orcs and trolls.
pub fn standard(
    difficulty: Difficulty,
    wave: i32,
    required_level: i32,
    max_players: i32,
    dice: &mut dyn Dice,
) -> BattleSpec {
    let wave = wave.max(1);
    let d = difficulty.scale();
    let level = required_level + (wave - 1) * 2;
    let count = (2 + wave).min(10);
    let enemies = (0..count)
        .map(|i| {
            let t = EnemyType::STANDARD[dice.index(EnemyType::STANDARD.len())];
            enemy(t, level, difficulty, format!("{} {}", t.title(), i + 1))
        })
        .collect();
    BattleSpec {
        name: format!("{} Battle - Wave {wave}", difficulty.title()),
        difficulty,
        wave,
        is_boss_raid: false,
        max_players,
        min_players: 1,
        required_level,
        stamina_cost: 0,
        gold_reward: int(100.0 * f64::from(wave) * d.gold),
        exp_reward: int(50.0 * f64::from(wave) * d.xp),
        boss_phase_count: 3,
        enemies,
    }
}

/// A boss raid: one dragon-type boss five levels above the requirement.
pub fn boss_raid(
    difficulty: Difficulty,
    boss_name: &str,
    required_level: i32,
    min_players: i32,
    max_players: i32,
) -> BattleSpec {
    let d = difficulty.scale();
    let bl = f64::from(required_level + 5);
    let boss = EnemySpec {
        enemy_type: EnemyType::Dragon,
        name: boss_name.to_owned(),
        level: required_level + 5,
        icon: EnemyType::Dragon.icon().to_owned(),
        hp: int((5000.0 + 500.0 * bl) * d.hp * 30.0),
        attack: int((50.0 + 10.0 * bl) * d.attack * 3.0),
        defense: int((30.0 + 5.0 * bl) * d.defense * 2.0),
    };
    BattleSpec {
        name: format!("Boss Raid: {boss_name}"),
        difficulty,
        wave: 1,
        is_boss_raid: true,
        max_players,
        min_players,
        required_level,
        stamina_cost: 20,
        gold_reward: int(1000.0 * d.gold * 5.0),
        exp_reward: int(500.0 * d.xp * 5.0),
        boss_phase_count: 3,
        enemies: vec![boss],
    }
}

/// The boss phase for HP `current` of `max`: 1, then one more for every threshold reached.
pub fn boss_phase(current: i64, max: i64) -> i32 {
    if max <= 0 {
        return 1;
    }
    let percent = current as f64 * 100.0 / max as f64;
    1 + PHASE_THRESHOLDS
        .iter()
        .filter(|t| percent <= f64::from(**t))
        .count() as i32
}

/// The seed's words for a phase change.
pub fn phase_description(phase: i32) -> &'static str {
    match phase {
        2 => "The boss is enraged! Its attacks grow stronger.",
        3 => "The boss is desperate! It lashes out wildly.",
        _ => "The boss makes its last stand!",
    }
}

/// The difficulty of the pool's `slot`-th standard battle: easy, medium, then hard or
/// legendary.
pub fn pool_difficulty(slot: usize, dice: &mut dyn Dice) -> Difficulty {
    match slot {
        0 => Difficulty::Easy,
        1 => Difficulty::Medium,
        _ if dice.unit() < 0.5 => Difficulty::Hard,
        _ => Difficulty::Legendary,
    }
}

/// A standard battle for the pool's `slot`: wave 1..=5, level 1, ten players.
pub fn pool_standard(slot: usize, dice: &mut dyn Dice) -> BattleSpec {
    let difficulty = pool_difficulty(slot, dice);
    let wave = dice.int_in(1, 5);
    standard(difficulty, wave, 1, 10, dice)
}

/// The pool's boss raid: epic or legendary, level 10, 3 to 10 players, against a gallery boss.
pub fn pool_raid(dice: &mut dyn Dice) -> (BattleSpec, &'static GalleryBoss) {
    let difficulty = if dice.unit() < 0.5 {
        Difficulty::Epic
    } else {
        Difficulty::Legendary
    };
    let boss = &GALLERY[dice.index(GALLERY.len())];
    (boss_raid(difficulty, boss.name, 10, 3, 10), boss)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rng::Scripted;

    #[test]
    fn a_medium_wave_three_battle_has_the_seed_numbers() {
        // 0.0 always picks the goblin.
        let spec = standard(Difficulty::Medium, 3, 1, 10, &mut Scripted::new(&[0.0]));
        assert_eq!(spec.name, "Medium Battle - Wave 3");
        assert_eq!(spec.enemies.len(), 5);
        assert_eq!((spec.gold_reward, spec.exp_reward), (450, 225));
        assert_eq!(spec.stamina_cost, 0);
        let goblin = &spec.enemies[0];
        // level 1 + 2*2 = 5: hp (100+250)*1.0*1.5, atk (10+25)*0.8*1.2, def (5+15)*0.7*1.2
        assert_eq!(goblin.level, 5);
        assert_eq!((goblin.hp, goblin.attack, goblin.defense), (525, 33, 16));
    }

    #[test]
    fn troll_and_orc_multipliers_apply() {
        let troll = enemy(EnemyType::Troll, 1, Difficulty::Easy, "t".into());
        assert_eq!((troll.hp, troll.attack, troll.defense), (300, 13, 9));
        let orc = enemy(EnemyType::Orc, 3, Difficulty::Legendary, "o".into());
        // hp 250*1.3*6, atk 25*1.1*2.5, def 14*0.9*2.5
        assert_eq!((orc.hp, orc.attack, orc.defense), (1950, 68, 31));
    }

    #[test]
    fn waves_cap_at_ten_enemies() {
        let spec = standard(Difficulty::Easy, 20, 1, 10, &mut Scripted::new(&[0.9]));
        assert_eq!(spec.enemies.len(), 10);
        assert!(
            spec.enemies
                .iter()
                .all(|e| e.enemy_type == EnemyType::Troll)
        );
    }

    #[test]
    fn an_epic_raid_has_the_seed_numbers() {
        let raid = boss_raid(Difficulty::Epic, "X", 10, 3, 10);
        let boss = &raid.enemies[0];
        // bl 15: hp 12500*4*30, atk 200*2*3, def 105*2*2
        assert_eq!((boss.hp, boss.attack, boss.defense), (1_500_000, 1200, 420));
        assert_eq!((raid.gold_reward, raid.exp_reward), (20_000, 10_000));
        assert_eq!(raid.stamina_cost, 20);
        assert_eq!(boss.enemy_type, EnemyType::Dragon);
        assert_eq!(raid.battle_type(), "boss_raid");
    }

    #[test]
    fn phases_change_at_75_50_and_25_percent() {
        assert_eq!(boss_phase(1000, 1000), 1);
        assert_eq!(boss_phase(751, 1000), 1);
        assert_eq!(boss_phase(750, 1000), 2);
        assert_eq!(boss_phase(500, 1000), 3);
        assert_eq!(boss_phase(250, 1000), 4);
        assert_eq!(boss_phase(0, 1000), 4);
    }

    #[test]
    fn the_pool_is_easy_medium_then_hard_or_legendary() {
        let mut low = Scripted::new(&[0.1]);
        assert_eq!(pool_difficulty(0, &mut low), Difficulty::Easy);
        assert_eq!(pool_difficulty(1, &mut low), Difficulty::Medium);
        assert_eq!(pool_difficulty(2, &mut low), Difficulty::Hard);
        assert_eq!(
            pool_difficulty(2, &mut Scripted::new(&[0.9])),
            Difficulty::Legendary
        );
        let (raid, boss) = pool_raid(&mut Scripted::new(&[0.7, 0.0]));
        assert_eq!(raid.difficulty, Difficulty::Legendary);
        assert_eq!(raid.required_level, 10);
        assert_eq!(boss.index, 0);
        assert_eq!(raid.enemies[0].name, GALLERY[0].name);
    }
}
