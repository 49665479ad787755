//! The inventory service's own settings, beside the common ones.
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `INVENTORY_STARTING_GOLD` | `1000` | gold of a new profile (the seed's default) |
//! | `INVENTORY_STARTING_GEMS` | `0` | gems of a new profile |
//! | `INVENTORY_STARTING_STAMINA` | `100` | stamina of a new profile (cap 100) |
//! | `INVENTORY_STAMINA_REGEN_SECS` | `10` | seconds per stamina regeneration step (10% of the cap) |
//! | `INVENTORY_FETCH_USERNAMES` | `true` | ask auth's `GET /api/users/{id}` for a new profile's username |
//! | `INVENTORY_SEED_CATALOG` | `true` | insert the built-in catalog's missing entries at start-up |

use anyhow::bail;
use common::settings::{Env, ProcessEnv, ServiceSettings, Source};

/// Settings read once at start-up.
#[derive(Debug, Clone)]
pub struct InventorySettings {
    /// Gold of a new profile.
    pub starting_gold: i64,
    /// Gems of a new profile.
    pub starting_gems: i64,
    /// Stamina of a new profile.
    pub starting_stamina: i32,
    /// Seconds per stamina regeneration step.
    pub stamina_regen_secs: i64,
    /// Whether new profiles take their username from auth.
    pub fetch_usernames: bool,
    /// Whether start-up inserts the built-in catalog's missing entries.
    pub seed_catalog: bool,
}

impl ServiceSettings for InventorySettings {
    fn from_env() -> anyhow::Result<Self> {
        Self::load(&ProcessEnv)
    }
}

impl InventorySettings {
    /// Reads `source` (a map in tests).
    pub fn load(source: &dyn Source) -> anyhow::Result<Self> {
        let env = Env(source);
        let settings = InventorySettings {
            starting_gold: env.parse("INVENTORY_STARTING_GOLD", 1000i64)?,
            starting_gems: env.parse("INVENTORY_STARTING_GEMS", 0i64)?,
            starting_stamina: env.parse("INVENTORY_STARTING_STAMINA", 100i32)?,
            stamina_regen_secs: env.parse("INVENTORY_STAMINA_REGEN_SECS", 10i64)?,
            fetch_usernames: env.parse("INVENTORY_FETCH_USERNAMES", true)?,
            seed_catalog: env.parse("INVENTORY_SEED_CATALOG", true)?,
        };
        if settings.starting_gold < 0 || settings.starting_gems < 0 {
            bail!("INVENTORY_STARTING_GOLD and INVENTORY_STARTING_GEMS must not be negative");
        }
        if !(0..=100).contains(&settings.starting_stamina) {
            bail!("INVENTORY_STARTING_STAMINA must be 0-100");
        }
        if settings.stamina_regen_secs < 1 {
            bail!("INVENTORY_STAMINA_REGEN_SECS must be at least 1");
        }
        Ok(settings)
    }
}

impl Default for InventorySettings {
    fn default() -> Self {
        InventorySettings {
            starting_gold: 1000,
            starting_gems: 0,
            starting_stamina: 100,
            stamina_regen_secs: 10,
            fetch_usernames: true,
            seed_catalog: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::settings::env_map;

    #[test]
    fn defaults_are_the_seeds_and_bad_values_are_refused() {
        let s = InventorySettings::load(&env_map(&[])).unwrap();
        assert_eq!((s.starting_gold, s.starting_gems), (1000, 0));
        assert!(InventorySettings::load(&env_map(&[("INVENTORY_STARTING_GOLD", "-1")])).is_err());
        assert!(
            InventorySettings::load(&env_map(&[("INVENTORY_STAMINA_REGEN_SECS", "0")])).is_err()
        );
    }
}
