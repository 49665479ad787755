//! The sweeper every replica runs: it lets co-op players whose reconnect window closed go,
//! removes empty rooms whose grace period ended (one DELETE, so replicas never remove a room
//! twice), and rewrites the Redis member sets from PostgreSQL so a lost Redis is rebuilt.

use chrono::{Duration as ChronoDuration, Utc};
use diesel_async::AsyncConnection;

use crate::app::lifecycle::{self, Departure};
use crate::app::presence;
use crate::db::queries;
use crate::domain::RoomCode;
use crate::error::RoomError;
use crate::events::RoomClosed;
use crate::state::AppState;
use common::worker::Workers;

/// Sweeps between which the member sets are rebuilt.
const REBUILD_EVERY: u32 = 5;

/// Starts the sweep (every `ROOM_SWEEP_INTERVAL_MS`) and the member-set rebuild (every fifth
/// interval) on the application's workers.
pub fn start(workers: &Workers, state: &AppState) {
    let interval = state.settings.sweep_interval;
    let sweeping = state.clone();
    workers.every("room sweeper", interval, move || {
        let state = sweeping.clone();
        async move { sweep(&state, false).await.map(|_| ()).map_err(Into::into) }
    });
    let rebuilding = state.clone();
    workers.every("room member sets", interval * REBUILD_EVERY, move || {
        let state = rebuilding.clone();
        async move { rebuild_member_sets(&state).await.map_err(Into::into) }
    });
}

/// One sweep; returns the codes of the rooms it removed. Each stage runs even when another
/// failed (an unreachable inventory must not stop the member-set rebuild).
pub async fn sweep(state: &AppState, rebuild: bool) -> Result<Vec<String>, RoomError> {
    let mut first_error = None;
    let mut note = |stage: &str, result: Result<(), RoomError>| {
        if let Err(e) = result {
            tracing::warn!(error = %format!("{e:#}"), stage, "room sweep stage failed");
            first_error.get_or_insert(e);
        }
    };
    note("expired reconnects", expire_disconnects(state).await);
    let removed = match remove_empty_rooms(state).await {
        Ok(removed) => removed,
        Err(e) => {
            note("empty rooms", Err(e));
            Vec::new()
        }
    };
    // Placements whose inventory call succeeded but whose object was never written.
    let pending = crate::app::placement::finish_pending(state, ChronoDuration::seconds(30)).await;
    note("pending placements", pending.map(|_| ()));
    if rebuild {
        note("member sets", rebuild_member_sets(state).await);
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(removed),
    }
}

async fn expire_disconnects(state: &AppState) -> Result<(), RoomError> {
    let window = ChronoDuration::from_std(state.settings.reconnect_window)
        .unwrap_or(ChronoDuration::seconds(60));
    let expired = {
        let mut conn = state.conn().await?;
        queries::expired_disconnects(&mut conn, Utc::now() - window).await?
    };
    for (code, user) in expired {
        let Some(code) = RoomCode::parse(&code) else {
            continue;
        };
        match lifecycle::leave(state, user, &code, Departure::Expired).await {
            Ok(_) | Err(RoomError::NotAMember | RoomError::RoomNotFound) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

async fn remove_empty_rooms(state: &AppState) -> Result<Vec<String>, RoomError> {
    let removed = {
        let mut conn = state.conn().await?;
        conn.transaction::<_, RoomError, _>(async |conn| {
            let removed = queries::delete_expired_rooms(conn, Utc::now()).await?;
            for code in &removed {
                let data = RoomClosed {
                    room_id: code.to_owned(),
                };
                crate::app::base::enqueue(conn, code, "room_closed", &data).await?;
            }
            Ok(removed)
        })
        .await?
    };
    // Woken after the keys are gone, as `room_closed` used to follow them.
    for code in &removed {
        // If this fails the keys linger, but a new room with the same code starts from
        // fresh keys (`presence::reset_room`), so nobody inherits them.
        if let Err(e) = presence::forget_room(state, code).await {
            tracing::warn!(error = %format!("{e:#}"), room = %code, "keys of a removed room kept");
        }
        tracing::info!(room = %code, "empty room removed");
    }
    if !removed.is_empty() {
        state.outbox.wake();
    }
    Ok(removed)
}

/// Redis's sets are read between two reads of PostgreSQL (the first only names the rooms), so
/// `presence::rebuild` can tell a stale member from one who joined during the pass.
async fn rebuild_member_sets(state: &AppState) -> Result<(), RoomError> {
    let codes: Vec<String> = {
        let mut conn = state.conn().await?;
        let mut codes: Vec<String> = queries::all_memberships(&mut conn)
            .await?
            .into_iter()
            .map(|(code, _, _)| code)
            .collect();
        codes.sort_unstable();
        codes.dedup();
        codes
    };
    let seen = presence::member_sets(state, &codes).await?;
    let rows = {
        let mut conn = state.conn().await?;
        queries::all_memberships(&mut conn).await?
    };
    presence::rebuild(state, rows, &seen).await.map(|_| ())
}
