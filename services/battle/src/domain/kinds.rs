//! Difficulties, enemy types, attack types and battle statuses with the seed's numbers.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Multipliers a difficulty applies to enemies and rewards.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DifficultyScale {
    /// Enemy HP.
    pub hp: f64,
    /// Enemy attack.
    pub attack: f64,
    /// Enemy defense.
    pub defense: f64,
    /// Gold reward.
    pub gold: f64,
    /// XP reward.
    pub xp: f64,
}

/// How hard a battle is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Difficulty {
    /// x1.
    Easy,
    /// x1.5 HP and rewards.
    Medium,
    /// x2.5 HP and rewards.
    Hard,
    /// x4 HP and rewards.
    Epic,
    /// x6 HP and rewards.
    Legendary,
}

impl Difficulty {
    /// Every difficulty, easiest first.
    pub const ALL: [Difficulty; 5] = [
        Difficulty::Easy,
        Difficulty::Medium,
        Difficulty::Hard,
        Difficulty::Epic,
        Difficulty::Legendary,
    ];

    /// The stored and wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
            Difficulty::Epic => "epic",
            Difficulty::Legendary => "legendary",
        }
    }

    /// Parses a stored name.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == raw)
    }

    /// 0 for easy .. 4 for legendary (the loot chance grows with it).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The seed's multipliers (hp, atk, def, gold, xp).
    pub const fn scale(self) -> DifficultyScale {
        let (hp, attack, defense, gold, xp) = match self {
            Difficulty::Easy => (1.0, 1.0, 1.0, 1.0, 1.0),
            Difficulty::Medium => (1.5, 1.2, 1.2, 1.5, 1.5),
            Difficulty::Hard => (2.5, 1.5, 1.5, 2.5, 2.5),
            Difficulty::Epic => (4.0, 2.0, 2.0, 4.0, 4.0),
            Difficulty::Legendary => (6.0, 2.5, 2.5, 6.0, 6.0),
        };
        DifficultyScale {
            hp,
            attack,
            defense,
            gold,
            xp,
        }
    }

    /// Capitalised, for battle names.
    pub const fn title(self) -> &'static str {
        match self {
            Difficulty::Easy => "Easy",
            Difficulty::Medium => "Medium",
            Difficulty::Hard => "Hard",
            Difficulty::Epic => "Epic",
            Difficulty::Legendary => "Legendary",
        }
    }
}

/// What kind of creature an enemy is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EnemyType {
    /// Weak and quick.
    Goblin,
    /// Sturdy.
    Orc,
    /// Twice a goblin's HP.
    Troll,
    /// Balanced.
    Lizardman,
    /// Hits hard.
    Demon,
    /// Raid bosses.
    Dragon,
    /// Frail.
    Undead,
}

impl EnemyType {
    /// Every type.
    pub const ALL: [EnemyType; 7] = [
        EnemyType::Goblin,
        EnemyType::Orc,
        EnemyType::Troll,
        EnemyType::Lizardman,
        EnemyType::Demon,
        EnemyType::Dragon,
        EnemyType::Undead,
    ];

    /// The types standard battles draw from.
    pub const STANDARD: [EnemyType; 3] = [EnemyType::Goblin, EnemyType::Orc, EnemyType::Troll];

    /// The stored and wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            EnemyType::Goblin => "goblin",
            EnemyType::Orc => "orc",
            EnemyType::Troll => "troll",
            EnemyType::Lizardman => "lizardman",
            EnemyType::Demon => "demon",
            EnemyType::Dragon => "dragon",
            EnemyType::Undead => "undead",
        }
    }

    /// Parses a stored name.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == raw)
    }

    /// The seed's (hp, atk, def) multipliers.
    pub const fn scale(self) -> (f64, f64, f64) {
        match self {
            EnemyType::Goblin => (1.0, 0.8, 0.7),
            EnemyType::Orc => (1.3, 1.1, 0.9),
            EnemyType::Troll => (2.0, 0.9, 1.2),
            EnemyType::Lizardman => (1.2, 1.0, 1.0),
            EnemyType::Demon => (1.5, 1.3, 1.1),
            EnemyType::Dragon => (3.0, 1.5, 1.4),
            EnemyType::Undead => (0.8, 1.0, 0.6),
        }
    }

    /// Display name.
    pub const fn title(self) -> &'static str {
        match self {
            EnemyType::Goblin => "Goblin",
            EnemyType::Orc => "Orc",
            EnemyType::Troll => "Troll",
            EnemyType::Lizardman => "Lizardman",
            EnemyType::Demon => "Demon",
            EnemyType::Dragon => "Dragon",
            EnemyType::Undead => "Undead",
        }
    }

    /// The icon the web client shows.
    pub const fn icon(self) -> &'static str {
        match self {
            EnemyType::Goblin => "👺",
            EnemyType::Orc => "👹",
            EnemyType::Troll => "🧌",
            EnemyType::Lizardman => "🦎",
            EnemyType::Demon => "😈",
            EnemyType::Dragon => "🐉",
            EnemyType::Undead => "💀",
        }
    }
}

/// How a player attacks: stamina spent, damage multiplier and critical bonus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum AttackType {
    /// 5 stamina, x0.7.
    Quick,
    /// 10 stamina, x1.
    #[default]
    Normal,
    /// 20 stamina, x1.5, +5% crit.
    Power,
    /// 35 stamina, x2.2, +15% crit.
    Critical,
    /// 50 stamina, x3, +25% crit.
    Ultimate,
}

impl AttackType {
    /// Every attack type.
    pub const ALL: [AttackType; 5] = [
        AttackType::Quick,
        AttackType::Normal,
        AttackType::Power,
        AttackType::Critical,
        AttackType::Ultimate,
    ];

    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            AttackType::Quick => "quick",
            AttackType::Normal => "normal",
            AttackType::Power => "power",
            AttackType::Critical => "critical",
            AttackType::Ultimate => "ultimate",
        }
    }

    /// Parses a wire name.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == raw)
    }

    /// Stamina one attack costs.
    pub const fn stamina(self) -> i64 {
        match self {
            AttackType::Quick => 5,
            AttackType::Normal => 10,
            AttackType::Power => 20,
            AttackType::Critical => 35,
            AttackType::Ultimate => 50,
        }
    }

    /// Damage multiplier.
    pub const fn multiplier(self) -> f64 {
        match self {
            AttackType::Quick => 0.7,
            AttackType::Normal => 1.0,
            AttackType::Power => 1.5,
            AttackType::Critical => 2.2,
            AttackType::Ultimate => 3.0,
        }
    }

    /// Added to the 10% base critical chance.
    pub const fn crit_bonus(self) -> f64 {
        match self {
            AttackType::Quick | AttackType::Normal => 0.0,
            AttackType::Power => 0.05,
            AttackType::Critical => 0.15,
            AttackType::Ultimate => 0.25,
        }
    }
}

/// Where a battle is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BattleStatus {
    /// In the pool, nobody joined yet.
    Waiting,
    /// Someone joined; attacks are accepted.
    InProgress,
    /// Every enemy is defeated; loot can be claimed.
    Completed,
    /// Given up.
    Abandoned,
}

impl BattleStatus {
    /// The stored and wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            BattleStatus::Waiting => "waiting",
            BattleStatus::InProgress => "in_progress",
            BattleStatus::Completed => "completed",
            BattleStatus::Abandoned => "abandoned",
        }
    }

    /// Parses a stored name.
    pub fn parse(raw: &str) -> Option<Self> {
        [
            BattleStatus::Waiting,
            BattleStatus::InProgress,
            BattleStatus::Completed,
            BattleStatus::Abandoned,
        ]
        .into_iter()
        .find(|s| s.as_str() == raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for d in Difficulty::ALL {
            assert_eq!(Difficulty::parse(d.as_str()), Some(d));
        }
        for t in EnemyType::ALL {
            assert_eq!(EnemyType::parse(t.as_str()), Some(t));
        }
        for a in AttackType::ALL {
            assert_eq!(AttackType::parse(a.as_str()), Some(a));
        }
        assert_eq!(Difficulty::parse("nightmare"), None);
        assert_eq!(Difficulty::Legendary.index(), 4);
    }

    #[test]
    fn attack_types_carry_the_seed_numbers() {
        let table: Vec<_> = AttackType::ALL
            .iter()
            .map(|a| (a.stamina(), a.multiplier(), a.crit_bonus()))
            .collect();
        assert_eq!(
            table,
            vec![
                (5, 0.7, 0.0),
                (10, 1.0, 0.0),
                (20, 1.5, 0.05),
                (35, 2.2, 0.15),
                (50, 3.0, 0.25)
            ]
        );
    }
}
