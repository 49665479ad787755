//! Spawning gateways in front of real upstream services.

use std::collections::BTreeMap;
use std::io::{Read, Write};

use actix_web::{HttpRequest, HttpResponse, web};
use common::{ServiceDef, ServiceName};
use gateway::settings::GatewaySettings;
use testkit::{TestApp, spawn_app_with};

/// Gateway settings from `pairs` over the defaults.
pub fn gateway_settings(pairs: &[(&str, &str)]) -> GatewaySettings {
    GatewaySettings::load(&common::settings::env_map(pairs)).unwrap()
}

async fn echo(req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let headers: BTreeMap<String, String> = req
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or_default().to_owned()))
        .collect();
    HttpResponse::Ok()
        .insert_header(("set-cookie", "seen=1; HttpOnly"))
        .json(serde_json::json!({
            "method": req.method().as_str(),
            "path": req.path(),
            "query": req.query_string(),
            "headers": headers,
            "body": String::from_utf8_lossy(&body),
        }))
}

/// A real service (room) whose `/api/rooms/*` and `/internal/*` echo the request back.
pub fn echo_service() -> ServiceDef {
    ServiceDef::new(ServiceName::Room, "echo").routes(|cfg, _| {
        cfg.route("/api/rooms/{tail:.*}", web::route().to(echo))
            .route("/api/rooms", web::route().to(echo))
            .route("/internal/{tail:.*}", web::route().to(echo));
    })
}

/// A gateway whose peers are all `upstream` (a base URL), with gateway settings `pairs`.
pub async fn gateway_to(upstream: &str, pairs: &[(&str, &str)]) -> TestApp {
    let upstream = url::Url::parse(upstream).unwrap();
    spawn_app_with(gateway::service(Some(gateway_settings(pairs))), |s| {
        for peer in &mut s.peers {
            *peer = upstream.clone();
        }
    })
    .await
}

/// Sends a raw HTTP/1.1 request line (clients would normalise `..` away) and returns the
/// status code.
pub fn raw_status(port: u16, target: &str) -> u16 {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response.split(' ').nth(1).unwrap().parse().unwrap()
}

pub use testkit::ws::{Socket, next_close};
