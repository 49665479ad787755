//! The one server that takes over HTTP/1 upgrades (the gateway's WebSockets) before routing.
//!
//! `HttpServer` cannot take an upgrade handler, so this builds what `HttpServer::listen` builds
//! from actix-http's public parts, plus the handler. The only non-public piece is actix-web's
//! `AppConfig` constructor, confined to [`app_config`] and pinned by a test to the actix-web
//! version it was checked against.

use std::net::{SocketAddr, TcpListener};
use std::time::Duration;

use actix_http::{HttpService, KeepAlive};
use actix_service::{IntoServiceFactory, fn_service, map_config};
use actix_web::App;
use actix_web::body::BoxBody;
use actix_web::dev::{AppConfig, Server, ServiceFactory, ServiceRequest, ServiceResponse};
use contracts::ServiceName;

use super::def::{UpgradeHandler, Upgraded};
use crate::settings::HttpSettings;

/// Serves `app` on `listener` and hands upgrade requests to `handler`, with the same timeouts
/// and socket options as every other service.
pub(super) fn serve<F, T>(
    name: ServiceName,
    listener: TcpListener,
    http: &HttpSettings,
    handler: UpgradeHandler,
    app: F,
) -> anyhow::Result<Server>
where
    F: Fn() -> App<T> + Send + Clone + 'static,
    T: ServiceFactory<
            ServiceRequest,
            Config = (),
            Response = ServiceResponse<BoxBody>,
            Error = actix_web::Error,
            InitError = (),
        > + 'static,
{
    let addr = listener.local_addr()?;
    let builder = actix_server::Server::build();
    let shutdown = builder.graceful_shutdown_signal();
    let host = addr.to_string();
    Ok(builder
        .workers(http.workers)
        .shutdown_timeout(http.shutdown_timeout.as_secs())
        .listen(format!("{name}-http"), listener, move || {
            let shutdown = shutdown.clone();
            let host = host.clone();
            let handler = handler.clone();
            let upgrade = fn_service(move |upgraded: Upgraded| {
                let done = handler(upgraded);
                async move {
                    done.await;
                    Ok::<_, actix_web::Error>(())
                }
            });
            HttpService::build()
                // Lets keep-alive connections close promptly on SIGTERM/SIGINT.
                .graceful_shutdown_signal(move || {
                    let shutdown = shutdown.clone();
                    async move { shutdown.notified().await }
                })
                .keep_alive(KeepAlive::Timeout(super::application::KEEP_ALIVE))
                .client_request_timeout(Duration::from_secs(5))
                .client_disconnect_timeout(Duration::from_secs(1))
                .h1_allow_half_closed(true)
                .local_addr(addr)
                // Small frames (WebSocket events, API answers) must not wait for the peer's
                // delayed ACK: with Nagle on, relays at 60 Hz took 17 ms at the median.
                .tcp_nodelay(true)
                .finish(map_config(app().into_factory(), move |()| {
                    app_config(host.clone(), addr)
                }))
                .upgrade(Some(upgrade))
                .tcp()
        })?
        .run())
}

/// What `HttpServer::listen` passes to the app: plain HTTP, the bound address as host.
/// actix-web keeps this constructor semver-exempt (`__priv_test_new`); this is its only use.
fn app_config(host: String, addr: SocketAddr) -> AppConfig {
    AppConfig::__priv_test_new(false, host, addr)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The actix-web release `app_config` was compared against (its `HttpServer::listen`).
    const CHECKED_ACTIX_WEB: &str = "4.18.";

    #[test]
    fn the_private_app_config_is_what_http_server_passes() {
        let addr: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        let cfg = app_config(addr.to_string(), addr);
        assert!(!cfg.secure());
        assert_eq!(cfg.host(), "127.0.0.1:8080");
        assert_eq!(cfg.local_addr(), addr);
    }

    #[test]
    fn actix_web_is_the_release_the_upgrade_server_was_checked_against() {
        let lock = include_str!("../../../../Cargo.lock");
        let version = lock
            .split("[[package]]")
            .find(|p| p.contains("name = \"actix-web\"\n"))
            .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
            .unwrap_or_default();
        assert!(
            version.starts_with(CHECKED_ACTIX_WEB),
            "actix-web is now {version}: compare `HttpServer::listen` of that release with \
             server/upgrade.rs (AppConfig::__priv_test_new and the HttpService options), then \
             update CHECKED_ACTIX_WEB"
        );
    }
}
