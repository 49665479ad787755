//! Background jobs every replica runs: the pool keeper and the raid bosses' blows. Both act
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
}
