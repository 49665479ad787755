//! The nine services of the platform, their names and default ports.

use std::fmt;
use std::str::FromStr;

/// One service of the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ServiceName {
    /// The one door for clients: HTTP routing and the WebSocket hub.
    Gateway,
    /// Accounts, sessions, tokens, JWKS.
    Auth,
    /// Player progression, wallet and ledger, items, pets, shop.
    Inventory,
    /// Banners, pity, pulls.
    Gacha,
    /// Cooperative battles.
    Battle,
    /// Rooms, chat, the cafe space, co-op relay, the voting game.
    Room,
    /// Scores and ranks.
    Leaderboard,
    /// Generation jobs.
    Ai,
    /// Asset metadata, signed URLs, CDN.
    Asset,
}

impl ServiceName {
    /// Every service, in port order.
    pub const ALL: [ServiceName; 9] = [
        ServiceName::Gateway,
        ServiceName::Auth,
        ServiceName::Inventory,
        ServiceName::Gacha,
        ServiceName::Battle,
        ServiceName::Room,
        ServiceName::Leaderboard,
        ServiceName::Ai,
        ServiceName::Asset,
    ];

    /// Position in [`ServiceName::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The lowercase name used for binaries, databases and logs.
    pub const fn as_str(self) -> &'static str {
        match self {
            ServiceName::Gateway => "gateway",
            ServiceName::Auth => "auth",
            ServiceName::Inventory => "inventory",
            ServiceName::Gacha => "gacha",
            ServiceName::Battle => "battle",
            ServiceName::Room => "room",
            ServiceName::Leaderboard => "leaderboard",
            ServiceName::Ai => "ai",
            ServiceName::Asset => "asset",
        }
    }

    /// The port a service listens on when `BIND_ADDR` is not set.
    pub const fn default_port(self) -> u16 {
        match self {
            ServiceName::Gateway => 8080,
            ServiceName::Auth => 8081,
            ServiceName::Inventory => 8082,
            ServiceName::Gacha => 8083,
            ServiceName::Battle => 8084,
            ServiceName::Room => 8085,
            ServiceName::Leaderboard => 8086,
            ServiceName::Ai => 8087,
            ServiceName::Asset => 8088,
        }
    }

    /// The prefix of this service's environment variables, e.g. `AUTH` in `AUTH_URL`.
    pub const fn env_prefix(self) -> &'static str {
        match self {
            ServiceName::Gateway => "GATEWAY",
            ServiceName::Auth => "AUTH",
            ServiceName::Inventory => "INVENTORY",
            ServiceName::Gacha => "GACHA",
            ServiceName::Battle => "BATTLE",
            ServiceName::Room => "ROOM",
            ServiceName::Leaderboard => "LEADERBOARD",
            ServiceName::Ai => "AI",
            ServiceName::Asset => "ASSET",
        }
    }

    /// Whether the service owns a PostgreSQL database (all but the gateway).
    pub const fn has_database(self) -> bool {
        !matches!(self, ServiceName::Gateway)
    }
}

impl fmt::Display for ServiceName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The name is not one of the nine services.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownService(pub String);

impl fmt::Display for UnknownService {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown service `{}`", self.0)
    }
}

impl std::error::Error for UnknownService {}

impl FromStr for ServiceName {
    type Err = UnknownService;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ServiceName::ALL
            .into_iter()
            .find(|svc| svc.as_str() == s)
            .ok_or_else(|| UnknownService(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_ports_are_distinct() {
        let mut ports = std::collections::HashSet::new();
        for svc in ServiceName::ALL {
            assert_eq!(svc.as_str().parse::<ServiceName>(), Ok(svc));
            assert!(ports.insert(svc.default_port()));
        }
        assert!("nope".parse::<ServiceName>().is_err());
    }
}
