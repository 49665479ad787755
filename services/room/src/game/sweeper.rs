//! The deadline sweeper every replica runs: every ~250 ms it advances rounds whose stored
//! deadline passed. The conditional UPDATE in [`machine::advance_due`] lets exactly one
//! replica move a round, and a restarted service picks up overdue rounds on its first sweep.

use std::sync::Weak;

use crate::game::machine;
use crate::state::AppState;

/// Sweeps until the application holding the state is gone (a stopped server drops its state,
/// so a stopped instance stops acting on deadlines).
pub async fn run(state: Weak<AppState>, interval: std::time::Duration) {
    let mut ticker = tokio::time::interval(interval);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        let Some(state) = state.upgrade() else {
            return;
        };
        match machine::advance_due(&state).await {
            Ok(0) => {}
            Ok(moved) => tracing::debug!(moved, "rounds advanced by their deadline"),
            Err(e) => {
                tracing::warn!(error = %format!("{e:#}"), "game sweep failed; retrying next tick");
            }
        }
    }
}
