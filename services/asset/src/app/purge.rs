//! The purge job: deleted assets' bytes are removed once their grace period is over.

use chrono::{Duration, Utc};
use common::worker::Workers;

use diesel_async::AsyncConnection;

use crate::db::models::state;
use crate::db::queries;
use crate::state::AppState;

/// Assets purged per round.
const BATCH: i64 = 100;

/// Purges every deleted asset past its grace period; returns how many were purged. A complete
/// version's object is shared by every version with the same bytes, so it is deleted only when
/// no other unpurged asset uses it; that decision, the deletion and the asset's `purged_at`
/// are made under the objects' locks, in one transaction (a crash repeats the idempotent
/// deletion).
pub async fn purge_due(state: &AppState) -> anyhow::Result<usize> {
    let grace = Duration::from_std(state.settings.purge_grace).unwrap_or(Duration::MAX);
    let cutoff = Utc::now()
        .checked_sub_signed(grace)
        .unwrap_or(chrono::DateTime::<Utc>::MIN_UTC);
    let mut conn = state.db.get().await?;
    let due = queries::due_for_purge(&mut conn, cutoff, BATCH).await?;
    for asset_id in &due {
        let asset_id = *asset_id;
        let versions = queries::list_versions(&mut conn, asset_id).await?;
        let (complete, others): (Vec<_>, Vec<_>) =
            versions.iter().partition(|v| v.state == state::COMPLETE);
        // A pending version's bytes sit under its upload key, which nothing else uses.
        let mut own: Vec<String> = others.iter().map(|v| v.storage_key.clone()).collect();
        own.extend(
            versions
                .iter()
                .map(|v| state.storage.pending_key(asset_id, v.version)),
        );
        own.extend(versions.iter().filter_map(|v| v.thumbnail_key.clone()));
        let mut shared: Vec<String> = complete.iter().map(|v| v.storage_key.clone()).collect();
        // Sorted, so two purges lock shared objects in one order and never deadlock.
        shared.sort();
        shared.dedup();
        conn.transaction::<_, anyhow::Error, _>(async |conn| {
            let mut doomed = own;
            for key in &shared {
                queries::lock_object(conn, key).await?;
            }
            for key in shared {
                if !queries::object_used_elsewhere(conn, &key, asset_id).await? {
                    doomed.push(key);
                }
            }
            doomed.sort();
            doomed.dedup();
            state.storage.delete(doomed).await?;
            queries::mark_purged(conn, asset_id, Utc::now()).await?;
            Ok(())
        })
        .await?;
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
