//! Boards: one per game mode, configured as `best` (one entry per player) or `all` (every score).

use std::fmt;

/// The largest score a board may allow: Redis sorted-set scores are doubles, exact up to 2^53.
pub const MAX_EXACT_SCORE: i64 = 1 << 53;

/// How a board counts a player's scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BoardKind {
    /// One entry per player: their best score.
    Best,
    /// Every score is an entry (the seed's behaviour).
    All,
}

impl BoardKind {
    /// The configuration and Redis spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            BoardKind::Best => "best",
            BoardKind::All => "all",
        }
    }
}

/// One configured board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Board {
    /// The `game_mode` it ranks, e.g. `endless`.
    pub name: String,
    /// `best` or `all`.
    pub kind: BoardKind,
    /// The highest score accepted.
    pub max_score: i64,
}

/// Every configured board, in configuration order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Boards(Vec<Board>);

/// Why a board list did not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardsError(String);

impl fmt::Display for BoardsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BoardsError {}

impl Boards {
    /// Parses `name:kind:max_score[,...]`, e.g. `levels:best:10000000,endless:all:10000000`.
    /// Names must be usable as topic ids (`[A-Za-z0-9_-]`, 1-32 characters).
    pub fn parse(raw: &str) -> Result<Self, BoardsError> {
        let mut boards: Vec<Board> = Vec::new();
        for item in raw.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let err = |why: &str| BoardsError(format!("board `{item}`: {why}"));
            let mut parts = item.split(':');
            let (Some(name), Some(kind), Some(max), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return Err(err("expected name:best|all:max_score"));
            };
            let valid_name = (1..=32).contains(&name.len())
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            if !valid_name {
                return Err(err("the name must be 1-32 characters of [A-Za-z0-9_-]"));
            }
            let kind = match kind {
                "best" => BoardKind::Best,
                "all" => BoardKind::All,
                _ => return Err(err("the kind must be `best` or `all`")),
            };
            let max_score: i64 = max
                .parse()
                .map_err(|_| err("the maximum score must be an integer"))?;
            if !(0..=MAX_EXACT_SCORE).contains(&max_score) {
                return Err(err("the maximum score must be between 0 and 2^53"));
            }
            if boards.iter().any(|b| b.name == name) {
                return Err(err("configured twice"));
            }
            boards.push(Board {
                name: name.to_owned(),
                kind,
                max_score,
            });
        }
        if boards.is_empty() {
            return Err(BoardsError("at least one board must be configured".into()));
        }
        Ok(Boards(boards))
    }

    /// The board ranking `game_mode`.
    pub fn get(&self, game_mode: &str) -> Option<&Board> {
        self.0.iter().find(|b| b.name == game_mode)
    }

    /// Every board.
    pub fn iter(&self) -> impl Iterator<Item = &Board> {
        self.0.iter()
    }

    /// The board names, comma-separated (for error messages).
    pub fn names(&self) -> String {
        self.0
            .iter()
            .map(|b| b.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_boards_and_refuses_nonsense() {
        let boards = Boards::parse("levels:best:100, endless:all:5").unwrap();
        assert_eq!(boards.get("levels").unwrap().kind, BoardKind::Best);
        assert_eq!(boards.get("endless").unwrap().max_score, 5);
        assert!(boards.get("other").is_none());
        for bad in [
            "",
            "a:best",
            "a:maybe:1",
            "a:best:-1",
            "a:best:x",
            "a b:best:1",
            "a:best:1,a:all:2",
            "a:best:9007199254740993",
        ] {
            assert!(Boards::parse(bad).is_err(), "{bad}");
        }
    }
}
