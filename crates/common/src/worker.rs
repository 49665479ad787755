//! Background workers: one shape for sweepers, pool keepers, purges and queue consumers. Every
//! worker is tied to its application: it stops when the server stops (SIGTERM, or a test's
//! `stop`), and a failing turn is logged with the worker's name instead of ending the loop.

use std::time::Duration;

use tokio::time::MissedTickBehavior;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// Starts and stops an application's background tasks.
#[derive(Clone, Default)]
pub struct Workers {
    stop: CancellationToken,
    tasks: TaskTracker,
}

impl Workers {
    /// A set of workers that none has started yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs `tick` now and then every `period` until shutdown. A turn that fails is logged and
    /// the next one runs on time; a turn is never cut short by shutdown, the loop just ends.
    pub fn every<F, Fut>(&self, name: &'static str, period: Duration, tick: F)
    where
        F: Fn() -> Fut + Send + 'static,
        Fut: Future<Output = anyhow::Result<()>> + Send + 'static,
    {
        let stop = self.stop.clone();
        self.tasks.spawn(async move {
            let mut interval = tokio::time::interval(period.max(Duration::from_millis(1)));
            interval.set_missed_tick_behavior(MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    () = stop.cancelled() => break,
                    _ = interval.tick() => {}
                }
                if let Err(e) = tick().await {
                    tracing::warn!(worker = name, error = %format!("{e:#}"), "worker turn failed");
                }
            }
            tracing::debug!(worker = name, "worker stopped");
        });
    }

    /// Runs a long-lived task (a queue consumer, a subscriber) that watches `stop` and returns
    /// when it is cancelled. An error it returns is logged; it is not restarted.
    pub fn spawn<F, Fut>(&self, name: &'static str, run: F)
    where
        F: FnOnce(CancellationToken) -> Fut,
        Fut: Future<Output = anyhow::Result<()>> + Send + 'static,
    {
        let done = run(self.stop.clone());
        self.tasks.spawn(async move {
            if let Err(e) = done.await {
                tracing::error!(worker = name, error = %format!("{e:#}"), "worker ended with an error");
            }
        });
    }

    /// The token cancelled at shutdown, for tasks that watch it themselves.
    pub fn stop_token(&self) -> CancellationToken {
        self.stop.clone()
    }

    /// Whether shutdown has begun.
    pub fn is_stopping(&self) -> bool {
        self.stop.is_cancelled()
    }

    /// Signals every worker to stop and waits up to `grace` for them to finish their turn.
    pub async fn shutdown(&self, grace: Duration) {
        self.stop.cancel();
        self.tasks.close();
        if tokio::time::timeout(grace, self.tasks.wait())
            .await
            .is_err()
        {
            tracing::warn!(
                still_running = self.tasks.len(),
                "workers did not stop in time"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn a_periodic_worker_keeps_going_after_a_failed_turn_and_stops_at_shutdown() {
        let workers = Workers::new();
        let turns = Arc::new(AtomicUsize::new(0));
        let counted = turns.clone();
        workers.every("flaky", Duration::from_millis(5), move || {
            let n = counted.fetch_add(1, Ordering::SeqCst);
            async move {
                if n == 0 {
                    anyhow::bail!("first turn fails");
                }
                Ok(())
            }
        });
        tokio::time::sleep(Duration::from_millis(60)).await;
        workers.shutdown(Duration::from_secs(1)).await;
        let after_stop = turns.load(Ordering::SeqCst);
        assert!(after_stop >= 3, "only {after_stop} turns ran");
        tokio::time::sleep(Duration::from_millis(30)).await;
        assert_eq!(
            turns.load(Ordering::SeqCst),
            after_stop,
            "a stopped worker ran again"
        );
    }

    #[tokio::test]
    async fn a_long_running_worker_sees_the_stop_token() {
        let workers = Workers::new();
        let (tx, rx) = tokio::sync::oneshot::channel();
        workers.spawn("consumer", |stop| async move {
            stop.cancelled().await;
            let _ = tx.send(());
            Ok(())
        });
        workers.shutdown(Duration::from_secs(1)).await;
        assert!(rx.await.is_ok());
        assert!(workers.is_stopping());
    }
}
