//! The deadline sweeper every replica runs: every ~250 ms it advances rounds whose stored
//! deadline passed. The conditional UPDATE in [`machine::advance_due`] lets exactly one
//! replica move a round, and a restarted service picks up overdue rounds on its first sweep.

use common::worker::Workers;

use crate::app::game::machine;
use crate::state::AppState;

/// Starts the sweep on the application's workers (it stops with the application).
pub fn start(workers: &Workers, state: &AppState) {
    let state = state.clone();
    workers.every(
        "game deadlines",
        state.settings.game.sweep_interval,
        move || {
            let state = state.clone();
            async move {
                let moved = machine::advance_due(&state).await?;
                if moved > 0 {
                    tracing::debug!(moved, "rounds advanced by their deadline");
                }
                Ok(())
            }
        },
    );
}
