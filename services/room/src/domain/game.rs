//! The game's pure rules: phases and their transitions, answer content, question choice
//! and scoring. No IO here.

use std::collections::{HashMap, HashSet};

use rand::Rng;
use rand::seq::SliceRandom;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// Longest answer, in characters (the seed's 500).
pub const MAX_ANSWER_CHARS: usize = 500;
/// Longest question accepted from the ai service.
pub const MAX_QUESTION_CHARS: usize = 300;

/// Where a game is, as clients see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Not started.
    Waiting,
    /// Players write answers until the answer deadline.
    Answering,
    /// Players vote until the vote deadline.
    Voting,
    /// The round's points and authors are out; the host starts the next round.
    Results,
    /// The last round ended.
    Finished,
}

/// A round's stored status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundStatus {
    /// Answer window open.
    Answering,
    /// Vote window open.
    Voting,
    /// Ended.
    Results,
}

impl RoundStatus {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            RoundStatus::Answering => "answering",
            RoundStatus::Voting => "voting",
            RoundStatus::Results => "results",
        }
    }

    /// Parses a stored status (a CHECK keeps rows valid).
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "answering" => Some(RoundStatus::Answering),
            "voting" => Some(RoundStatus::Voting),
            "results" => Some(RoundStatus::Results),
            _ => None,
        }
    }

    /// The status a passed deadline moves a round to (`None`: results have no deadline).
    pub const fn after_deadline(self) -> Option<RoundStatus> {
        match self {
            RoundStatus::Answering => Some(RoundStatus::Voting),
            RoundStatus::Voting => Some(RoundStatus::Results),
            RoundStatus::Results => None,
        }
    }
}

/// The phase of a game from its room status and its latest round.
pub fn phase(room_status: &str, latest: Option<RoundStatus>) -> Phase {
    match (room_status, latest) {
        ("finished", _) => Phase::Finished,
        (_, None) => Phase::Waiting,
        (_, Some(RoundStatus::Answering)) => Phase::Answering,
        (_, Some(RoundStatus::Voting)) => Phase::Voting,
        (_, Some(RoundStatus::Results)) => Phase::Results,
    }
}

/// An answer's text: trimmed, 1..=500 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerContent(String);

impl AnswerContent {
    /// Parses what a player sent.
    pub fn parse(raw: &str) -> Option<Self> {
        let text = raw.trim();
        let len = text.chars().count();
        (1..=MAX_ANSWER_CHARS)
            .contains(&len)
            .then(|| AnswerContent(text.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `count` distinct questions: the generated ones first (cleaned, duplicates dropped), then
/// shuffled prompts of `bank` not already chosen. Returns them with how many came from
/// `generated`.
pub fn choose_questions(
    generated: &[String],
    bank: &[&str],
    count: usize,
    rng: &mut impl Rng,
) -> (Vec<String>, usize) {
    let mut seen = HashSet::new();
    let mut chosen = Vec::with_capacity(count);
    for q in generated {
        let q = clean_question(q);
        if chosen.len() < count && !q.is_empty() && seen.insert(q.to_lowercase()) {
            chosen.push(q);
        }
    }
    let from_generated = chosen.len();
    let mut rest: Vec<&str> = bank.to_vec();
    rest.shuffle(rng);
    for q in rest {
        if chosen.len() >= count {
            break;
        }
        if seen.insert(q.to_lowercase()) {
            chosen.push(q.to_owned());
        }
    }
    (chosen, from_generated)
}

/// A generated line without list numbering or quotes; empty when unusable.
fn clean_question(raw: &str) -> String {
    let trimmed = raw.trim();
    let unnumbered = trimmed
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches(['.', ')', ':'])
        .trim();
    let text = if unnumbered.len() < trimmed.len() && !unnumbered.is_empty() {
        unnumbered
    } else {
        trimmed
    };
    let text = text.trim_matches(['"', '\'', '“', '”']).trim();
    if text.chars().count() > MAX_QUESTION_CHARS || text.chars().any(char::is_control) {
        return String::new();
    }
    text.to_owned()
}

/// One vote as scoring sees it.
#[derive(Debug, Clone, Copy)]
pub struct CountedVote {
    /// The round it was cast in.
    pub round_id: Uuid,
    /// Who wrote the answer it went to.
    pub author_id: Uuid,
}

/// A leaderboard line: the seed's REST fields and its event's `score`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ScoreEntry {
    /// The player.
    pub user_id: Uuid,
    /// Their name in the room.
    pub username: String,
    /// Votes received over the ended rounds.
    pub total_points: i64,
    /// Votes received in the latest ended round.
    pub round_points: i64,
    /// Same as `total_points` (the seed's `round_ended` entries).
    pub score: i64,
    /// 1-based; ties share a rank.
    pub rank: usize,
}

/// Scores of `players` (id, name) plus any author of a counted vote: +1 per vote received,
/// highest first, ties by name.
pub fn leaderboard(
    players: &[(Uuid, String)],
    votes: &[CountedVote],
    latest_round: Option<Uuid>,
) -> Vec<ScoreEntry> {
    let mut totals: HashMap<Uuid, (i64, i64)> =
        players.iter().map(|(id, _)| (*id, (0, 0))).collect();
    for v in votes {
        let entry = totals.entry(v.author_id).or_insert((0, 0));
        entry.0 += 1;
        if Some(v.round_id) == latest_round {
            entry.1 += 1;
        }
    }
    let name = |id: &Uuid| {
        players
            .iter()
            .find(|(p, _)| p == id)
            .map_or_else(|| "Player".to_owned(), |(_, n)| n.clone())
    };
    let mut entries: Vec<ScoreEntry> = totals
        .into_iter()
        .map(|(user_id, (total, round))| ScoreEntry {
            user_id,
            username: name(&user_id),
            total_points: total,
            round_points: round,
            score: total,
            rank: 0,
        })
        .collect();
    entries.sort_by(|a, b| {
        b.total_points
            .cmp(&a.total_points)
            .then_with(|| a.username.cmp(&b.username))
            .then_with(|| a.user_id.cmp(&b.user_id))
    });
    let mut rank = 0;
    let mut last = None;
    for (i, e) in entries.iter_mut().enumerate() {
        if last != Some(e.total_points) {
            rank = i + 1;
            last = Some(e.total_points);
        }
        e.rank = rank;
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_move_answering_to_voting_to_results_and_stop() {
        assert_eq!(
            RoundStatus::Answering.after_deadline(),
            Some(RoundStatus::Voting)
        );
        assert_eq!(
            RoundStatus::Voting.after_deadline(),
            Some(RoundStatus::Results)
        );
        assert_eq!(RoundStatus::Results.after_deadline(), None);
        assert_eq!(phase("waiting", None), Phase::Waiting);
        assert_eq!(phase("active", Some(RoundStatus::Voting)), Phase::Voting);
        assert_eq!(
            phase("finished", Some(RoundStatus::Results)),
            Phase::Finished
        );
    }

    #[test]
    fn answers_are_trimmed_and_bounded_to_500_characters() {
        assert_eq!(AnswerContent::parse("  hi ").unwrap().as_str(), "hi");
        assert!(AnswerContent::parse("   ").is_none());
        assert!(AnswerContent::parse(&"é".repeat(500)).is_some());
        assert!(AnswerContent::parse(&"é".repeat(501)).is_none());
    }

    #[test]
    fn questions_are_distinct_and_topped_up_from_the_bank() {
        let generated = vec![
            "1. Why is the sky?".to_owned(),
            "2) why is the sky?".to_owned(),
            "\"Quoted one\"".to_owned(),
            "   ".to_owned(),
        ];
        let bank = ["Bank A", "Bank B", "Bank C", "Why is the sky?"];
        let (chosen, from_ai) = choose_questions(&generated, &bank, 4, &mut rand::thread_rng());
        assert_eq!(from_ai, 2);
        assert_eq!(&chosen[..2], ["Why is the sky?", "Quoted one"]);
        assert_eq!(chosen.len(), 4);
        let distinct: HashSet<_> = chosen.iter().map(|q| q.to_lowercase()).collect();
        assert_eq!(distinct.len(), 4);
        let (all_bank, none) = choose_questions(&[], &bank, 10, &mut rand::thread_rng());
        assert_eq!((all_bank.len(), none), (4, 0));
    }

    #[test]
    fn each_vote_gives_its_author_one_point_and_ties_share_a_rank() {
        let (a, b, c) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        let (r1, r2) = (Uuid::new_v4(), Uuid::new_v4());
        let players = vec![
            (a, "Ann".to_owned()),
            (b, "Bob".to_owned()),
            (c, "Cy".to_owned()),
        ];
        let votes = [
            CountedVote {
                round_id: r1,
                author_id: a,
            },
            CountedVote {
                round_id: r2,
                author_id: a,
            },
            CountedVote {
                round_id: r2,
                author_id: b,
            },
            CountedVote {
                round_id: r2,
                author_id: b,
            },
        ];
        let board = leaderboard(&players, &votes, Some(r2));
        let got: Vec<_> = board
            .iter()
            .map(|e| (e.username.as_str(), e.total_points, e.round_points, e.rank))
            .collect();
        assert_eq!(got, [("Ann", 2, 1, 1), ("Bob", 2, 2, 1), ("Cy", 0, 0, 3)]);
    }
}
