//! The room service's own settings, read from environment variables beside the common ones
//! (`common::settings`). Every default makes a local run work with zero configuration.
//!
//! | variable | default |
//! |---|---|
//! | `ROOM_EMPTY_GRACE_SECS` | `60`: an empty room is removed this long after its last member left |
//! | `ROOM_SWEEP_INTERVAL_MS` | `2000`: how often each replica removes expired rooms and players and rebuilds lost Redis member sets |
//! | `ROOM_RECONNECT_WINDOW_SECS` | `60`: how long a co-op player whose connection dropped keeps its slot |
//! | `ROOM_CHAT_MAX_CHARS` | `500` |
//! | `ROOM_SPACE_WIDTH` | `2000`: space positions and objects lie in `0..=width` |
//! | `ROOM_SPACE_HEIGHT` | `2000` |
//! | `ROOM_FETCH_USERNAMES` | `true`: a player who gives no name is shown with the username auth has |
//! | `ROOM_COOP_STATE_TTL_SECS` | `86400`: expiry of a co-op room's live entities in Redis |

pub mod game;

pub use game::GameSettings;

use std::time::Duration;

use anyhow::bail;
use common::settings::{Env, ProcessEnv, ServiceSettings, Source};

use crate::domain::space::Bounds;

/// The room service's settings.
#[derive(Debug, Clone)]
pub struct RoomSettings {
    /// Grace period of an empty room.
    pub empty_grace: Duration,
    /// Sweeper period.
    pub sweep_interval: Duration,
    /// Co-op reconnect window.
    pub reconnect_window: Duration,
    /// Longest chat message.
    pub chat_max_chars: usize,
    /// The space floor.
    pub bounds: Bounds,
    /// Look usernames up in auth.
    pub fetch_usernames: bool,
    /// Expiry of co-op live state.
    pub coop_state_ttl: Duration,
    /// The voting game (`ROOM_GAME_*`, see `settings::game`).
    pub game: game::GameSettings,
}

impl Default for RoomSettings {
    fn default() -> Self {
        RoomSettings {
            empty_grace: Duration::from_secs(60),
            sweep_interval: Duration::from_millis(2000),
            reconnect_window: Duration::from_secs(60),
            chat_max_chars: 500,
            bounds: Bounds {
                min_x: 0,
                min_y: 0,
                max_x: 2000,
                max_y: 2000,
            },
            fetch_usernames: true,
            coop_state_ttl: Duration::from_secs(86_400),
            game: game::GameSettings::default(),
        }
    }
}

impl ServiceSettings for RoomSettings {
    fn from_env() -> anyhow::Result<Self> {
        Self::load(&ProcessEnv)
    }
}

impl RoomSettings {
    /// Reads `source` (a map in tests).
    pub fn load(source: &dyn Source) -> anyhow::Result<Self> {
        let env = Env(source);
        let width: i32 = env.parse("ROOM_SPACE_WIDTH", 2000)?;
        let height: i32 = env.parse("ROOM_SPACE_HEIGHT", 2000)?;
        if width < 1 || height < 1 {
            bail!("ROOM_SPACE_WIDTH and ROOM_SPACE_HEIGHT must be positive");
        }
        let chat_max_chars: usize = env.parse("ROOM_CHAT_MAX_CHARS", 500)?;
        if !(1..=2000).contains(&chat_max_chars) {
            bail!("ROOM_CHAT_MAX_CHARS must be 1..=2000 (the database's limit)");
        }
        Ok(RoomSettings {
            empty_grace: Duration::from_secs(env.parse("ROOM_EMPTY_GRACE_SECS", 60)?),
            sweep_interval: env
                .millis("ROOM_SWEEP_INTERVAL_MS", 2000)?
                .max(Duration::from_millis(50)),
            reconnect_window: Duration::from_secs(env.parse("ROOM_RECONNECT_WINDOW_SECS", 60)?),
            chat_max_chars,
            bounds: Bounds {
                min_x: 0,
                min_y: 0,
                max_x: width,
                max_y: height,
            },
            fetch_usernames: env.parse("ROOM_FETCH_USERNAMES", true)?,
            coop_state_ttl: Duration::from_secs(
                env.parse("ROOM_COOP_STATE_TTL_SECS", 86_400)?.max(60),
            ),
            game: game::GameSettings::load(source)?,
        })
    }
}
