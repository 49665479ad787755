//! The JumpJumpJump seed's deployment keys (`X-API-Key`, configured by `JJJ_API_KEYS`): the
//! only credential its real client sends. A valid key on one of the seed's `/api` routes, with
//! no access token beside it, is forwarded with the gateway's assertion of the key's namespace
//! (`common::auth::key_identity`), which the owning service trusts instead of an account; the
//! key itself never leaves the gateway. Any client-sent assertion is stripped, always. A key
//! reaches nothing else: every other route refuses it.
//!
//! Also here: `GET /`, the JSON liveness the client's menu checks.

use actix_web::http::Method;
use actix_web::{HttpRequest, HttpResponse};
use common::Problem;
use common::auth::key_identity::{API_KEY_HEADER, KEY_IDENTITY_HEADER, KeyNamespace};
use common::auth::token_from_request;
use secrecy::ExposeSecret;
use subtle::ConstantTimeEq;

use crate::state::GatewayState;

/// What a seed route needs from a key caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedRoute {
    /// Reads and writes the caller's own saves and scores: the seed answered 403 without a key.
    Own,
    /// A public read the key narrows to its namespace (boards) or that anyone may make.
    Public,
}

/// The seed's own answer to a wrong or missing key (SEED_SPEC.md (a) "Auth").
pub const INVALID_KEY_DETAIL: &str = "Invalid or missing API key";

/// Whether `method path` is one of the JumpJumpJump client's `/api` routes, and which kind.
pub fn seed_route(method: &Method, path: &str) -> Option<SeedRoute> {
    let one_segment = |rest: Option<&str>| rest.is_some_and(|s| !s.is_empty() && !s.contains('/'));
    let get = method == Method::GET || method == Method::HEAD;
    match path {
        "/api/save_game" | "/api/scores" if method == Method::POST => Some(SeedRoute::Own),
        "/api/scores/leaderboard" | "/api/bosses" | "/api/rooms" if get => Some(SeedRoute::Public),
        _ if get && one_segment(path.strip_prefix("/api/load_game/")) => Some(SeedRoute::Own),
        _ if method == Method::DELETE && one_segment(path.strip_prefix("/api/save_game/")) => {
            Some(SeedRoute::Own)
        }
        _ if get
            && (one_segment(path.strip_prefix("/api/scores/rank/"))
                || one_segment(path.strip_prefix("/api/scores/player/"))) =>
        {
            Some(SeedRoute::Public)
        }
        _ => None,
    }
}

fn invalid_key() -> Problem {
    Problem::forbidden("invalid_api_key", INVALID_KEY_DETAIL)
}

/// The namespace of `presented` if it is one of the configured keys. Every configured key is
/// compared (in constant time, as HMACs of equal length), so the answer's timing says nothing
/// about which key or how much of one matched.
fn namespace_of(state: &GatewayState, presented: &[u8]) -> Option<KeyNamespace> {
    let secret = &state.ctx.settings.internal_token_secret;
    let presented = std::str::from_utf8(presented).ok()?;
    let mac = KeyNamespace::mac(secret, presented);
    let matched = state
        .settings
        .jjj_api_keys
        .iter()
        .map(|key| {
            KeyNamespace::mac(secret, key.expose_secret())
                .ct_eq(&mac)
                .unwrap_u8()
        })
        .fold(0u8, |any, m| any | m);
    (matched == 1).then(|| KeyNamespace::derive(secret, presented))
}

/// The assertion to forward with `req`, `None` to forward it without one, or the refusal:
/// 403 `invalid_api_key` for a wrong key on a seed route or no credential at all on a route of
/// the caller's own data (the seed's answer), 403 `api_key_not_allowed` for a key anywhere else.
/// Requests with an access token are the account's and are left alone; with `JJJ_API_KEYS`
/// empty the header means nothing.
pub fn assess(req: &HttpRequest, state: &GatewayState) -> Result<Option<String>, Problem> {
    if state.settings.jjj_api_keys.is_empty() || token_from_request(req).is_some() {
        return Ok(None);
    }
    let route = seed_route(req.method(), req.path());
    let presented = req.headers().get(API_KEY_HEADER);
    match (presented, route) {
        (None, Some(SeedRoute::Own)) => Err(invalid_key()),
        (None, _) => Ok(None),
        (Some(_), None) => Err(Problem::forbidden(
            "api_key_not_allowed",
            "an API key reaches only the JumpJumpJump routes; sign in for this one",
        )),
        (Some(key), Some(_)) => {
            let ns = namespace_of(state, key.as_bytes()).ok_or_else(invalid_key)?;
            let assertion = state
                .ctx
                .service_tokens
                .assert_key_identity(&ns)
                .map_err(Problem::internal)?;
            Ok(Some(assertion))
        }
    }
}

/// Removes what a client must not send upstream (its key, any assertion of its own) and sets
/// the gateway's assertion, if any.
pub fn apply(headers: &mut hyper::HeaderMap, assertion: Option<String>) {
    headers.remove(API_KEY_HEADER);
    headers.remove(KEY_IDENTITY_HEADER);
    if let Some(value) = assertion.and_then(|a| hyper::header::HeaderValue::from_str(&a).ok()) {
        headers.insert(KEY_IDENTITY_HEADER, value);
    }
}

/// `GET /`: the gateway is up (the JumpJumpJump menu's "server online" check wants any 2xx
/// JSON).
pub async fn liveness() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "status": "ok", "service": "gateway" }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_seeds_routes_take_a_key() {
        for (method, path, kind) in [
            (Method::GET, "/api/load_game/bob", SeedRoute::Own),
            (Method::POST, "/api/save_game", SeedRoute::Own),
            (Method::DELETE, "/api/save_game/bob", SeedRoute::Own),
            (Method::POST, "/api/scores", SeedRoute::Own),
            (Method::GET, "/api/scores/rank/10", SeedRoute::Public),
            (Method::GET, "/api/scores/leaderboard", SeedRoute::Public),
            (Method::GET, "/api/scores/player/bob", SeedRoute::Public),
            (Method::GET, "/api/bosses", SeedRoute::Public),
            (Method::GET, "/api/rooms", SeedRoute::Public),
        ] {
            assert_eq!(seed_route(&method, path), Some(kind), "{method} {path}");
        }
        for (method, path) in [
            (Method::GET, "/api/wallet"),
            (Method::GET, "/api/player/me"),
            (Method::GET, "/api/save_game"),
            (Method::POST, "/api/load_game/bob"),
            (Method::GET, "/api/load_game/"),
            (Method::GET, "/api/load_game/a/b"),
            (Method::GET, "/api/scores/me"),
            (Method::POST, "/api/rooms"),
            (Method::GET, "/api/rooms/ABC123"),
            (Method::GET, "/api/bosses/images/1"),
            (Method::DELETE, "/api/save_game"),
        ] {
            assert_eq!(seed_route(&method, path), None, "{method} {path}");
        }
    }
}
