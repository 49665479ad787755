//! The routing table (API.md "Routing table"): which service owns a public path.

use common::ServiceName;

/// How long an upstream may take to answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutClass {
    /// Ordinary API calls.
    Normal,
    /// Generation jobs and file transfers.
    Slow,
}

/// Where a path goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    /// The owning service.
    pub service: ServiceName,
    /// Its deadline class.
    pub timeout: TimeoutClass,
    /// Whether it is a credential endpoint (stricter rate limit).
    pub credential: bool,
    /// Whether it takes an asset upload's bytes (the larger body limit).
    pub upload: bool,
}

/// `/api/<segment>` owners. A path matches when its second segment is exactly one of these.
const API_SEGMENTS: &[(&str, ServiceName)] = &[
    ("auth", ServiceName::Auth),
    ("users", ServiceName::Auth),
    ("player", ServiceName::Inventory),
    ("inventory", ServiceName::Inventory),
    ("pets", ServiceName::Inventory),
    ("shop", ServiceName::Inventory),
    ("wallet", ServiceName::Inventory),
    ("save_game", ServiceName::Inventory),
    ("load_game", ServiceName::Inventory),
    ("gacha", ServiceName::Gacha),
    ("battles", ServiceName::Battle),
    ("bosses", ServiceName::Battle),
    ("rooms", ServiceName::Room),
    ("game", ServiceName::Room),
    ("scores", ServiceName::Leaderboard),
    ("leaderboards", ServiceName::Leaderboard),
    ("ai", ServiceName::Ai),
    ("assets", ServiceName::Asset),
];

/// Credential endpoints get the stricter per-IP limit.
const CREDENTIAL_PATHS: &[&str] = &[
    "/api/auth/login",
    "/api/auth/register",
    "/api/auth/guest",
    "/api/auth/refresh",
    "/api/auth/guest/upgrade",
    "/api/auth/password",
    "/api/auth/password/forgot",
    "/api/auth/password/reset",
    "/api/auth/verify-email",
    "/api/auth/verify-email/resend",
    "/api/v1/auth/register",
    "/api/v1/auth/token",
];

/// The cafe seed's `/api/v1/<segment>` owners (its WebSocket, `/api/v1/ws`, is the gateway's).
const V1_SEGMENTS: &[(&str, ServiceName)] = &[
    ("auth", ServiceName::Auth),
    ("rooms", ServiceName::Room),
    ("inventory", ServiceName::Inventory),
];

/// Why a path is refused before routing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteError {
    /// No service owns it (this includes every `/internal/*` path).
    Unknown,
    /// It has `.`/`..` segments or encoded slashes/dots that could escape the prefix upstream.
    Unsafe,
}

/// The owner of `path`, refusing anything that could be normalised into another prefix.
pub fn route(path: &str) -> Result<Route, RouteError> {
    if !is_safe(path) {
        return Err(RouteError::Unsafe);
    }
    let normal = |service| Route {
        service,
        timeout: TimeoutClass::Normal,
        credential: false,
        upload: false,
    };
    if path == "/.well-known/jwks.json" {
        return Ok(normal(ServiceName::Auth));
    }
    if path == "/cdn" || path.starts_with("/cdn/") {
        return Ok(Route {
            timeout: TimeoutClass::Slow,
            ..normal(ServiceName::Asset)
        });
    }
    let rest = path.strip_prefix("/api/").ok_or(RouteError::Unknown)?;
    let segment = rest.split('/').next().unwrap_or_default();
    if segment == "v1" {
        let v1 = rest.split('/').nth(1).unwrap_or_default();
        let service = V1_SEGMENTS
            .iter()
            .find(|(name, _)| *name == v1)
            .map(|(_, svc)| *svc)
            .ok_or(RouteError::Unknown)?;
        return Ok(Route {
            credential: CREDENTIAL_PATHS.contains(&path.trim_end_matches('/')),
            ..normal(service)
        });
    }
    let service = API_SEGMENTS
        .iter()
        .find(|(name, _)| *name == segment)
        .map(|(_, svc)| *svc)
        .ok_or(RouteError::Unknown)?;
    let timeout = if matches!(service, ServiceName::Ai | ServiceName::Asset) {
        TimeoutClass::Slow
    } else {
        TimeoutClass::Normal
    };
    Ok(Route {
        service,
        timeout,
        credential: CREDENTIAL_PATHS.contains(&path.trim_end_matches('/')),
        upload: service == ServiceName::Asset && rest.ends_with("/content"),
    })
}

/// No dot segments and no percent-encoded `.`, `/` or `\`, which an upstream might decode.
fn is_safe(path: &str) -> bool {
    if path.split('/').any(|seg| seg == "." || seg == "..") || path.contains('\\') {
        return false;
    }
    let lower = path.to_ascii_lowercase();
    !["%2e", "%2f", "%5c"].iter().any(|enc| lower.contains(enc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_prefix_of_the_contract_is_routed() {
        for (path, svc) in [
            ("/api/auth/login", ServiceName::Auth),
            ("/api/users/42", ServiceName::Auth),
            ("/.well-known/jwks.json", ServiceName::Auth),
            ("/api/player/me", ServiceName::Inventory),
            ("/api/wallet", ServiceName::Inventory),
            ("/api/save_game", ServiceName::Inventory),
            ("/api/load_game/bob", ServiceName::Inventory),
            ("/api/gacha/pull", ServiceName::Gacha),
            ("/api/bosses", ServiceName::Battle),
            ("/api/battles/available", ServiceName::Battle),
            ("/api/rooms", ServiceName::Room),
            ("/api/game/ABC123/start", ServiceName::Room),
            ("/api/scores/leaderboard", ServiceName::Leaderboard),
            ("/api/leaderboards", ServiceName::Leaderboard),
            ("/api/ai/jobs", ServiceName::Ai),
            ("/api/assets/upload", ServiceName::Asset),
            ("/cdn/a/1/x.png", ServiceName::Asset),
            ("/api/v1/auth/token", ServiceName::Auth),
            ("/api/v1/rooms/", ServiceName::Room),
            ("/api/v1/inventory/", ServiceName::Inventory),
        ] {
            assert_eq!(route(path).map(|r| r.service), Ok(svc), "{path}");
        }
    }

    #[test]
    fn internal_unknown_and_escaping_paths_are_refused() {
        assert_eq!(route("/internal/transactions"), Err(RouteError::Unknown));
        assert_eq!(route("/api/nothing"), Err(RouteError::Unknown));
        assert_eq!(route("/api/roomsX"), Err(RouteError::Unknown));
        assert_eq!(
            route("/api/rooms/../../internal/x"),
            Err(RouteError::Unsafe)
        );
        assert_eq!(route("/api/rooms/%2e%2e/internal"), Err(RouteError::Unsafe));
        assert_eq!(route("/api/rooms/a%2Fb"), Err(RouteError::Unsafe));
    }

    #[test]
    fn credential_paths_and_slow_routes_are_classified() {
        assert!(route("/api/auth/login").unwrap().credential);
        assert!(route("/api/auth/password/forgot").unwrap().credential);
        assert!(!route("/api/auth/me").unwrap().credential);
        assert!(route("/api/v1/auth/token").unwrap().credential);
        assert_eq!(route("/api/v1/nothing"), Err(RouteError::Unknown));
        assert!(route("/api/assets/3f2a/versions/1/content").unwrap().upload);
        assert!(!route("/api/assets/upload").unwrap().upload);
        assert!(!route("/api/rooms/AB/content").unwrap().upload);
        assert_eq!(route("/api/ai/jobs").unwrap().timeout, TimeoutClass::Slow);
        assert_eq!(route("/api/rooms").unwrap().timeout, TimeoutClass::Normal);
    }
}
