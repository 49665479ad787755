//! Pure battle rules: kinds and their multipliers, battle generation, damage, raid strikes,
//! loot and the boss gallery. No I/O; randomness comes in through [`Dice`].

pub mod bosses;
pub mod damage;
pub mod generate;
pub mod kinds;
pub mod loot;
pub mod rng;

pub use kinds::{AttackType, BattleStatus, Difficulty, EnemyType};
pub use rng::{Dice, RandDice};
