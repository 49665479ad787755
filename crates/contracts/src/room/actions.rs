//! The actions the room service takes on `/internal/actions` (native `action` frames and the
//! seed dialects), by name: one definition for the gateway that forwards them and the room
//! that runs them.

use std::str::FromStr;

macro_rules! room_actions {
    ($($variant:ident => $name:literal $(| $alias:literal)*),+ $(,)?) => {
        /// An action the room service runs; the payload (`data`) is read by the handler.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum RoomAction {
            $(
                #[doc = concat!("`", $name, "`")]
                $variant,
            )+
        }

        impl RoomAction {
            /// Every action.
            pub const ALL: &'static [RoomAction] = &[$(RoomAction::$variant),+];

            /// The action named `kind` (with the seeds' aliases), if room runs it.
            pub fn parse(kind: &str) -> Option<Self> {
                match kind {
                    $($name $(| $alias)* => Some(RoomAction::$variant),)+
                    _ => None,
                }
            }

            /// Its wire name.
            pub fn name(self) -> &'static str {
                match self {
                    $(RoomAction::$variant => $name,)+
                }
            }
        }
    };
}

room_actions! {
    CreateRoom => "create_room",
    JoinRoom => "join_room",
    LeaveRoom => "leave_room",
    Disconnect => "disconnect",
    Reconnect => "reconnect",
    PlayerReady => "player_ready",
    StartGame => "start_game",
    Chat => "chat" | "send_message",
    CollectItem => "collect_item",
    EnemySpawn => "enemy_spawn",
    EnemyKilled => "enemy_killed",
    CoinSpawn => "coin_spawn",
    PowerupSpawn => "powerup_spawn",
    SyncEntities => "sync_entities",
    GameAction => "game_action",
    TimeSync => "time_sync",
    GetRoomState => "get_room_state",
    PlaceObject => "place_object",
    MoveObject => "move_object",
    PickupObject => "pickup_object",
    UseTool => "use_tool",
    SubmitAnswer => "submit_answer",
    SubmitVote => "submit_vote",
    StartVoting => "start_voting",
    EndRound => "end_round",
    NextRound => "next_round",
    GetGameState => "get_game_state",
}

impl RoomAction {
    /// The voting game's own actions (they name the room `room_code`, `room_id` or `code`,
    /// and their `data` need not be an object to be refused field by field).
    pub fn is_voting(self) -> bool {
        matches!(
            self,
            RoomAction::SubmitAnswer
                | RoomAction::SubmitVote
                | RoomAction::StartVoting
                | RoomAction::EndRound
                | RoomAction::NextRound
                | RoomAction::GetGameState
        )
    }
}

/// An action name room does not run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownAction;

impl FromStr for RoomAction {
    type Err = UnknownAction;

    fn from_str(kind: &str) -> Result<Self, Self::Err> {
        RoomAction::parse(kind).ok_or(UnknownAction)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_parses_back_from_its_name_and_aliases_share_one() {
        for action in RoomAction::ALL {
            assert_eq!(RoomAction::parse(action.name()), Some(*action));
        }
        assert_eq!(RoomAction::parse("send_message"), Some(RoomAction::Chat));
        assert_eq!(RoomAction::parse("attack"), None);
        assert_eq!(
            RoomAction::Disconnect.name(),
            crate::room::DISCONNECT_ACTION
        );
    }
}
