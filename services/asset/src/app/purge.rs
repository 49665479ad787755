//! The purge job: deleted assets' bytes are removed once their grace period is over.

use chrono::{Duration, Utc};
use common::worker::Workers;

use crate::db::queries;
use crate::state::AppState;

/// Assets purged per round.
const BATCH: i64 = 100;

/// Purges every deleted asset past its grace period; returns how many were purged. Bytes go
/// first, then the row says so, so a crash in between only repeats the (idempotent) deletion.
pub async fn purge_due(state: &AppState) -> anyhow::Result<usize> {
    let grace = Duration::from_std(state.settings.purge_grace).unwrap_or(Duration::MAX);
    let cutoff = Utc::now()
        .checked_sub_signed(grace)
        .unwrap_or(chrono::DateTime::<Utc>::MIN_UTC);
    let mut conn = state.db.get().await?;
    let due = queries::due_for_purge(&mut conn, cutoff, BATCH).await?;
    for asset_id in &due {
        let versions = queries::list_versions(&mut conn, *asset_id).await?;
        let mut keys: Vec<String> = versions.iter().map(|v| v.storage_key.clone()).collect();
        // A pending version's bytes may sit under its upload key as well.
        keys.extend(
            versions
                .iter()
                .map(|v| state.storage.pending_key(*asset_id, v.version)),
        );
        keys.extend(versions.iter().filter_map(|v| v.thumbnail_key.clone()));
        keys.sort();
        keys.dedup();
        state.storage.delete(keys).await?;
        queries::mark_purged(&mut conn, *asset_id, Utc::now()).await?;
        tracing::info!(asset.id = %asset_id, "purged a deleted asset's bytes");
    }
    Ok(due.len())
}

/// Runs [`purge_due`] every `ASSET_PURGE_INTERVAL_SECS` until the application stops.
pub fn start(workers: &Workers, state: &AppState) {
    let state = state.clone();
    workers.every("asset-purge", state.settings.purge_interval, move || {
        let state = state.clone();
        async move { purge_due(&state).await.map(drop) }
    });
}
