//! Room codes, kinds and display names.

use std::fmt;
use std::str::FromStr;

use rand::Rng;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The join-code alphabet: no `I`, `O`, `0` or `1`, which read alike.
pub const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/// Length of a join code.
pub const CODE_LEN: usize = 6;

/// A well-formed join code (6 characters of [`CODE_ALPHABET`], upper case).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RoomCode(String);

impl RoomCode {
    /// Parses a code as a player typed it (lower case accepted).
    pub fn parse(raw: &str) -> Option<Self> {
        let code = raw.trim().to_ascii_uppercase();
        let valid = code.len() == CODE_LEN && code.bytes().all(|b| CODE_ALPHABET.contains(&b));
        valid.then_some(RoomCode(code))
    }

    /// A random code.
    pub fn random(rng: &mut impl Rng) -> Self {
        let code = (0..CODE_LEN)
            .map(|_| char::from(CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())]))
            .collect();
        RoomCode(code)
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RoomCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a room is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RoomKind {
    /// The party game (voting seed).
    Voting,
    /// The cafe virtual space.
    Space,
    /// The JumpJumpJump co-op relay.
    Coop,
}

impl RoomKind {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            RoomKind::Voting => "voting",
            RoomKind::Space => "space",
            RoomKind::Coop => "coop",
        }
    }

    /// Capacity when the creator gives none (voting seed 8, JumpJumpJump 2, cafe 50).
    pub const fn default_capacity(self) -> i32 {
        match self {
            RoomKind::Voting => 8,
            RoomKind::Space => 50,
            RoomKind::Coop => 2,
        }
    }

    /// The capacities a creator may ask for (voting seed 2..=20; co-op rooms of two, or
    /// larger ones for more players; cafe spaces up to 100).
    pub const fn capacity_range(self) -> (i32, i32) {
        match self {
            RoomKind::Voting => (2, 20),
            RoomKind::Space => (1, 100),
            RoomKind::Coop => (2, 50),
        }
    }

    /// Event types members may relay through the gateway without a server rule.
    pub const fn relayable(self) -> &'static [&'static str] {
        match self {
            RoomKind::Voting => &[],
            RoomKind::Space => &["update_position"],
            RoomKind::Coop => &["player_state", "enemy_state"],
        }
    }

    /// Whether the game refuses new players once it started (co-op and voting do).
    pub const fn closes_on_start(self) -> bool {
        !matches!(self, RoomKind::Space)
    }
}

impl FromStr for RoomKind {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "voting" => Ok(RoomKind::Voting),
            "space" => Ok(RoomKind::Space),
            "coop" => Ok(RoomKind::Coop),
            _ => Err(()),
        }
    }
}

/// Longest display name.
pub const MAX_NAME_CHARS: usize = 30;

/// A name shown to other players: trimmed, 1..=30 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    /// Parses a name.
    pub fn parse(raw: &str) -> Option<Self> {
        let name = raw.trim();
        let len = name.chars().count();
        let valid = (1..=MAX_NAME_CHARS).contains(&len) && !name.chars().any(char::is_control);
        valid.then(|| DisplayName(name.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Into the string.
    pub fn into_inner(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_use_the_unambiguous_alphabet() {
        let mut rng = rand::thread_rng();
        for _ in 0..200 {
            let code = RoomCode::random(&mut rng);
            assert_eq!(RoomCode::parse(code.as_str()), Some(code.clone()));
            assert!(!code.as_str().contains(['I', 'O', '0', '1']));
        }
        assert_eq!(
            RoomCode::parse("abc234").map(|c| c.0),
            Some("ABC234".into())
        );
        assert!(RoomCode::parse("ABCDE1").is_none());
        assert!(RoomCode::parse("ABCDE").is_none());
        assert!(RoomCode::parse("ABCDEFG").is_none());
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            DisplayName::parse("  Ann ").map(DisplayName::into_inner),
            Some("Ann".into())
        );
        assert!(DisplayName::parse("   ").is_none());
        assert!(DisplayName::parse(&"x".repeat(31)).is_none());
        assert!(DisplayName::parse("a\u{7}b").is_none());
    }
}
