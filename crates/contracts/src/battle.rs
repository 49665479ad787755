//! What the battle service publishes on `battle:{id}` (the web game seed's event names and
//! fields, plus ours), and the actions it takes from the gateway.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// `attack`: a hit the server rolled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AttackEvent {
    /// The attacker's name (the seed's REST broadcast).
    pub player_name: String,
    /// The same name (the seed's WebSocket relay).
    pub username: String,
    /// The attacker's level at join.
    pub player_level: i32,
    /// The attacker.
    pub user_id: Uuid,
    /// The enemy hit.
    pub enemy_id: i64,
    /// Damage rolled.
    pub damage: i64,
    /// Critical hit.
    pub is_critical: bool,
    /// `quick` .. `ultimate`.
    pub attack_type: String,
    /// The enemy's HP afterwards.
    pub enemy_hp_remaining: i64,
    /// This hit defeated it.
    pub enemy_defeated: bool,
    /// This hit completed the battle.
    pub battle_completed: bool,
}

/// `enemy_defeated`: once per enemy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EnemyDefeatedEvent {
    /// The enemy.
    pub enemy_id: i64,
    /// Its name.
    pub enemy_name: String,
    /// Who landed the last hit.
    pub defeated_by: String,
}

/// `battle_completed`: once per battle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct BattleCompletedEvent {
    /// The battle.
    pub battle_id: i64,
    /// "All enemies defeated! Claim your loot!"
    pub message: String,
}

/// `boss_phase_change`: once per phase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct BossPhaseChangeEvent {
    /// Phase before.
    pub previous_phase: i32,
    /// Phase now (2, 3 or 4).
    pub new_phase: i32,
    /// The boss's HP left, in percent (2 decimals).
    pub hp_percent: f64,
    /// Flavour text.
    pub description: String,
    /// The boss.
    pub enemy_id: i64,
}

/// `player_hit`: a raid boss's blow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PlayerHitEvent {
    /// The target's name.
    pub player_name: String,
    /// The target.
    pub user_id: Uuid,
    /// The boss.
    pub enemy_id: i64,
    /// Its name.
    pub enemy_name: String,
    /// HP lost.
    pub damage: i64,
    /// HP left.
    pub hp_remaining: i64,
    /// Full HP.
    pub hp_max: i64,
}

/// `player_died`: a raid boss killed a participant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PlayerDiedEvent {
    /// The name of the dead.
    pub player_name: String,
    /// Who.
    pub user_id: Uuid,
    /// The boss.
    pub enemy_name: String,
}

/// `loot_claimed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LootClaimedEvent {
    /// The claimer's name.
    pub player_name: String,
    /// Who.
    pub user_id: Uuid,
    /// Gold paid.
    pub gold: i64,
    /// XP granted.
    pub xp: i64,
    /// Items granted.
    pub items_count: usize,
    /// Whether the XP brought a new level.
    pub leveled_up: bool,
}

/// `player_joined_battle`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PlayerJoinedBattleEvent {
    /// The joiner's name.
    pub player_name: String,
    /// Their level.
    pub player_level: i32,
    /// The participation.
    pub participant_id: i64,
    /// The battle's status after the join.
    pub battle_status: String,
    /// Who.
    pub user_id: Uuid,
}

/// `player_joined` / `player_left` (the `/ws/battle` dialect's presence).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PresenceEvent {
    /// Who connected or left.
    pub username: String,
    /// Connected players.
    pub player_count: usize,
    /// Their names.
    pub players: Vec<String>,
}

/// `chat`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ChatEvent {
    /// The sender's name.
    pub username: String,
    /// The sender.
    pub user_id: Uuid,
    /// The message.
    pub message: String,
}

/// The `/internal/actions` the battle service takes: `attack` {battle_id, enemy_id,
/// attack_type}, `chat` {battle_id, message}, `connect` / `disconnect` {battle_id}.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BattleAction {
    /// `attack`: a server-rolled hit (any client `damage` is ignored).
    Attack,
    /// `chat`: a message to the battle.
    Chat,
    /// `connect`: a dialect connection opened (logs and presence).
    Connect,
    /// `disconnect`: it closed.
    Disconnect,
}

impl BattleAction {
    /// Every action.
    pub const ALL: [BattleAction; 4] = [
        BattleAction::Attack,
        BattleAction::Chat,
        BattleAction::Connect,
        BattleAction::Disconnect,
    ];

    /// The action named `kind`, if battle runs it.
    pub fn parse(kind: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == kind)
    }

    /// Its wire name.
    pub fn name(self) -> &'static str {
        match self {
            BattleAction::Attack => "attack",
            BattleAction::Chat => "chat",
            BattleAction::Connect => "connect",
            BattleAction::Disconnect => "disconnect",
        }
    }
}

/// The names of [`BattleAction`]s.
pub const ACTIONS: [&str; 4] = ["attack", "chat", "connect", "disconnect"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn battle_actions_parse_from_their_names_only() {
        for (action, name) in BattleAction::ALL.into_iter().zip(ACTIONS) {
            assert_eq!(action.name(), name);
            assert_eq!(BattleAction::parse(name), Some(action));
        }
        assert_eq!(BattleAction::parse("submit_vote"), None);
    }
}
