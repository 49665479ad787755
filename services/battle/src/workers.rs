//! Background jobs every replica runs: the pool keeper and the raid bosses' blows. Both act
//! on state stored in PostgreSQL under locks, so any number of replicas may run them.

use std::future::Future;
use std::sync::{Arc, Weak};
use std::time::Duration;

use actix_web::web;

use crate::app;
use crate::error::BattleError;
use crate::state::AppState;

/// Starts the jobs; they stop once the application (which owns the state) is gone.
pub fn start(state: &web::Data<AppState>) {
    let weak = Arc::downgrade(&state.clone().into_inner());
    every(
        "battle_pool",
        weak.clone(),
        state.settings.pool_interval,
        |s| async move { app::pool::keep(&s).await.map(|_| ()) },
    );
    every(
        "raid_strikes",
        weak,
        state.settings.strike_sweep,
        |s| async move { app::raid::strike_due(&s).await.map(|_| ()) },
    );
}

fn every<F, Fut>(name: &'static str, state: Weak<AppState>, period: Duration, job: F)
where
    F: Fn(Arc<AppState>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<(), BattleError>> + Send,
{
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(period);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let Some(state) = state.upgrade() else { break };
            if let Err(e) = job(state).await {
                tracing::warn!(worker = name, "background job failed: {e:#}");
            }
        }
    });
}
