//! The rank order of entries, and its exact encoding as a Redis sorted-set member.
//!
//! Entries rank by score (higher first), then by who got there first (earlier `created_at`,
//! then lower id). The score is the sorted-set score, exact because boards cap scores at 2^53;
//! the tie-break is the member: equal scores are ordered by member bytes, and `ZREVRANGE`
//! returns larger members first, so the member holds the *inverted* time and id as fixed-width
//! digits. No precision is lost to packing both into one double.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};

const TIME_DIGITS: usize = 13;
const ID_DIGITS: usize = 19;
/// Largest millisecond timestamp encodable (year 2286).
const MAX_MILLIS: i64 = 9_999_999_999_999;
const MAX_ID: i64 = i64::MAX;

/// Where one entry sits in a board's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RankKey {
    /// The score.
    pub score: i64,
    /// When it was submitted, in Unix milliseconds.
    pub created_ms: i64,
    /// The score row's id.
    pub id: i64,
}

impl RankKey {
    /// The key of a stored score.
    pub fn new(score: i64, created_at: DateTime<Utc>, id: i64) -> Self {
        RankKey {
            score,
            created_ms: created_at.timestamp_millis(),
            id,
        }
    }

    /// The sorted-set member: 13 digits of inverted milliseconds, 19 of inverted id.
    pub fn member(&self) -> String {
        let ms = MAX_MILLIS - self.created_ms.clamp(0, MAX_MILLIS);
        let id = MAX_ID - self.id.max(0);
        format!("{ms:0TIME_DIGITS$}{id:0ID_DIGITS$}")
    }

    /// The score row id a member stands for.
    pub fn id_of_member(member: &str) -> Option<i64> {
        if member.len() != TIME_DIGITS + ID_DIGITS {
            return None;
        }
        let inverted: i64 = member.get(TIME_DIGITS..)?.parse().ok()?;
        Some(MAX_ID - inverted)
    }

    /// The key of the entry `member` of a sorted set, whose score there is `score`.
    pub fn from_member(member: &str, score: i64) -> Option<RankKey> {
        if member.len() != TIME_DIGITS + ID_DIGITS {
            return None;
        }
        let inverted_ms: i64 = member.get(..TIME_DIGITS)?.parse().ok()?;
        Some(RankKey {
            score,
            created_ms: MAX_MILLIS - inverted_ms,
            id: Self::id_of_member(member)?,
        })
    }

    /// Board order: `Less` means `self` ranks above `other`.
    pub fn rank_cmp(&self, other: &RankKey) -> Ordering {
        other
            .score
            .cmp(&self.score)
            .then(self.created_ms.cmp(&other.created_ms))
            .then(self.id.cmp(&other.id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(score: i64, created_ms: i64, id: i64) -> RankKey {
        RankKey {
            score,
            created_ms,
            id,
        }
    }

    #[test]
    fn members_order_ties_by_time_then_id_in_reverse_byte_order() {
        let first = key(5, 1_700_000_000_000, 9);
        let later = key(5, 1_700_000_000_001, 1);
        let same_ms_higher_id = key(5, 1_700_000_000_000, 10);
        // ZREVRANGE puts the larger member first: it must be the earlier entry.
        assert!(first.member() > later.member());
        assert!(first.member() > same_ms_higher_id.member());
        assert_eq!(first.rank_cmp(&later), Ordering::Less);
        assert_eq!(key(6, 2, 2).rank_cmp(&first), Ordering::Less);
    }

    #[test]
    fn members_round_trip_their_id_and_have_a_fixed_width() {
        for id in [0, 1, 42, i64::MAX] {
            let m = key(1, 1_764_590_000_000, id).member();
            assert_eq!(m.len(), 32);
            assert_eq!(RankKey::id_of_member(&m), Some(id));
        }
        assert_eq!(RankKey::id_of_member("12"), None);
    }

    #[test]
    fn a_member_and_its_score_give_back_the_whole_key() {
        for k in [
            key(7, 1_764_590_000_123, 42),
            key(0, 0, 0),
            key(9, 1, i64::MAX),
        ] {
            assert_eq!(RankKey::from_member(&k.member(), k.score), Some(k));
        }
        assert_eq!(RankKey::from_member("12", 1), None);
        assert_eq!(RankKey::from_member(&"x".repeat(32), 1), None);
    }
}
