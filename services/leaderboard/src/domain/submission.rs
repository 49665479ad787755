//! A score submission, checked against its board before it reaches storage.

use common::error::FieldError;

use super::board::{Board, Boards};

/// Longest accepted player name, in characters.
pub const MAX_PLAYER_NAME: usize = 50;

/// What the client sent (the seed's fields), not yet checked.
#[derive(Debug, Clone)]
pub struct SubmissionInput {
    /// Display name; the caller's username when absent.
    pub player_name: Option<String>,
    /// The score.
    pub score: i64,
    /// Coins collected.
    pub coins: i64,
    /// Enemies defeated.
    pub enemies_defeated: i64,
    /// Distance travelled.
    pub distance: i64,
    /// Level reached.
    pub level: i64,
    /// The board.
    pub game_mode: String,
}

/// A checked submission: every number non-negative, the score within its board's maximum.
#[derive(Debug, Clone)]
pub struct Submission {
    /// The board it goes to.
    pub board: Board,
    /// A trimmed name of 1-50 characters, or `None` to use the caller's username.
    pub player_name: Option<String>,
    /// The score, `0..=board.max_score`.
    pub score: i64,
    /// Coins collected.
    pub coins: i64,
    /// Enemies defeated.
    pub enemies_defeated: i64,
    /// Distance travelled.
    pub distance: i64,
    /// Level reached.
    pub level: i64,
}

impl Submission {
    /// Checks `input` against `boards`; every invalid field is reported at once.
    pub fn parse(input: SubmissionInput, boards: &Boards) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field: &str, message: String| {
            errors.push(FieldError {
                field: field.to_owned(),
                message,
            });
        };
        let board = boards.get(&input.game_mode).cloned();
        if board.is_none() {
            fail(
                "game_mode",
                format!("unknown game mode; one of: {}", boards.names()),
            );
        }
        let player_name = match input.player_name.as_deref().map(str::trim) {
            None => None,
            Some(name) => {
                let len = name.chars().count();
                if len == 0 || len > MAX_PLAYER_NAME || name.chars().any(char::is_control) {
                    fail(
                        "player_name",
                        format!(
                            "must be 1-{MAX_PLAYER_NAME} characters without control characters"
                        ),
                    );
                }
                Some(name.to_owned())
            }
        };
        for (field, value) in [
            ("score", input.score),
            ("coins", input.coins),
            ("enemies_defeated", input.enemies_defeated),
            ("distance", input.distance),
            ("level", input.level),
        ] {
            if value < 0 {
                fail(field, "must not be negative".to_owned());
            }
        }
        if let Some(board) = &board
            && input.score > board.max_score
        {
            fail(
                "score",
                format!("must be at most {} on `{}`", board.max_score, board.name),
            );
        }
        match board {
            Some(board) if errors.is_empty() => Ok(Submission {
                board,
                player_name,
                score: input.score,
                coins: input.coins,
                enemies_defeated: input.enemies_defeated,
                distance: input.distance,
                level: input.level,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> SubmissionInput {
        SubmissionInput {
            player_name: Some("  ann ".into()),
            score: 10,
            coins: 1,
            enemies_defeated: 2,
            distance: 3,
            level: 4,
            game_mode: "levels".into(),
        }
    }

    #[test]
    fn accepts_a_valid_submission_and_trims_the_name() {
        let boards = Boards::parse("levels:best:10").unwrap();
        let s = Submission::parse(input(), &boards).unwrap();
        assert_eq!(s.player_name.as_deref(), Some("ann"));
        assert_eq!(s.board.name, "levels");
    }

    #[test]
    fn reports_every_invalid_field() {
        let boards = Boards::parse("levels:best:10").unwrap();
        let mut bad = input();
        bad.score = 11;
        bad.coins = -1;
        bad.player_name = Some(" ".into());
        let errors = Submission::parse(bad, &boards).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["player_name", "coins", "score"]);
        let mut unknown = input();
        unknown.game_mode = "nope".into();
        assert_eq!(
            Submission::parse(unknown, &boards).unwrap_err()[0].field,
            "game_mode"
        );
    }
}
