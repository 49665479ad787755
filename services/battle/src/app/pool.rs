//! The pool keeper: always the configured number of waiting standard battles and raids, and
//! old completed battles trimmed. It runs on every replica; a transaction-scoped advisory
//! lock lets one replica at a time change the pool, so replicas never over-fill it.

use chrono::Utc;
use diesel::sql_types::{BigInt, Bool};
use diesel_async::{AsyncConnection, RunQueryDsl};

use crate::app::after;
use crate::db::battles;
use crate::domain::generate::{pool_raid, pool_standard};
use crate::domain::{Difficulty, RandDice};
use crate::error::BattleError;
use crate::events;
use crate::state::AppState;

/// The advisory lock key of the pool ("battlepl" in ASCII).
const POOL_LOCK: i64 = 0x6261_7474_6c65_706c;

#[derive(diesel::QueryableByName)]
struct Locked {
    #[diesel(sql_type = Bool)]
    locked: bool,
}

/// What one round of the keeper did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PoolRound {
    /// Whether this replica held the lock.
    pub ran: bool,
    /// Battles created.
    pub created: usize,
    /// Surplus waiting battles removed.
    pub removed: usize,
    /// Completed battles trimmed.
    pub trimmed: Vec<i64>,
}

/// Tops the pool up and trims it once.
pub async fn keep(state: &AppState) -> Result<PoolRound, BattleError> {
    let settings = state.settings.clone();
    let mut conn = state.conn().await?;
    let round = conn
        .transaction::<_, BattleError, _>(async move |conn| {
            let lock: Locked = diesel::sql_query("SELECT pg_try_advisory_xact_lock($1) AS locked")
                .bind::<BigInt, _>(POOL_LOCK)
                .get_result(conn)
                .await?;
            if !lock.locked {
                return Ok(PoolRound::default());
            }
            let mut round = PoolRound {
                ran: true,
                ..PoolRound::default()
            };
            for raids in [false, true] {
                let want = if raids {
                    settings.pool_raids
                } else {
                    settings.pool_standard
                };
                let waiting = battles::pool_waiting(conn, raids).await?;
                if waiting.len() > want {
                    let surplus: Vec<i64> = waiting[..waiting.len() - want]
                        .iter()
                        .map(|b| b.id)
                        .collect();
                    round.removed += battles::delete(conn, &surplus).await?;
                    continue;
                }
                let present: Vec<Difficulty> = waiting
                    .iter()
                    .filter_map(|b| Difficulty::parse(&b.difficulty))
                    .collect();
                for slot in missing_slots(&present, want, raids) {
                    // Generated before the insert: `ThreadRng` must not live across an await.
                    let (spec, gallery) = {
                        let mut dice = RandDice(rand::thread_rng());
                        if raids {
                            let (spec, boss) = pool_raid(&mut dice);
                            (spec, Some(boss.index))
                        } else {
                            (pool_standard(slot, &mut dice), None)
                        }
                    };
                    battles::insert_spec(conn, &spec, gallery, None, true).await?;
                    round.created += 1;
                }
            }
            let before = after(Utc::now(), std::time::Duration::ZERO)
                - chrono::Duration::from_std(settings.trim_after).unwrap_or_default();
            let old = battles::trimmable(conn, settings.keep_completed, before).await?;
            battles::delete(conn, &old).await?;
            round.trimmed = old;
            Ok(round)
        })
        .await?;
    events::drop_members(state, &round.trimmed).await?;
    Ok(round)
}

/// Which standard slots (0 easy, 1 medium, 2+ hard or legendary) the waiting battles lack;
/// raids have interchangeable slots.
fn missing_slots(present: &[Difficulty], want: usize, raids: bool) -> Vec<usize> {
    if raids {
        return (present.len()..want).collect();
    }
    let mut taken = present.to_vec();
    let mut missing = Vec::new();
    for slot in 0..want {
        let fits = |d: &Difficulty| match slot {
            0 => *d == Difficulty::Easy,
            1 => *d == Difficulty::Medium,
            _ => matches!(d, Difficulty::Hard | Difficulty::Legendary),
        };
        match taken.iter().position(fits) {
            Some(i) => {
                taken.remove(i);
            }
            None => missing.push(slot),
        }
    }
    // Waiting battles that fit no slot still count against the size.
    missing.truncate(want.saturating_sub(present.len()));
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keeper_fills_only_the_slots_that_are_missing() {
        assert_eq!(missing_slots(&[], 3, false), vec![0, 1, 2]);
        assert_eq!(missing_slots(&[Difficulty::Medium], 3, false), vec![0, 2]);
        assert_eq!(
            missing_slots(&[Difficulty::Legendary, Difficulty::Easy], 3, false),
            vec![1]
        );
        assert!(missing_slots(&[Difficulty::Easy; 3], 3, false).is_empty());
        assert_eq!(missing_slots(&[], 1, true), vec![0]);
        assert!(missing_slots(&[Difficulty::Epic], 1, true).is_empty());
    }
}
