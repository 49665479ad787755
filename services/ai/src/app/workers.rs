//! The background tasks of each replica: `AI_WORKERS` queue consumers and one sweeper. They
//! stop when the token is cancelled (the application stopping).

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::app::{billing, runner};
use crate::db::queries;
use crate::state::AppState;

/// Spawns the consumers and the sweeper; they run until `stop` is cancelled.
pub fn spawn_all(state: &AppState, stop: &CancellationToken) {
    let replica = uuid::Uuid::new_v4().simple().to_string();
    for n in 0..state.settings.workers {
        let consumer = format!("{}-{n}", &replica[..12]);
        tokio::spawn(consume(state.clone(), consumer, stop.clone()));
    }
    tokio::spawn(sweep(state.clone(), stop.clone()));
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
                    Ok(()) => state.queue.ack(&delivery.id).await?,
                    // Left pending: re-claimed after the visibility timeout.
                    Err(e) => tracing::warn!(entry = %delivery.id, error = %e, "running a job failed"),
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

/// Queues jobs whose retry delay passed (or whose first push was lost), and settles gems owed.
pub async fn sweep(state: AppState, stop: CancellationToken) {
    if let Err(e) = state.queue.ensure_group().await {
        tracing::warn!(error = %format!("{e:#}"), "creating the consumer group failed; retrying");
    }
    let mut tick = tokio::time::interval(state.settings.sweep_interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            () = stop.cancelled() => break,
            _ = tick.tick() => {}
        }
        if let Err(e) = sweep_once(&state).await {
            tracing::warn!(error = %e, "ai sweeper round failed");
        }
    }
}

/// One sweeper round.
pub async fn sweep_once(state: &AppState) -> Result<(), crate::error::AiError> {
    let due = {
        let mut conn = state.conn().await?;
        queries::take_due(&mut conn, 200).await?
    };
    for id in due {
        if let Err(e) = state.queue.push(id).await {
            let mut conn = state.conn().await?;
            let later = chrono::Utc::now() + chrono::Duration::seconds(1);
            queries::enqueue_later(&mut conn, id, later).await?;
            return Err(crate::error::AiError::Redis(e));
        }
    }
    billing::settle(state).await
}
