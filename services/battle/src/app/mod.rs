//! What each request does: transactions over the battle database, inventory calls and the
//! events published once the state change is committed.

pub mod attack;
pub mod batch;
pub mod gallery;
pub mod join;
pub mod loot;
pub mod pool;
pub mod raid;
pub mod read;
pub mod reconcile;
pub mod templates;
pub mod writer;

use chrono::{DateTime, Utc};

/// `now` plus a std duration (saturating at "far away").
pub fn after(now: DateTime<Utc>, d: std::time::Duration) -> DateTime<Utc> {
    chrono::Duration::from_std(d)
        .ok()
        .and_then(|d| now.checked_add_signed(d))
        .unwrap_or(now)
}

/// `now` minus a std duration (saturating at "long ago").
pub fn after_neg(now: DateTime<Utc>, d: std::time::Duration) -> DateTime<Utc> {
    chrono::Duration::from_std(d)
        .ok()
        .and_then(|d| now.checked_sub_signed(d))
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}
