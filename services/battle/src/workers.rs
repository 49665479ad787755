//! Background jobs every replica runs: the pool keeper, the raid bosses' blows and the attack
//! reconciler act on state stored in PostgreSQL under locks, so any number of replicas may
//! run them; the gallery keeper stores the boss images under keys, which the asset service
//! makes idempotent.

use common::worker::Workers;

use crate::app;
use crate::domain::bosses;
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
    // Runs at start, then retries until all 22 images are known (an asset outage at boot
    // heals); afterwards each turn is a cache check.
    let gallery = state.clone();
    workers.every(
        "boss gallery images",
        state.settings.gallery_retry,
        move || {
            let state = gallery.clone();
            async move {
                if state.gallery.len() < bosses::GALLERY.len() {
                    app::gallery::sync(&state).await?;
                }
                Ok(())
            }
        },
    );
}
