//! The background tasks of each replica: `AI_WORKERS` queue consumers and one sweeper, on the
//! application's workers (they stop with it).

use std::time::Duration;

use common::worker::Workers;
use tokio_util::sync::CancellationToken;

use crate::app::{billing, runner};
use crate::db::queries;
use crate::state::AppState;

/// Starts the consumers and the sweeper.
pub fn start(workers: &Workers, state: &AppState) {
    // Consumer names are unique per replica and run, so a restarted replica never inherits a
    // dead one's pending entries by name: they are re-claimed by idle time instead.
    let replica = uuid::Uuid::new_v4().simple().to_string();
    for n in 0..state.settings.workers {
        let consumer = format!("{}-{n}", &replica[..12]);
        let state = state.clone();
        workers.spawn("ai queue consumer", move |stop| async move {
            consume(state, consumer, stop).await;
            Ok(())
        });
    }
    let setup = state.clone();
    workers.spawn("ai consumer group", move |_| async move {
        setup.queue.ensure_group().await
    });
    let state = state.clone();
    workers.every("ai sweeper", state.settings.sweep_interval, move || {
        let state = state.clone();
        async move { Ok(sweep_once(&state).await?) }
    });
}

/// One consumer: entries abandoned by dead workers first, then new ones.
pub async fn consume(state: AppState, consumer: String, stop: CancellationToken) {
    let mut last_reclaim = tokio::time::Instant::now();
    let reclaim_every = (state.settings.visibility_timeout / 4).max(Duration::from_millis(50));
    loop {
        let round = async {
            let mut deliveries = Vec::new();
            if last_reclaim.elapsed() >= reclaim_every {
                last_reclaim = tokio::time::Instant::now();
                deliveries = state
                    .queue
                    .reclaim(&consumer, state.settings.visibility_timeout, 8)
                    .await?;
            }
            if deliveries.is_empty() {
                let block = state.read_block.min(reclaim_every);
                deliveries = state.queue.read(&consumer, 8, block).await?;
            }
            for delivery in deliveries {
                match runner::handle(&state, &consumer, &delivery).await {
                    Ok(true) => state.queue.ack(&delivery.id).await?,
                    // Running on a live worker: kept pending in case that worker dies.
                    Ok(false) => {}
                    // Left pending: re-claimed after the visibility timeout.
                    Err(e) => {
                        tracing::warn!(entry = %delivery.id, error = %e, "running a job failed")
                    }
                }
            }
            anyhow::Ok(())
        };
        tokio::select! {
            () = stop.cancelled() => break,
            result = round => if let Err(e) = result {
                tracing::warn!(consumer, error = %format!("{e:#}"), "queue consumer error");
                tokio::select! {
                    () = stop.cancelled() => break,
                    () = tokio::time::sleep(Duration::from_millis(500)) => {}
                }
            }
        }
    }
    tracing::debug!(consumer, "queue consumer stopped");
}

/// One sweeper round: queues jobs whose retry delay passed (or whose first push was lost),
/// and settles gems owed.
pub async fn sweep_once(state: &AppState) -> Result<(), crate::error::AiError> {
    let due = {
        let mut conn = state.conn().await?;
        let mut due = queries::take_due(&mut conn, 200).await?;
        let expired_before = chrono::Utc::now() - state.settings.visibility_timeout;
        due.extend(queries::take_orphans(&mut conn, expired_before, 50).await?);
        due
    };
    for id in due {
        if let Err(e) = state.queue.push(id).await {
            let mut conn = state.conn().await?;
            let later = chrono::Utc::now() + chrono::Duration::seconds(1);
            queries::enqueue_later(&mut conn, id, later).await?;
            return Err(common::Infra::redis(e).into());
        }
    }
    billing::settle(state).await
}
