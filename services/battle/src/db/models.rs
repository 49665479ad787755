//! Rows of the battle database and their insertables.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde_json::Value;
use uuid::Uuid;

use super::schema::{
    battle_attacks, battle_enemies, battle_logs, battle_participants, battle_templates, battles,
};

/// A battle or raid.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = battles)]
pub struct Battle {
    /// Id.
    pub id: i64,
    /// Display name.
    pub name: String,
    /// `easy` .. `legendary`.
    pub difficulty: String,
    /// Wave number.
    pub wave_number: i32,
    /// Raid or standard.
    pub is_boss_raid: bool,
    /// Capacity.
    pub max_players: i32,
    /// The seed's raid minimum (informational).
    pub min_players: i32,
    /// Lowest level that may join.
    pub required_level: i32,
    /// Stamina to join.
    pub stamina_cost: i64,
    /// Boss phases.
    pub boss_phase_count: i32,
    /// Current boss phase (1..=4).
    pub boss_current_phase: i32,
    /// Gold per participant.
    pub gold_reward: i64,
    /// XP per participant.
    pub exp_reward: i64,
    /// The gallery boss of a raid.
    pub gallery_index: Option<i32>,
    /// The admin template it came from.
    pub template_id: Option<i64>,
    /// Made by the pool keeper.
    pub from_pool: bool,
    /// `waiting`, `in_progress`, `completed`, `abandoned`.
    pub status: String,
    /// A raid's next blow.
    pub next_strike_at: Option<DateTime<Utc>>,
    /// First join.
    pub started_at: Option<DateTime<Utc>>,
    /// Last enemy defeated.
    pub completed_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
}

/// A new battle.
#[derive(Debug, Insertable)]
#[diesel(table_name = battles)]
pub struct NewBattle {
    /// Display name.
    pub name: String,
    /// Difficulty.
    pub difficulty: String,
    /// Wave.
    pub wave_number: i32,
    /// Raid or standard.
    pub is_boss_raid: bool,
    /// Capacity.
    pub max_players: i32,
    /// Raid minimum.
    pub min_players: i32,
    /// Level requirement.
    pub required_level: i32,
    /// Stamina to join.
    pub stamina_cost: i64,
    /// Boss phases.
    pub boss_phase_count: i32,
    /// Gold.
    pub gold_reward: i64,
    /// XP.
    pub exp_reward: i64,
    /// Gallery boss.
    pub gallery_index: Option<i32>,
    /// Template.
    pub template_id: Option<i64>,
    /// Made by the pool keeper.
    pub from_pool: bool,
}

/// An enemy of a battle.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = battle_enemies)]
pub struct Enemy {
    /// Id.
    pub id: i64,
    /// Its battle.
    pub battle_id: i64,
    /// Order in the battle.
    pub position: i32,
    /// Type name.
    pub enemy_type: String,
    /// Display name.
    pub name: String,
    /// Level.
    pub level: i32,
    /// Icon.
    pub icon: String,
    /// Starting HP.
    pub hp_max: i64,
    /// HP left.
    pub hp_current: i64,
    /// Attack.
    pub attack: i64,
    /// Defense.
    pub defense: i64,
    /// Whether it is down.
    pub is_defeated: bool,
    /// When it went down.
    pub defeated_at: Option<DateTime<Utc>>,
}

/// A new enemy.
#[derive(Debug, Insertable)]
#[diesel(table_name = battle_enemies)]
pub struct NewEnemy {
    /// Battle.
    pub battle_id: i64,
    /// Order.
    pub position: i32,
    /// Type.
    pub enemy_type: String,
    /// Name.
    pub name: String,
    /// Level.
    pub level: i32,
    /// Icon.
    pub icon: String,
    /// HP max.
    pub hp_max: i64,
    /// HP now.
    pub hp_current: i64,
    /// Attack.
    pub attack: i64,
    /// Defense.
    pub defense: i64,
}

/// A player's part in a battle (and, later, its history).
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = battle_participants)]
pub struct Participant {
    /// Id.
    pub id: i64,
    /// The battle.
    pub battle_id: i64,
    /// The player.
    pub user_id: Uuid,
    /// Name at join.
    pub username: String,
    /// Level at join.
    pub level: i32,
    /// The battle's name (kept when the battle is trimmed).
    pub battle_name: String,
    /// Raid or standard.
    pub is_boss_raid: bool,
    /// The raid's gallery boss.
    pub gallery_index: Option<i32>,
    /// Joined.
    pub joined_at: DateTime<Utc>,
    /// Left.
    pub left_at: Option<DateTime<Utc>>,
    /// Still in.
    pub is_active: bool,
    /// Inventory confirmed the join's stamina.
    pub stamina_paid: bool,
    /// HP taken from enemies.
    pub total_damage_dealt: i64,
    /// Attacks made.
    pub attacks_count: i32,
    /// HP at join (combat stats).
    pub hp_max: i64,
    /// HP left in a raid.
    pub hp_current: i64,
    /// Defense at join.
    pub defense: i64,
    /// Killed by the raid boss.
    pub is_dead: bool,
    /// When.
    pub death_timestamp: Option<DateTime<Utc>>,
    /// Resurrections so far.
    pub resurrection_count: i32,
    /// `pending` or `done`.
    pub claim_state: Option<String>,
    /// Loot paid.
    pub has_claimed_loot: bool,
    /// When.
    pub claimed_at: Option<DateTime<Utc>>,
    /// The decided rewards.
    pub rewards: Option<Value>,
}

/// A new participant.
#[derive(Debug, Insertable)]
#[diesel(table_name = battle_participants)]
pub struct NewParticipant {
    /// Battle.
    pub battle_id: i64,
    /// Player.
    pub user_id: Uuid,
    /// Name.
    pub username: String,
    /// Level.
    pub level: i32,
    /// Battle name.
    pub battle_name: String,
    /// Raid or standard.
    pub is_boss_raid: bool,
    /// Gallery boss.
    pub gallery_index: Option<i32>,
    /// Paid already (nothing to pay).
    pub stamina_paid: bool,
    /// HP.
    pub hp_max: i64,
    /// HP.
    pub hp_current: i64,
    /// Defense.
    pub defense: i64,
}

/// One battle log line.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = battle_logs)]
pub struct Log {
    /// Id.
    pub id: i64,
    /// Battle.
    pub battle_id: i64,
    /// Who.
    pub user_id: Option<Uuid>,
    /// Their name.
    pub username: Option<String>,
    /// `join`, `attack`, `enemy_defeated`, `battle_completed`, `phase_change`, `player_hit`...
    pub log_type: String,
    /// Human text.
    pub message: String,
    /// Enemy.
    pub enemy_id: Option<i64>,
    /// Enemy name.
    pub enemy_name: Option<String>,
    /// Damage.
    pub damage: Option<i64>,
    /// Enemy HP afterwards.
    pub enemy_hp_remaining: Option<i64>,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A new log line.
#[derive(Debug, Clone, Insertable, Default)]
#[diesel(table_name = battle_logs)]
pub struct NewLog {
    /// Battle.
    pub battle_id: i64,
    /// Who.
    pub user_id: Option<Uuid>,
    /// Name.
    pub username: Option<String>,
    /// Type.
    pub log_type: String,
    /// Text.
    pub message: String,
    /// Enemy.
    pub enemy_id: Option<i64>,
    /// Enemy name.
    pub enemy_name: Option<String>,
    /// Damage.
    pub damage: Option<i64>,
    /// Enemy HP after.
    pub enemy_hp_remaining: Option<i64>,
}

/// An admin's battle template.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = battle_templates)]
pub struct Template {
    /// Id.
    pub id: i64,
    /// Unique name.
    pub name: String,
    /// Raid or standard.
    pub is_boss_raid: bool,
    /// Difficulty.
    pub difficulty: String,
    /// Wave.
    pub wave_number: i32,
    /// Level requirement.
    pub required_level: i32,
    /// Raid minimum.
    pub min_players: i32,
    /// Capacity.
    pub max_players: i32,
    /// Gallery boss of a raid.
    pub boss_index: Option<i32>,
    /// The admin.
    pub created_by: Uuid,
    /// Created.
    pub created_at: DateTime<Utc>,
}

/// A new template.
#[derive(Debug, Insertable)]
#[diesel(table_name = battle_templates)]
pub struct NewTemplate {
    /// Name.
    pub name: String,
    /// Raid.
    pub is_boss_raid: bool,
    /// Difficulty.
    pub difficulty: String,
    /// Wave.
    pub wave_number: i32,
    /// Level.
    pub required_level: i32,
    /// Minimum.
    pub min_players: i32,
    /// Capacity.
    pub max_players: i32,
    /// Gallery boss.
    pub boss_index: Option<i32>,
    /// Admin.
    pub created_by: Uuid,
}

/// An attack recorded before its stamina was debited (see the `battle_attacks` migration).
#[derive(Debug, Clone, Queryable, QueryableByName, Selectable)]
#[diesel(table_name = battle_attacks)]
pub struct AttackIntent {
    /// Id; the stamina debit's key is derived from it.
    pub id: Uuid,
    /// Battle.
    pub battle_id: i64,
    /// Enemy.
    pub enemy_id: i64,
    /// Attacker.
    pub user_id: Uuid,
    /// Attack type.
    pub attack_type: String,
    /// Stamina debited for it.
    pub stamina_cost: i64,
    /// `reserved` or `refunding`.
    pub state: String,
    /// Recorded.
    pub created_at: DateTime<Utc>,
}

/// A new attack intent.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = battle_attacks)]
pub struct NewAttackIntent {
    /// Id.
    pub id: Uuid,
    /// Battle.
    pub battle_id: i64,
    /// Enemy.
    pub enemy_id: i64,
    /// Attacker.
    pub user_id: Uuid,
    /// Attack type.
    pub attack_type: String,
    /// Stamina.
    pub stamina_cost: i64,
}
