//! The gacha seed's deployment prefixes (`/auth`, `/gacha`, `/inventory`, `/ai`, `/asset`):
//! an explicit table from each path the seed served to the `/api/...` path that serves it
//! here, so a client written for the seed works unchanged while nothing else under those
//! prefixes is routed. The rewritten path then goes through the ordinary routing table, with
//! its safety checks, rate limits and deadlines.

use actix_web::http::{Method, StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use common::Problem;

use crate::proxy;
use crate::state::GatewayState;
use crate::upstream::{self, RouteError};

/// The literal first segments the table serves; the gateway registers exactly these.
pub const PREFIXES: &[&str] = &["auth", "gacha", "inventory", "ai", "asset"];

/// One seed path: the methods the seed answered on it, its pattern and ours. `{id}` stands for
/// one non-empty path segment and is carried over verbatim.
struct SeedPath {
    methods: &'static [Method],
    seed: &'static str,
    ours: &'static str,
}

const fn entry(methods: &'static [Method], seed: &'static str, ours: &'static str) -> SeedPath {
    SeedPath {
        methods,
        seed,
        ours,
    }
}

const GET: &[Method] = &[Method::GET];
const POST: &[Method] = &[Method::POST];
const GET_POST: &[Method] = &[Method::GET, Method::POST];
const GET_DELETE: &[Method] = &[Method::GET, Method::DELETE];

/// SEED_SPEC.md (c), one row per documented call. Literal rows come before a `{id}` row that
/// could also match them.
const TABLE: &[SeedPath] = &[
    entry(GET, "/auth/login", "/api/auth/login"),
    entry(GET, "/auth/callback", "/api/auth/callback"),
    entry(POST, "/auth/verify", "/api/auth/verify"),
    entry(POST, "/gacha/pull", "/api/gacha/pull"),
    entry(GET, "/gacha/rates", "/api/gacha/rates"),
    entry(GET, "/gacha/banner", "/api/gacha/banner"),
    entry(GET, "/inventory", "/api/inventory/"),
    entry(GET, "/inventory/{id}", "/api/inventory/{id}"),
    entry(
        POST,
        "/inventory/{id}/enhance",
        "/api/inventory/{id}/enhance",
    ),
    entry(GET_POST, "/ai/jobs", "/api/ai/jobs"),
    entry(GET, "/ai/jobs/{id}", "/api/ai/jobs/{id}"),
    entry(GET, "/ai/models", "/api/ai/models"),
    entry(GET, "/asset/assets", "/api/assets"),
    entry(POST, "/asset/assets/upload", "/api/assets/upload"),
    entry(GET_DELETE, "/asset/assets/{id}", "/api/assets/{id}"),
    entry(
        GET,
        "/asset/assets/{id}/versions",
        "/api/assets/{id}/versions",
    ),
];

/// Why a seed path is not forwarded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RewriteError {
    /// The seed had no such path.
    Unknown,
    /// The seed had the path, not the method; the methods it had.
    Method(Vec<Method>),
    /// Dot segments or encoded separators, refused as the routing table refuses them.
    Unsafe,
}

/// Our path for the seed's `method path` (no query), or why there is none.
pub fn rewrite(method: &Method, path: &str) -> Result<String, RewriteError> {
    // Only the routing table's safety verdict matters here (no seed path is in its table);
    // the rewritten path is checked again when it is forwarded.
    if upstream::route(path) == Err(RouteError::Unsafe) {
        return Err(RewriteError::Unsafe);
    }
    // FastAPI answered `/pull/` by redirecting to `/pull`; here it is simply the same path.
    let path = match path.strip_suffix('/') {
        Some(trimmed) if !trimmed.is_empty() => trimmed,
        _ => path,
    };
    let mut allowed = Vec::new();
    for row in TABLE {
        let Some(id) = matches(row.seed, path) else {
            continue;
        };
        if !row.methods.contains(method) {
            allowed.extend_from_slice(row.methods);
            continue;
        }
        let ours = match id {
            Some(id) => row.ours.replace("{id}", id),
            None => row.ours.to_owned(),
        };
        return Ok(ours);
    }
    if allowed.is_empty() {
        Err(RewriteError::Unknown)
    } else {
        Err(RewriteError::Method(allowed))
    }
}

/// `Some(captured id)` when `path` fits `pattern` (`Some(None)` for a pattern without `{id}`).
fn matches<'p>(pattern: &str, path: &'p str) -> Option<Option<&'p str>> {
    let mut id = None;
    let mut want = pattern.split('/');
    let mut got = path.split('/');
    loop {
        match (want.next(), got.next()) {
            (None, None) => return Some(id),
            (Some("{id}"), Some(seg)) if !seg.is_empty() => id = Some(seg),
            (Some(w), Some(g)) if w == g => {}
            _ => return None,
        }
    }
}

/// Forwards a seed path to the service that serves it under `/api`, query string unchanged.
pub async fn forward(
    req: HttpRequest,
    payload: web::Payload,
    state: web::Data<GatewayState>,
) -> Result<HttpResponse, Problem> {
    let ours = match rewrite(req.method(), req.path()) {
        Ok(ours) => ours,
        Err(RewriteError::Unknown) => {
            return Err(Problem::not_found(
                "not_found",
                format!("no route for {}", req.path()),
            ));
        }
        Err(RewriteError::Unsafe) => {
            return Err(Problem::bad_request(
                "invalid_path",
                "paths may not contain dot segments or encoded separators",
            ));
        }
        Err(RewriteError::Method(allowed)) => {
            let list = allowed
                .iter()
                .map(Method::as_str)
                .collect::<Vec<_>>()
                .join(", ");
            let mut res = Problem::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed")
                .detail(format!("{} answers only {list}", req.path()))
                .error_response();
            if let Ok(value) = header::HeaderValue::from_str(&list) {
                res.headers_mut().insert(header::ALLOW, value);
            }
            return Ok(res);
        }
    };
    let target = match req.uri().query() {
        Some(query) => format!("{ours}?{query}"),
        None => ours,
    };
    proxy::forward_to(&req, payload, state, &target).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(method: Method, path: &str) -> String {
        rewrite(&method, path).unwrap_or_else(|e| panic!("{method} {path}: {e:?}"))
    }

    #[test]
    fn every_call_of_the_seed_maps_to_our_path() {
        let id = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
        for (method, seed, ours) in [
            (
                Method::GET,
                "/auth/login".to_owned(),
                "/api/auth/login".to_owned(),
            ),
            (
                Method::GET,
                "/auth/callback".into(),
                "/api/auth/callback".into(),
            ),
            (
                Method::POST,
                "/auth/verify".into(),
                "/api/auth/verify".into(),
            ),
            (Method::POST, "/gacha/pull".into(), "/api/gacha/pull".into()),
            (
                Method::GET,
                "/gacha/rates".into(),
                "/api/gacha/rates".into(),
            ),
            (
                Method::GET,
                "/gacha/banner".into(),
                "/api/gacha/banner".into(),
            ),
            (Method::GET, "/inventory".into(), "/api/inventory/".into()),
            (Method::GET, "/inventory/".into(), "/api/inventory/".into()),
            (
                Method::GET,
                format!("/inventory/{id}"),
                format!("/api/inventory/{id}"),
            ),
            (
                Method::POST,
                format!("/inventory/{id}/enhance"),
                format!("/api/inventory/{id}/enhance"),
            ),
            (Method::POST, "/ai/jobs".into(), "/api/ai/jobs".into()),
            (Method::GET, "/ai/jobs".into(), "/api/ai/jobs".into()),
            (
                Method::GET,
                format!("/ai/jobs/{id}"),
                format!("/api/ai/jobs/{id}"),
            ),
            (Method::GET, "/ai/models".into(), "/api/ai/models".into()),
            (Method::GET, "/asset/assets".into(), "/api/assets".into()),
            (
                Method::POST,
                "/asset/assets/upload".into(),
                "/api/assets/upload".into(),
            ),
            (
                Method::GET,
                format!("/asset/assets/{id}"),
                format!("/api/assets/{id}"),
            ),
            (
                Method::DELETE,
                format!("/asset/assets/{id}"),
                format!("/api/assets/{id}"),
            ),
            (
                Method::GET,
                format!("/asset/assets/{id}/versions"),
                format!("/api/assets/{id}/versions"),
            ),
        ] {
            assert_eq!(ok(method, &seed), ours, "{seed}");
        }
    }

    #[test]
    fn every_rewrite_lands_on_a_routed_prefix_of_its_service() {
        use common::ServiceName;
        for (path, svc) in [
            ("/gacha/pull", ServiceName::Gacha),
            ("/auth/verify", ServiceName::Auth),
            ("/inventory", ServiceName::Inventory),
            ("/ai/models", ServiceName::Ai),
            ("/asset/assets", ServiceName::Asset),
        ] {
            let method = if path.ends_with("pull") || path.ends_with("verify") {
                Method::POST
            } else {
                Method::GET
            };
            let ours = ok(method, path);
            assert_eq!(upstream::route(&ours).map(|r| r.service), Ok(svc), "{path}");
        }
    }

    #[test]
    fn paths_the_seed_did_not_have_are_unknown() {
        for path in [
            "/gacha",
            "/gacha/history",
            "/gacha/admin/banners",
            "/auth/register",
            "/auth/logout",
            "/inventory/a/b",
            "/inventory//enhance",
            "/inventoryx",
            "/ai/jobs/1/cancel",
            "/asset",
            "/asset/cdn/x",
            "/internal/transactions",
            "/auth/../internal/x/y",
        ] {
            let got = rewrite(&Method::GET, path);
            assert!(
                matches!(got, Err(RewriteError::Unknown | RewriteError::Unsafe)),
                "{path}: {got:?}"
            );
        }
    }

    #[test]
    fn a_known_path_with_another_method_names_the_allowed_ones() {
        assert_eq!(
            rewrite(&Method::GET, "/gacha/pull"),
            Err(RewriteError::Method(vec![Method::POST]))
        );
        assert_eq!(
            rewrite(&Method::PUT, "/asset/assets/abc"),
            Err(RewriteError::Method(vec![Method::GET, Method::DELETE]))
        );
        assert_eq!(
            rewrite(&Method::DELETE, "/inventory/abc"),
            Err(RewriteError::Method(vec![Method::GET]))
        );
    }

    #[test]
    fn dot_segments_and_encoded_separators_are_refused() {
        for path in [
            "/inventory/..",
            "/inventory/../internal/transactions",
            "/ai/jobs/%2e%2e",
            "/asset/assets/a%2Fb",
            "/inventory/a%5cb/enhance",
            "/inventory/.",
        ] {
            assert_eq!(
                rewrite(&Method::GET, path),
                Err(RewriteError::Unsafe),
                "{path}"
            );
        }
    }

    #[test]
    fn the_id_segment_is_carried_over_verbatim() {
        assert_eq!(ok(Method::GET, "/ai/jobs/job_001"), "/api/ai/jobs/job_001");
        assert_eq!(
            ok(Method::GET, "/asset/assets/char_001/"),
            "/api/assets/char_001"
        );
    }
}
