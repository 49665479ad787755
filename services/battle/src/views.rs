//! Response bodies: the seed's fields, plus ours.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::models::{Battle, Enemy, Log, Participant, Template};
use crate::domain::generate::PHASE_THRESHOLDS;

/// A battle in a list.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct BattleSummary {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// `easy` .. `legendary`.
    pub difficulty: String,
    /// Wave.
    pub wave_number: i32,
    /// `waiting`, `in_progress`, `completed`, `abandoned`.
    pub status: String,
    /// Level requirement.
    pub required_level: i32,
    /// Stamina to join.
    pub stamina_cost: i64,
    /// Active participants.
    pub current_players: i64,
    /// Capacity.
    pub max_players: i32,
    /// Gold per participant.
    pub gold_reward: i64,
    /// XP per participant.
    pub exp_reward: i64,
    /// Whether it is a boss raid.
    pub is_boss_raid: bool,
    /// `standard` or `boss_raid`.
    pub battle_type: String,
    /// Raid minimum (the seed's).
    pub min_players: i32,
    /// Current boss phase.
    pub boss_current_phase: i32,
    /// Boss phases.
    pub boss_phase_count: i32,
}

impl BattleSummary {
    /// From a row and its player count.
    pub fn new(b: &Battle, current_players: i64) -> Self {
        BattleSummary {
            id: b.id,
            name: b.name.clone(),
            difficulty: b.difficulty.clone(),
            wave_number: b.wave_number,
            status: b.status.clone(),
            required_level: b.required_level,
            stamina_cost: b.stamina_cost,
            current_players,
            max_players: b.max_players,
            gold_reward: b.gold_reward,
            exp_reward: b.exp_reward,
            is_boss_raid: b.is_boss_raid,
            battle_type: battle_type(b.is_boss_raid).to_owned(),
            min_players: b.min_players,
            boss_current_phase: b.boss_current_phase,
            boss_phase_count: b.boss_phase_count,
        }
    }
}

/// `standard` or `boss_raid`.
pub fn battle_type(is_boss_raid: bool) -> &'static str {
    if is_boss_raid {
        "boss_raid"
    } else {
        "standard"
    }
}

/// An enemy.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EnemyView {
    /// Id (what attacks name).
    pub id: i64,
    /// Name.
    pub name: String,
    /// Type.
    #[serde(rename = "type")]
    pub enemy_type: String,
    /// Level.
    pub level: i32,
    /// Icon.
    pub icon: String,
    /// HP left.
    pub hp_current: i64,
    /// Starting HP.
    pub hp_max: i64,
    /// Attack.
    pub attack: i64,
    /// Defense.
    pub defense: i64,
    /// Down.
    pub is_defeated: bool,
}

impl From<&Enemy> for EnemyView {
    fn from(e: &Enemy) -> Self {
        EnemyView {
            id: e.id,
            name: e.name.clone(),
            enemy_type: e.enemy_type.clone(),
            level: e.level,
            icon: e.icon.clone(),
            hp_current: e.hp_current,
            hp_max: e.hp_max,
            attack: e.attack,
            defense: e.defense,
            is_defeated: e.is_defeated,
        }
    }
}

/// A participant as everyone in the battle sees them.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ParticipantView {
    /// Participation id.
    pub id: i64,
    /// The player's user id.
    pub player_id: Uuid,
    /// Name.
    pub username: String,
    /// Level at join.
    pub level: i32,
    /// HP taken from enemies.
    pub total_damage_dealt: i64,
    /// Attacks made.
    pub attacks_count: i32,
    /// Killed by the raid boss.
    pub is_dead: bool,
    /// HP left (raids).
    pub hp_current: i64,
    /// HP at full health.
    pub hp_max: i64,
    /// Still in.
    pub is_active: bool,
}

impl From<&Participant> for ParticipantView {
    fn from(p: &Participant) -> Self {
        ParticipantView {
            id: p.id,
            player_id: p.user_id,
            username: p.username.clone(),
            level: p.level,
            total_damage_dealt: p.total_damage_dealt,
            attacks_count: p.attacks_count,
            is_dead: p.is_dead,
            hp_current: p.hp_current,
            hp_max: p.hp_max,
            is_active: p.is_active,
        }
    }
}

/// A battle with its enemies and participants.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct BattleInfo {
    /// The summary fields.
    #[serde(flatten)]
    pub summary: BattleSummary,
    /// Enemies, in order.
    pub enemies: Vec<EnemyView>,
    /// Participants who paid their way in.
    pub participants: Vec<ParticipantView>,
    /// HP percentages at which the boss changes phase.
    pub boss_phase_thresholds: Vec<i32>,
    /// First join.
    pub started_at: Option<DateTime<Utc>>,
    /// Completion.
    pub completed_at: Option<DateTime<Utc>>,
}

impl BattleInfo {
    /// From rows.
    pub fn new(b: &Battle, enemies: &[Enemy], participants: &[Participant]) -> Self {
        let paid: Vec<&Participant> = participants.iter().filter(|p| p.stamina_paid).collect();
        let active = paid.iter().filter(|p| p.is_active).count() as i64;
        BattleInfo {
            summary: BattleSummary::new(b, active),
            enemies: enemies.iter().map(EnemyView::from).collect(),
            participants: paid.into_iter().map(ParticipantView::from).collect(),
            boss_phase_thresholds: PHASE_THRESHOLDS.to_vec(),
            started_at: b.started_at,
            completed_at: b.completed_at,
        }
    }
}

/// `POST /api/battles/join/{id}`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct JoinResponse {
    /// Always true.
    pub success: bool,
    /// `Joined battle successfully` or `Rejoined battle successfully`.
    pub message: String,
    /// The battle.
    pub battle_id: i64,
    /// The participation.
    pub participant_id: i64,
    /// Stamina after the join's cost (when inventory was asked).
    pub stamina_remaining: Option<i32>,
}

/// `POST /api/battles/{id}/attack`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AttackResponse {
    /// Always true.
    pub success: bool,
    /// Damage rolled (the enemy lost at most its remaining HP).
    pub damage: i64,
    /// Critical hit.
    pub is_critical: bool,
    /// The enemy.
    pub enemy_id: i64,
    /// Its HP afterwards.
    pub enemy_hp_remaining: i64,
    /// This attack brought it down.
    pub enemy_defeated: bool,
    /// This attack finished the battle.
    pub battle_completed: bool,
    /// The attack type used.
    pub attack_type: String,
    /// Stamina spent.
    pub stamina_cost: i64,
    /// Stamina left.
    pub stamina_remaining: i32,
    /// The boss phase afterwards (raids).
    pub boss_phase: i32,
}

/// One dropped item.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct LootItem {
    /// The owned item's id in inventory.
    pub id: Option<Uuid>,
    /// The seed's name for the drop.
    pub name: String,
    /// Equipment type.
    #[serde(rename = "type")]
    pub item_type: String,
    /// Rarity.
    pub rarity: String,
    /// Inventory catalog entry granted.
    pub catalog_id: String,
}

/// `POST /api/battles/{id}/claim-loot`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ClaimResponse {
    /// Always true.
    pub success: bool,
    /// Gold paid.
    pub gold: i64,
    /// XP granted.
    pub xp: i64,
    /// Items granted.
    pub items: Vec<LootItem>,
    /// Share of the damage, in percent (2 decimals).
    pub contribution_percent: f64,
    /// Inventory's XP grant answer (levels gained, stat points).
    #[schema(value_type = Option<Object>)]
    pub level_up_info: Option<Value>,
}

/// One line of `GET /api/battles/history/me`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct HistoryEntry {
    /// Participation id.
    pub id: i64,
    /// The player.
    pub player_id: Uuid,
    /// The battle (it may have been trimmed since).
    pub battle_id: i64,
    /// Its name.
    pub battle_name: String,
    /// Raid or standard.
    pub is_boss_raid: bool,
    /// HP taken from enemies.
    pub total_damage_dealt: i64,
    /// Attacks made.
    pub attacks_count: i32,
    /// Loot paid.
    pub has_claimed_loot: bool,
    /// Joined.
    pub joined_at: DateTime<Utc>,
}

impl From<&Participant> for HistoryEntry {
    fn from(p: &Participant) -> Self {
        HistoryEntry {
            id: p.id,
            player_id: p.user_id,
            battle_id: p.battle_id,
            battle_name: p.battle_name.clone(),
            is_boss_raid: p.is_boss_raid,
            total_damage_dealt: p.total_damage_dealt,
            attacks_count: p.attacks_count,
            has_claimed_loot: p.has_claimed_loot,
            joined_at: p.joined_at,
        }
    }
}

/// One battle log line (the seed's WebSocket replay shape too).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct LogView {
    /// Id.
    pub id: i64,
    /// Battle.
    pub battle_id: i64,
    /// Log type (`join`, `attack`, `enemy_defeated`...).
    #[serde(rename = "type")]
    pub log_type: String,
    /// Text.
    pub message: String,
    /// Who.
    #[serde(rename = "userId")]
    pub user_id: Option<Uuid>,
    /// Their name.
    pub username: Option<String>,
    /// Their name again (the seed's clients read either).
    pub player_name: Option<String>,
    /// Enemy.
    pub enemy_id: Option<i64>,
    /// Enemy name.
    pub enemy_name: Option<String>,
    /// Damage.
    pub damage: Option<i64>,
    /// Enemy HP after.
    pub enemy_hp_remaining: Option<i64>,
    /// When (RFC 3339).
    pub timestamp: DateTime<Utc>,
}

impl From<&Log> for LogView {
    fn from(l: &Log) -> Self {
        LogView {
            id: l.id,
            battle_id: l.battle_id,
            log_type: l.log_type.clone(),
            message: l.message.clone(),
            user_id: l.user_id,
            username: l.username.clone(),
            player_name: l.username.clone(),
            enemy_id: l.enemy_id,
            enemy_name: l.enemy_name.clone(),
            damage: l.damage,
            enemy_hp_remaining: l.enemy_hp_remaining,
            timestamp: l.created_at,
        }
    }
}

/// `GET /api/battles/{id}/logs`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct LogsResponse {
    /// The battle.
    pub battle_id: i64,
    /// The page, oldest first.
    pub logs: Vec<LogView>,
    /// Lines in this page.
    pub count: usize,
}

/// `POST /api/battles/{id}/resurrect`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ResurrectResponse {
    /// Always true.
    pub success: bool,
    /// What happened.
    pub message: String,
    /// HP after.
    pub hp_current: i64,
    /// Full HP.
    pub hp_max: i64,
    /// Gems paid (0 for a natural revival).
    pub gems_spent: i64,
    /// Resurrections so far.
    pub resurrection_count: i32,
}

/// A gallery boss.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct BossView {
    /// Row id (the seed's; index + 1).
    pub id: i32,
    /// Index 0..=21.
    pub boss_index: i32,
    /// Name.
    pub boss_name: String,
    /// Title.
    pub notorious_title: String,
    /// Sprite frame (always 0, as in the seed).
    pub frame_x: i32,
    /// Sprite frame.
    pub frame_y: i32,
    /// `/api/bosses/images/NN`.
    pub image_url: String,
    /// Whether the caller helped defeat this boss in a raid (false without a token).
    pub defeated: bool,
}

/// An admin template.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TemplateView {
    /// Id.
    pub id: i64,
    /// Unique name.
    pub name: String,
    /// Raid or standard.
    pub is_boss_raid: bool,
    /// Difficulty.
    pub difficulty: String,
    /// Wave (standard).
    pub wave_number: i32,
    /// Level requirement.
    pub required_level: i32,
    /// Raid minimum.
    pub min_players: i32,
    /// Capacity.
    pub max_players: i32,
    /// Gallery boss (raids).
    pub boss_index: Option<i32>,
    /// The admin who made it.
    pub created_by: Uuid,
    /// Created.
    pub created_at: DateTime<Utc>,
}

impl From<&Template> for TemplateView {
    fn from(t: &Template) -> Self {
        TemplateView {
            id: t.id,
            name: t.name.clone(),
            is_boss_raid: t.is_boss_raid,
            difficulty: t.difficulty.clone(),
            wave_number: t.wave_number,
            required_level: t.required_level,
            min_players: t.min_players,
            max_players: t.max_players,
            boss_index: t.boss_index,
            created_by: t.created_by,
            created_at: t.created_at,
        }
    }
}
