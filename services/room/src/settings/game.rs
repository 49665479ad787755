//! The voting game's settings, read beside the room settings.
//!
//! | variable | default |
//! |---|---|
//! | `ROOM_GAME_ANSWER_SECS` | `60` (or the seed's `ANSWER_TIME_LIMIT`): answer window of a round (a room may choose its own at creation) |
//! | `ROOM_GAME_VOTE_SECS` | `45` (or the seed's `VOTE_TIME_LIMIT`): vote window of a round |
//! | `ROOM_GAME_SWEEP_MS` | `250`: how often each replica advances rounds whose deadline passed |
//! | `ROOM_GAME_AI_TIMEOUT_MS` | `1500`: how long a game start waits for the ai service's questions before using the built-in bank |
//! | `ROOM_GAME_QUESTION_THEME` | unset: theme passed to the ai service |

use std::time::Duration;

use anyhow::bail;
use common::settings::{Env, Source};

/// Longest answer or vote window a room may choose, in seconds.
pub const MAX_WINDOW_SECS: i32 = 600;

/// The voting game's settings.
#[derive(Debug, Clone)]
pub struct GameSettings {
    /// Default answer window in seconds.
    pub answer_seconds: i32,
    /// Default vote window in seconds.
    pub vote_seconds: i32,
    /// Deadline sweep period.
    pub sweep_interval: Duration,
    /// Deadline of the ai question call.
    pub ai_timeout: Duration,
    /// Theme for generated questions.
    pub question_theme: Option<String>,
}

impl Default for GameSettings {
    fn default() -> Self {
        GameSettings {
            answer_seconds: 60,
            vote_seconds: 45,
            sweep_interval: Duration::from_millis(250),
            ai_timeout: Duration::from_millis(1500),
            question_theme: None,
        }
    }
}

impl GameSettings {
    /// Reads `source`.
    pub fn load(source: &dyn Source) -> anyhow::Result<Self> {
        let env = Env(source);
        // The seed's own names are honoured when ours are not set.
        let answer_seconds: i32 =
            env.parse("ROOM_GAME_ANSWER_SECS", env.parse("ANSWER_TIME_LIMIT", 60)?)?;
        let vote_seconds: i32 =
            env.parse("ROOM_GAME_VOTE_SECS", env.parse("VOTE_TIME_LIMIT", 45)?)?;
        for (key, value) in [
            ("ROOM_GAME_ANSWER_SECS", answer_seconds),
            ("ROOM_GAME_VOTE_SECS", vote_seconds),
        ] {
            if !(1..=MAX_WINDOW_SECS).contains(&value) {
                bail!("{key} must be 1..={MAX_WINDOW_SECS}");
            }
        }
        let theme = env.string("ROOM_GAME_QUESTION_THEME", "");
        Ok(GameSettings {
            answer_seconds,
            vote_seconds,
            // Below a second between sweeps so a deadline is acted on within a second.
            sweep_interval: env
                .millis("ROOM_GAME_SWEEP_MS", 250)?
                .clamp(Duration::from_millis(20), Duration::from_millis(900)),
            ai_timeout: env.millis("ROOM_GAME_AI_TIMEOUT_MS", 1500)?,
            question_theme: (!theme.trim().is_empty()).then(|| theme.trim().to_owned()),
        })
    }
}

#[cfg(test)]
mod tests {
    use common::settings::env_map;

    use super::*;

    #[test]
    fn defaults_follow_the_seed_and_bad_windows_are_refused() {
        let s = GameSettings::load(&env_map(&[])).unwrap();
        assert_eq!((s.answer_seconds, s.vote_seconds), (60, 45));
        assert!(GameSettings::load(&env_map(&[("ROOM_GAME_VOTE_SECS", "0")])).is_err());
        let seed = GameSettings::load(&env_map(&[("ANSWER_TIME_LIMIT", "2")])).unwrap();
        assert_eq!(seed.answer_seconds, 2);
        let s = GameSettings::load(&env_map(&[("ROOM_GAME_SWEEP_MS", "5000")])).unwrap();
        assert_eq!(s.sweep_interval, Duration::from_millis(900));
    }
}
