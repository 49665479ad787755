//! Job types, statuses and the transitions between them, and the retry schedule.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a job generates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum JobType {
    /// Party prompts for the voting game.
    QuestionSet,
    /// Flavour text for an item.
    ItemDescription,
    /// A character's biography.
    CharacterBio,
    /// A character portrait (PNG).
    CharacterArt,
}

impl JobType {
    /// Every job type, in catalogue order.
    pub const ALL: [JobType; 4] = [
        JobType::QuestionSet,
        JobType::ItemDescription,
        JobType::CharacterBio,
        JobType::CharacterArt,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            JobType::QuestionSet => "question_set",
            JobType::ItemDescription => "item_description",
            JobType::CharacterBio => "character_bio",
            JobType::CharacterArt => "character_art",
        }
    }

    /// Parses a wire name.
    pub fn parse(raw: &str) -> Option<Self> {
        JobType::ALL.into_iter().find(|t| t.as_str() == raw)
    }

    /// Whether the job produces an image rather than text.
    pub fn is_image(self) -> bool {
        self == JobType::CharacterArt
    }
}

impl fmt::Display for JobType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a job is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    /// Accepted, waiting for a worker (also between retries).
    Queued,
    /// A worker is running it.
    Processing,
    /// Finished with a result.
    Completed,
    /// Gave up (the error says why); a paid job is refunded.
    Failed,
    /// Cancelled by its owner; a paid job is refunded.
    Cancelled,
}

impl JobStatus {
    /// Every status.
    pub const ALL: [JobStatus; 5] = [
        JobStatus::Queued,
        JobStatus::Processing,
        JobStatus::Completed,
        JobStatus::Failed,
        JobStatus::Cancelled,
    ];

    /// The wire (and database) name.
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::Processing => "processing",
            JobStatus::Completed => "completed",
            JobStatus::Failed => "failed",
            JobStatus::Cancelled => "cancelled",
        }
    }

    /// Parses a wire name.
    pub fn parse(raw: &str) -> Option<Self> {
        JobStatus::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    /// No transition leaves a terminal status.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            JobStatus::Completed | JobStatus::Failed | JobStatus::Cancelled
        )
    }

    /// Whether a job may go from `self` to `to`. A processing job goes back to queued when
    /// an attempt failed and another is scheduled; a queued job fails without running only
    /// when its attempts ran out (a worker died holding it every time).
    pub fn can_become(self, to: JobStatus) -> bool {
        use JobStatus::*;
        matches!(
            (self, to),
            (Queued, Processing)
                | (Queued, Cancelled)
                | (Queued, Failed)
                | (Processing, Completed)
                | (Processing, Failed)
                | (Processing, Cancelled)
                | (Processing, Queued)
        )
    }

    /// The statuses a job may be cancelled from.
    pub const CANCELLABLE: [JobStatus; 2] = [JobStatus::Queued, JobStatus::Processing];

    /// The statuses that count as "in flight" for the per-user limit.
    pub const IN_FLIGHT: [JobStatus; 2] = [JobStatus::Queued, JobStatus::Processing];
}

impl fmt::Display for JobStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Exponential backoff: `base * 2^(attempt-1)`, capped at `max`; a provider's own
/// `Retry-After` wins when it asks for longer (still capped).
pub fn backoff(
    attempt: u32,
    base: Duration,
    max: Duration,
    retry_after: Option<Duration>,
) -> Duration {
    let exp = attempt.saturating_sub(1).min(20);
    let computed = base.saturating_mul(1u32 << exp).min(max);
    match retry_after {
        Some(asked) => computed.max(asked).min(max),
        None => computed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for t in JobType::ALL {
            assert_eq!(JobType::parse(t.as_str()), Some(t));
        }
        for s in JobStatus::ALL {
            assert_eq!(JobStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(JobType::parse("song"), None);
        assert_eq!(JobStatus::parse("done"), None);
    }

    #[test]
    fn terminal_statuses_never_move() {
        for from in JobStatus::ALL.into_iter().filter(|s| s.is_terminal()) {
            for to in JobStatus::ALL {
                assert!(!from.can_become(to), "{from} -> {to}");
            }
        }
    }

    #[test]
    fn legal_transitions() {
        assert!(JobStatus::Queued.can_become(JobStatus::Processing));
        assert!(JobStatus::Processing.can_become(JobStatus::Queued));
        assert!(JobStatus::Processing.can_become(JobStatus::Cancelled));
        assert!(!JobStatus::Queued.can_become(JobStatus::Completed));
        assert!(!JobStatus::Queued.can_become(JobStatus::Queued));
    }

    #[test]
    fn backoff_doubles_and_caps() {
        let base = Duration::from_millis(100);
        let max = Duration::from_secs(1);
        assert_eq!(backoff(1, base, max, None), Duration::from_millis(100));
        assert_eq!(backoff(2, base, max, None), Duration::from_millis(200));
        assert_eq!(backoff(3, base, max, None), Duration::from_millis(400));
        assert_eq!(backoff(10, base, max, None), max);
        assert_eq!(backoff(u32::MAX, base, max, None), max);
        assert_eq!(
            backoff(1, base, max, Some(Duration::from_millis(700))),
            Duration::from_millis(700)
        );
        assert_eq!(backoff(1, base, max, Some(Duration::from_secs(60))), max);
    }
}
