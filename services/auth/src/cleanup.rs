//! The cleanup job every replica runs: deletes expired refresh tokens, expired mailed tokens,
//! revoked sessions and sessions whose refresh tokens are all gone, and devices unused for a
//! year. Each is one DELETE, so replicas running it together never conflict.

use std::time::Duration;

use chrono::{TimeDelta, Utc};
use common::db::DbPool;
use common::worker::Workers;

use crate::db::queries;
use crate::devices::DEVICE_TTL_DAYS;
use crate::error::AuthError;

/// What one sweep deleted.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Swept {
    /// Expired refresh tokens.
    pub refresh_tokens: usize,
    /// Revoked or expired sessions.
    pub sessions: usize,
    /// Expired verification and reset tokens.
    pub email_tokens: usize,
    /// Devices unused for a year.
    pub devices: usize,
}

/// Sweeps every `interval` (the first one at start-up) until shutdown.
pub fn start(workers: &Workers, db: DbPool, interval: Duration) {
    workers.every("auth cleanup", interval, move || {
        let db = db.clone();
        async move {
            let swept = sweep(&db).await?;
            if swept != Swept::default() {
                tracing::info!(?swept, "auth cleanup");
            }
            Ok(())
        }
    });
}

/// One sweep.
pub async fn sweep(db: &DbPool) -> Result<Swept, AuthError> {
    let mut conn = db.get().await?;
    let now = Utc::now();
    // Tokens first, so sessions left without any are deleted in the same sweep.
    let refresh_tokens = queries::delete_expired_refresh_tokens(&mut conn, now).await?;
    let sessions = queries::delete_dead_sessions(&mut conn, now).await?;
    let email_tokens = queries::delete_expired_email_tokens(&mut conn, now).await?;
    let devices =
        queries::delete_stale_devices(&mut conn, now - TimeDelta::days(DEVICE_TTL_DAYS)).await?;
    Ok(Swept {
        refresh_tokens,
        sessions,
        email_tokens,
        devices,
    })
}
