//! Bounds the ranks PostgreSQL computes while the Redis ranks are not trusted (after a flush,
//! a restart, a new period). Each such query can scan a whole board: unbounded, a loaded
//! service's answers occupied every CPU and the rebuild that ends them crawled (1,000,000
//! scores at 50 connections were not rebuilt after 80 s; one turn at a time: 14 s,
//! docs/BENCHMARKS.md).

use std::time::Duration;

use tokio::sync::{Semaphore, SemaphorePermit};

use crate::error::LeaderboardError;

/// Turns at PostgreSQL for ranked answers; more callers wait, then get 503.
pub struct FallbackLimit {
    turns: Semaphore,
    wait: Duration,
}

impl FallbackLimit {
    /// `turns` queries at once; a caller waits at most `wait` for one.
    pub fn new(turns: usize, wait: Duration) -> Self {
        FallbackLimit {
            turns: Semaphore::new(turns.max(1)),
            wait,
        }
    }

    /// A turn, held until dropped; 503 `ranks_rebuilding` after waiting too long.
    pub async fn turn(&self) -> Result<SemaphorePermit<'_>, LeaderboardError> {
        match tokio::time::timeout(self.wait, self.turns.acquire()).await {
            Ok(Ok(permit)) => Ok(permit),
            // The semaphore is never closed: a timeout is the only real failure.
            Ok(Err(_)) | Err(_) => Err(LeaderboardError::RanksRebuilding),
        }
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

    #[tokio::test]
    async fn a_waiting_caller_gets_the_turn_released_before_its_deadline() {
        let limit = std::sync::Arc::new(FallbackLimit::new(1, Duration::from_secs(5)));
        let first = limit.turn().await.unwrap();
        let waiter = {
            let limit = limit.clone();
            tokio::spawn(async move { limit.turn().await.map(drop).is_ok() })
        };
        tokio::time::sleep(Duration::from_millis(20)).await;
        drop(first);
        assert!(waiter.await.unwrap());
    }
}
