//! Bounds the ranks PostgreSQL computes while the Redis ranks are not trusted (after a flush,
//! a restart, a new period). Each such query can scan a whole board: unbounded, a loaded
//! service's answers occupied every CPU and the rebuild that ends them crawled (1,000,000
//! scores at 50 connections were not rebuilt after 80 s; one turn at a time: 14 s,
//! docs/BENCHMARKS.md).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tokio::sync::{Semaphore, SemaphorePermit};

use crate::error::LeaderboardError;

/// How long a board found untrusted stays suspected without being seen untrusted again.
const SUSPICION: Duration = Duration::from_secs(30);

/// Turns at PostgreSQL for ranked answers; more callers wait, then get 503.
///
/// A submission must not answer 503 once its score is stored (a retry would store it twice),
/// so it takes its turn before storing on a board whose ranks were last seen untrusted, and a
/// submission that finds the ranks untrusted only after storing waits for a turn as long as it
/// takes.
pub struct FallbackLimit {
    turns: Semaphore,
    wait: Duration,
    /// Boards last seen with untrusted ranks, and when.
    suspected: Mutex<HashMap<String, Instant>>,
}

impl FallbackLimit {
    /// `turns` queries at once; a caller waits at most `wait` for one.
    pub fn new(turns: usize, wait: Duration) -> Self {
        FallbackLimit {
            turns: Semaphore::new(turns.max(1)),
            wait,
            suspected: Mutex::new(HashMap::new()),
        }
    }

    /// A turn, held until dropped; 503 `ranks_rebuilding` after waiting too long. Take it
    /// before the pooled connection, so waiting callers do not hold the pool.
    pub async fn turn(&self) -> Result<SemaphorePermit<'_>, LeaderboardError> {
        match tokio::time::timeout(self.wait, self.turns.acquire()).await {
            Ok(Ok(permit)) => Ok(permit),
            // The semaphore is never closed: a timeout is the only real failure.
            Ok(Err(_)) | Err(_) => Err(LeaderboardError::RanksRebuilding),
        }
    }

    /// A turn for a caller that already stored something and must answer: no deadline.
    pub async fn turn_after_write(&self) -> Result<SemaphorePermit<'_>, LeaderboardError> {
        self.turns
            .acquire()
            .await
            .map_err(|_| LeaderboardError::RanksRebuilding)
    }

    /// Records whether `board`'s ranks were all trusted when last written.
    pub fn observe(&self, board: &str, trusted: bool) {
        let mut suspected = self.suspected.lock().unwrap_or_else(|p| p.into_inner());
        if trusted {
            suspected.remove(board);
        } else {
            suspected.insert(board.to_owned(), Instant::now());
        }
    }

    /// Whether `board`'s ranks were recently seen untrusted (and not trusted since).
    pub fn suspects(&self, board: &str) -> bool {
        let suspected = self.suspected.lock().unwrap_or_else(|p| p.into_inner());
        suspected
            .get(board)
            .is_some_and(|at| at.elapsed() < SUSPICION)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn callers_beyond_the_turns_wait_then_are_refused() {
        let limit = FallbackLimit::new(1, Duration::from_millis(50));
        let first = limit.turn().await.unwrap();
        let refused = limit.turn().await;
        assert!(matches!(refused, Err(LeaderboardError::RanksRebuilding)));
        drop(first);
        assert!(limit.turn().await.is_ok(), "a released turn is given again");
    }

    /// Whether a caller waiting while the one turn is held `held` long gets it once released.
    async fn waiter_gets_the_released_turn(
        wait: Duration,
        held: Duration,
        after_write: bool,
    ) -> bool {
        let limit = std::sync::Arc::new(FallbackLimit::new(1, wait));
        let first = limit.turn().await.unwrap();
        let waiter = {
            let limit = limit.clone();
            tokio::spawn(async move {
                let turn = if after_write {
                    limit.turn_after_write().await
                } else {
                    limit.turn().await
                };
                turn.map(drop).is_ok()
            })
        };
        tokio::time::sleep(held).await;
        drop(first);
        waiter.await.unwrap()
    }

    #[tokio::test]
    async fn a_caller_that_already_wrote_waits_past_the_deadline() {
        let (deadline, held) = (Duration::from_millis(10), Duration::from_millis(100));
        assert!(waiter_gets_the_released_turn(deadline, held, true).await);
    }

    #[test]
    fn boards_are_suspected_from_untrusted_until_trusted() {
        let limit = FallbackLimit::new(1, Duration::from_millis(10));
        assert!(!limit.suspects("levels"));
        limit.observe("levels", false);
        assert!(limit.suspects("levels"));
        assert!(!limit.suspects("endless"));
        limit.observe("levels", true);
        assert!(!limit.suspects("levels"));
    }

    #[tokio::test]
    async fn a_waiting_caller_gets_the_turn_released_before_its_deadline() {
        let (deadline, held) = (Duration::from_secs(5), Duration::from_millis(20));
        assert!(waiter_gets_the_released_turn(deadline, held, false).await);
    }
}
