//! API9:2023 Improper Inventory Management: the OpenAPI documents are the inventory. Every
//! route a service registers in its source (`#[get("...")]` and friends) is in its live spec;
//! nothing is registered outside utoipa except the shared bootstrap's and the gateway's own
//! routes, listed here; every documented operation is routed by the gateway to a handler; and
//! undocumented paths a scanner tries (old versions, debug, admin, dotfiles) are 404.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use reqwest::{Method, StatusCode};
use seed_clients::{Stack, StackOptions};

use crate::support::{Api, empty_body, lean, placeholder, public_operations, specs};

/// Routes registered without utoipa, by design: the bootstrap's and the gateway's own.
const UNDOCUMENTED_BY_DESIGN: &[&str] = &[
    // common::server: metrics, the spec itself and Swagger UI.
    "/metrics",
    "/openapi.json",
    "/docs",
    // gateway: proxy catch-alls, WebSocket entry points, the docs portal, seeds' prefixes and
    // the demo client.
    "/api/v1/ws",
    "/ws",
    "/.well-known/jwks.json",
    "/openapi/{service}",
    "/ws/room/{room_id}",
    "/ws/battle/{battle_id}",
    "/cdn/{tail:.*}",
    "/play",
    "/play/{tail:.*}",
    "/",
];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The first string literal after each occurrence of `marker` in `text`.
fn literals_after<'a>(text: &'a str, marker: &str) -> Vec<&'a str> {
    text.match_indices(marker)
        .filter_map(|(i, _)| {
            let rest = &text[i + marker.len()..];
            let start = rest.find('"')?;
            // Only a literal that opens the call: `.route(&format!(...))` is not one.
            if !rest[..start].trim().is_empty() {
                return None;
            }
            let rest = &rest[start + 1..];
            Some(&rest[..rest.find('"')?])
        })
        .collect()
}

/// A route pattern as the spec writes it (`{tail:.*}` stays, other regexes go).
fn normal(pattern: &str) -> String {
    pattern.to_owned()
}

async fn every_registered_route_is_documented_and_every_documented_route_is_served(stack: &Stack) {
    let api = Api::new(stack);
    let specs = specs(stack).await;
    let documented: BTreeMap<&str, BTreeSet<String>> = specs
        .iter()
        .map(|(service, spec)| {
            let paths = spec["paths"].as_object().unwrap().keys().cloned().collect();
            (*service, paths)
        })
        .collect();

    // The source: route macros must be in their service's spec; hand-registered routes must
    // be the known ones.
    let mut macros = 0;
    for service in std::fs::read_dir(workspace().join("services"))
        .unwrap()
        .flatten()
    {
        let name = service.file_name().to_string_lossy().into_owned();
        let mut files = Vec::new();
        rust_files(&service.path().join("src"), &mut files);
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for verb in ["get", "post", "put", "patch", "delete", "head", "route"] {
                for path in literals_after(&text, &format!("#[{verb}(")) {
                    macros += 1;
                    let known = documented
                        .get(name.as_str())
                        .is_some_and(|d| d.contains(&normal(path)));
                    assert!(
                        known,
                        "{}: {verb} {path} is registered but not in {name}'s OpenAPI",
                        file.display()
                    );
                }
            }
            for marker in [".route(", "web::resource(", "web::scope("] {
                for path in literals_after(&text, marker) {
                    assert!(
                        UNDOCUMENTED_BY_DESIGN.contains(&path)
                            || path == "/api"
                            || path.starts_with("/socket.io"),
                        "{}: {path} is registered by hand, outside the OpenAPI",
                        file.display()
                    );
                }
            }
        }
    }
    assert!(
        macros >= 100,
        "only {macros} route macros found: is the scan broken?"
    );

    // The gateway routes every documented operation to a handler, not to its own 404/405.
    let me = stack.register(&api.http).await;
    for op in public_operations(stack).await {
        let path = op.concrete(placeholder);
        let (status, body) = api
            .call(op.method.clone(), &path, Some(&me.token), empty_body(&op))
            .await;
        let unrouted = status == StatusCode::METHOD_NOT_ALLOWED
            || (status == StatusCode::NOT_FOUND
                && body["detail"]
                    .as_str()
                    .is_some_and(|d| d.starts_with("no route for")));
        assert!(
            !unrouted,
            "{} ({}) is documented but not served through the gateway: {status} {body}",
            op.key(),
            op.service
        );
    }
}

async fn undocumented_paths_a_scanner_tries_are_not_found(stack: &Stack) {
    let api = Api::new(stack);
    let admin = stack.admin().await;
    for path in [
        "/api/v2/auth/me",
        "/api/v0/rooms",
        "/api/debug",
        "/api/admin",
        "/api/admin/users",
        "/api/auth/users",
        "/api/auth/admin/users",
        "/api/users",
        "/api/inventory/admin/items",
        "/api/internal/transactions",
        "/api/metrics",
        "/api/openapi.json",
        "/api/graphql",
        "/api/healthz/../../internal/transactions",
        "/.env",
        "/.git/config",
        "/server-status",
        "/actuator/health",
        "/api/auth/me.json",
        "/api/wallet/admin/grants",
    ] {
        for method in [Method::GET, Method::POST] {
            let (status, body) = api
                .call(
                    method.clone(),
                    path,
                    Some(&admin.token),
                    Some(serde_json::json!({})),
                )
                .await;
            assert!(
                matches!(
                    status,
                    StatusCode::NOT_FOUND
                        | StatusCode::METHOD_NOT_ALLOWED
                        | StatusCode::BAD_REQUEST
                ),
                "{method} {path} answered {status}: {body}"
            );
        }
    }
}

/// One stack for the checks above.
#[tokio::test]
async fn the_inventory_is_the_openapi() {
    let stack = Stack::spawn_with(lean(StackOptions::default())).await;
    every_registered_route_is_documented_and_every_documented_route_is_served(&stack).await;
    undocumented_paths_a_scanner_tries_are_not_found(&stack).await;
}
