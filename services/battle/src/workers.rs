//! Background jobs every replica runs: the pool keeper, the raid bosses' blows and the attack
//! reconciler. All act
//! on state stored in PostgreSQL under locks, so any number of replicas may run them.

use common::worker::Workers;

use crate::app;
use crate::state::AppState;

/// Starts the jobs on the application's workers (they stop with it).
pub fn start(workers: &Workers, state: &AppState) {
    let pool = state.clone();
    workers.every(
        "battle pool keeper",
        state.settings.pool_interval,
        move || {
            let state = pool.clone();
            async move {
                app::pool::keep(&state)
                    .await
                    .map(|_| ())
                    .map_err(Into::into)
            }
        },
    );
    let raids = state.clone();
    workers.every("raid blows", state.settings.strike_sweep, move || {
        let state = raids.clone();
        async move {
            app::raid::strike_due(&state)
                .await
                .map(|_| ())
                .map_err(Into::into)
        }
    });
    let intents = state.clone();
    workers.every(
        "attack reconciler",
        state.settings.settle_sweep,
        move || {
            let state = intents.clone();
            async move {
                app::reconcile::settle_stale(&state)
                    .await
                    .map(|_| ())
                    .map_err(Into::into)
            }
        },
    );
}
