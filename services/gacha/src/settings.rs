//! The gacha service's own settings, read from environment variables beside the common ones
//! (`common::settings`). Every default makes a local run work with zero configuration.
//!
//! | variable | default |
//! |---|---|
//! | `GACHA_SEED_BANNERS` | `true`: create the three default banners at start-up when missing |
//! | `GACHA_HISTORY_RETENTION_DAYS` | `90` (at least 90): finished pulls older than this are purged |
//! | `GACHA_PURGE_INTERVAL_SECS` | `3600`: how often the purge runs |
//! | `GACHA_RECONCILE_INTERVAL_MS` | `10000`: how often pending pulls are retried |
//! | `GACHA_RECONCILE_AFTER_MS` | `60000`: a pull pending this long is the reconciler's (longer than an inventory call with its retries) |
//! | `GACHA_PULL_WAIT_MS` | `5000`: how long a pull waits for the same player's pending pull on that banner type before 409 `pull_in_progress` |
//! | `GACHA_ANNOUNCE_NAMES` | `true`: look the player's public name up in auth for `legendary_pull` |

use std::time::Duration;

use anyhow::bail;
use common::settings::{Env, ProcessEnv, ServiceSettings, Source};

/// The gacha service's settings.
#[derive(Debug, Clone)]
pub struct GachaSettings {
    /// Seed the default banners when missing.
    pub seed_banners: bool,
    /// How long finished pulls are kept.
    pub retention: Duration,
    /// Purge period.
    pub purge_interval: Duration,
    /// Reconciler period.
    pub reconcile_interval: Duration,
    /// Age after which a pending pull is reconciled.
    pub reconcile_after: Duration,
    /// Wait for a player's pending pull.
    pub pull_wait: Duration,
    /// Look names up for announcements.
    pub announce_names: bool,
}

/// The shortest history retention the issue allows.
pub const MIN_RETENTION_DAYS: u64 = 90;

impl Default for GachaSettings {
    fn default() -> Self {
        GachaSettings {
            seed_banners: true,
            retention: Duration::from_secs(MIN_RETENTION_DAYS * 86_400),
            purge_interval: Duration::from_secs(3600),
            reconcile_interval: Duration::from_millis(10_000),
            reconcile_after: Duration::from_millis(60_000),
            pull_wait: Duration::from_millis(5000),
            announce_names: true,
        }
    }
}

impl ServiceSettings for GachaSettings {
    fn from_env() -> anyhow::Result<Self> {
        Self::load(&ProcessEnv)
    }
}

impl GachaSettings {
    /// Reads `source` (a map in tests).
    pub fn load(source: &dyn Source) -> anyhow::Result<Self> {
        let env = Env(source);
        let days: u64 = env.parse("GACHA_HISTORY_RETENTION_DAYS", MIN_RETENTION_DAYS)?;
        if days < MIN_RETENTION_DAYS {
            bail!("GACHA_HISTORY_RETENTION_DAYS must be at least {MIN_RETENTION_DAYS}");
        }
        Ok(GachaSettings {
            seed_banners: env.parse("GACHA_SEED_BANNERS", true)?,
            retention: Duration::from_secs(days * 86_400),
            purge_interval: Duration::from_secs(
                env.parse("GACHA_PURGE_INTERVAL_SECS", 3600u64)?.max(1),
            ),
            reconcile_interval: env
                .millis("GACHA_RECONCILE_INTERVAL_MS", 10_000)?
                .max(Duration::from_millis(50)),
            reconcile_after: env.millis("GACHA_RECONCILE_AFTER_MS", 60_000)?,
            pull_wait: env.millis("GACHA_PULL_WAIT_MS", 5000)?,
            announce_names: env.parse("GACHA_ANNOUNCE_NAMES", true)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_a_too_short_retention() {
        let s = GachaSettings::load(&common::settings::env_map(&[])).unwrap();
        assert_eq!(s.retention, Duration::from_secs(90 * 86_400));
        let short = common::settings::env_map(&[("GACHA_HISTORY_RETENTION_DAYS", "30")]);
        assert!(GachaSettings::load(&short).is_err());
    }
}
