//! The battle service's own settings, read from environment variables beside the common ones
//! (`common::settings`). Every default makes a local run work with zero configuration.
//!
//! | variable | default |
//! |---|---|
//! | `BATTLE_POOL_INTERVAL_MS` | `2000`: how often each replica's pool keeper tops the pool up and trims it |
//! | `BATTLE_POOL_STANDARD` | `3`: waiting standard battles the pool keeps |
//! | `BATTLE_POOL_RAIDS` | `1`: waiting boss raids the pool keeps |
//! | `BATTLE_KEEP_COMPLETED` | `10`: completed battles never trimmed (the newest) |
//! | `BATTLE_TRIM_AFTER_SECS` | `3600`: older completed battles are trimmed this long after completion (participations stay as history) |
//! | `BATTLE_STATS_CACHE_MS` | `5000`: how long a participant's combat stats from inventory are reused |
//! | `BATTLE_RAID_STRIKE_MS` | `5000`: time between a raid boss's blows |
//! | `BATTLE_STRIKE_SWEEP_MS` | `500`: how often each replica looks for due raid blows |
//! | `BATTLE_REVIVE_SECS` | `900`: a dead raider may revive without a potion after this long |
//! | `BATTLE_RESURRECT_GEMS` | `50`: price of a resurrection potion |
//! | `BATTLE_GALLERY_RETRY_MS` | `30000`: how often the gallery keeper retries storing the boss images while the asset service lacks some (checked at start first) |

use std::time::Duration;

use anyhow::bail;
use common::settings::{Env, ProcessEnv, Source};

/// The battle service's settings.
#[derive(Debug, Clone)]
pub struct BattleSettings {
    /// Pool keeper period.
    pub pool_interval: Duration,
    /// Waiting standard battles.
    pub pool_standard: usize,
    /// Waiting raids.
    pub pool_raids: usize,
    /// Completed battles kept regardless of age.
    pub keep_completed: i64,
    /// Age after which other completed battles go.
    pub trim_after: Duration,
    /// Combat stats reuse.
    pub stats_cache: Duration,
    /// Between a raid boss's blows.
    pub raid_strike: Duration,
    /// Strike sweeper period.
    pub strike_sweep: Duration,
    /// Natural revival.
    pub revive_after: Duration,
    /// Potion price in gems.
    pub resurrect_gems: i64,
    /// Between the gallery keeper's attempts while some boss image is not stored yet.
    pub gallery_retry: Duration,
    /// Age after which an attack intent's request is over and the reconciler settles it
    /// (longer than an inventory call with its retries).
    pub attack_settle_after: Duration,
    /// Reconciler period.
    pub settle_sweep: Duration,
}

impl Default for BattleSettings {
    fn default() -> Self {
        BattleSettings {
            pool_interval: Duration::from_secs(2),
            pool_standard: 3,
            pool_raids: 1,
            keep_completed: 10,
            trim_after: Duration::from_secs(3600),
            stats_cache: Duration::from_secs(5),
            raid_strike: Duration::from_secs(5),
            strike_sweep: Duration::from_millis(500),
            revive_after: Duration::from_secs(900),
            resurrect_gems: 50,
            gallery_retry: Duration::from_secs(30),
            attack_settle_after: Duration::from_secs(60),
            settle_sweep: Duration::from_secs(1),
        }
    }
}

impl common::settings::ServiceSettings for BattleSettings {
    fn from_env() -> anyhow::Result<Self> {
        Self::load(&ProcessEnv)
    }
}

impl BattleSettings {
    /// Reads `source` (a map in tests).
    pub fn load(source: &dyn Source) -> anyhow::Result<Self> {
        let env = Env(source);
        let pool_standard: usize = env.parse("BATTLE_POOL_STANDARD", 3)?;
        let pool_raids: usize = env.parse("BATTLE_POOL_RAIDS", 1)?;
        if pool_standard > 20 || pool_raids > 20 {
            bail!("BATTLE_POOL_STANDARD and BATTLE_POOL_RAIDS must be at most 20");
        }
        let resurrect_gems: i64 = env.parse("BATTLE_RESURRECT_GEMS", 50)?;
        if resurrect_gems < 1 {
            bail!("BATTLE_RESURRECT_GEMS must be positive");
        }
        Ok(BattleSettings {
            pool_interval: env
                .millis("BATTLE_POOL_INTERVAL_MS", 2000)?
                .max(Duration::from_millis(50)),
            pool_standard,
            pool_raids,
            keep_completed: env.parse("BATTLE_KEEP_COMPLETED", 10)?,
            trim_after: Duration::from_secs(env.parse("BATTLE_TRIM_AFTER_SECS", 3600)?),
            stats_cache: env.millis("BATTLE_STATS_CACHE_MS", 5000)?,
            raid_strike: env
                .millis("BATTLE_RAID_STRIKE_MS", 5000)?
                .max(Duration::from_millis(20)),
            strike_sweep: env
                .millis("BATTLE_STRIKE_SWEEP_MS", 500)?
                .max(Duration::from_millis(20)),
            revive_after: Duration::from_secs(env.parse("BATTLE_REVIVE_SECS", 900)?),
            resurrect_gems,
            gallery_retry: env
                .millis("BATTLE_GALLERY_RETRY_MS", 30_000)?
                .max(Duration::from_millis(50)),
            attack_settle_after: env.millis("BATTLE_ATTACK_SETTLE_AFTER_MS", 60_000)?,
            settle_sweep: env
                .millis("BATTLE_SETTLE_SWEEP_MS", 1000)?
                .max(Duration::from_millis(20)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::settings::env_map;

    #[test]
    fn defaults_load_and_the_gallery_retry_has_a_floor() {
        let s = BattleSettings::load(&env_map(&[])).unwrap();
        assert_eq!((s.pool_standard, s.pool_raids), (3, 1));
        assert_eq!(s.revive_after, Duration::from_secs(900));
        assert_eq!(s.gallery_retry, Duration::from_secs(30));
        let s = BattleSettings::load(&env_map(&[("BATTLE_GALLERY_RETRY_MS", "1")])).unwrap();
        assert_eq!(s.gallery_retry, Duration::from_millis(50));
        assert!(BattleSettings::load(&env_map(&[("BATTLE_POOL_RAIDS", "x")])).is_err());
    }
}
