//! The proxy's upstream client: hyper's pooled HTTP/1.1 client, one per worker thread.
//!
//! Internal calls use reqwest, but it costs a proxy too much for what it adds here: it parses
//! every request's URL three times (redirect policy, cookie layer, the request itself, about
//! 14% of the gateway's instructions per proxied request under callgrind) and runs each request
//! through its tower layers. The proxy needs none of that: an upstream's scheme and authority
//! are fixed at start, and the path and query come from the client as they are.

use std::time::Duration;

use actix_web::web::Bytes;
use anyhow::{Context, bail};
use common::ServiceName;
use common::http::PerThread;
use common::settings::Settings;
use http_body_util::combinators::UnsyncBoxBody;
use hyper::Uri;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};

/// A request body on its way upstream.
pub type UpstreamBody = UnsyncBoxBody<Bytes, std::io::Error>;

/// A pooled client for upstream requests.
pub type Upstream = Client<HttpConnector, UpstreamBody>;

/// How long connecting to an upstream may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// Idle connections kept per upstream and thread: one per request in flight at the peak.
const MAX_IDLE_PER_HOST: usize = 512;
/// An idle connection is closed after this long.
const IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// Upstream clients, one per worker thread (see [`PerThread`]), and where each service is
/// reached.
pub struct ProxyClients {
    clients: PerThread<Upstream>,
    /// `http://host:port` per service, by [`ServiceName::index`].
    origins: Vec<String>,
}

impl ProxyClients {
    /// Clients for the peers in `settings`, which must be plain `http` URLs: services are
    /// reached inside the deployment, where TLS, if any, is a mesh's business.
    pub fn new(settings: &Settings) -> anyhow::Result<Self> {
        let origins = ServiceName::ALL
            .iter()
            .map(|&service| origin(settings, service))
            .collect::<anyhow::Result<_>>()?;
        Ok(ProxyClients {
            clients: PerThread::new(build),
            origins,
        })
    }

    /// The calling thread's client (a cheap handle to its pool).
    pub fn get(&self) -> Upstream {
        self.clients.get()
    }

    /// The upstream URI of `path_and_query` on `service`.
    pub fn uri(
        &self,
        service: ServiceName,
        path_and_query: &str,
    ) -> Result<Uri, hyper::http::Error> {
        let origin = self.origins.get(service.index()).map_or("", String::as_str);
        let mut uri = String::with_capacity(origin.len() + path_and_query.len());
        uri.push_str(origin);
        uri.push_str(path_and_query);
        Ok(Uri::try_from(uri)?)
    }
}

/// `http://host:port` of `service`'s configured URL.
fn origin(settings: &Settings, service: ServiceName) -> anyhow::Result<String> {
    let url = settings.peer(service);
    if url.scheme() != "http" {
        bail!(
            "{}_URL must be an http:// URL: the gateway proxies to services over plain HTTP",
            service.env_prefix()
        );
    }
    let host = url
        .host_str()
        .with_context(|| format!("{}_URL has no host", service.env_prefix()))?;
    let port = url.port_or_known_default().unwrap_or(80);
    // An IPv6 host comes bracketed from `host_str`, as an authority needs it.
    Ok(format!("http://{host}:{port}"))
}

fn build() -> Upstream {
    let mut connector = HttpConnector::new();
    connector.set_connect_timeout(Some(CONNECT_TIMEOUT));
    connector.set_nodelay(true);
    Client::builder(TokioExecutor::new())
        .pool_timer(TokioTimer::new())
        .pool_max_idle_per_host(MAX_IDLE_PER_HOST)
        .pool_idle_timeout(IDLE_TIMEOUT)
        .build(connector)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &str)]) -> Settings {
        Settings::load(ServiceName::Gateway, &common::settings::env_map(pairs))
            .unwrap_or_else(|e| panic!("settings: {e:#}"))
    }

    #[test]
    fn uris_keep_the_clients_path_and_query_on_the_peers_origin() {
        let clients = ProxyClients::new(&settings(&[(
            "LEADERBOARD_URL",
            "http://scores.internal:9000/ignored/path",
        )]))
        .unwrap_or_else(|e| panic!("{e:#}"));
        let uri = clients
            .uri(
                ServiceName::Leaderboard,
                "/api/scores/leaderboard?limit=10&x=%20",
            )
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            uri.to_string(),
            "http://scores.internal:9000/api/scores/leaderboard?limit=10&x=%20"
        );
        let default_port = ProxyClients::new(&settings(&[("AUTH_URL", "http://[::1]")]))
            .unwrap_or_else(|e| panic!("{e:#}"));
        assert_eq!(
            default_port
                .uri(ServiceName::Auth, "/x")
                .unwrap_or_else(|e| panic!("{e}"))
                .to_string(),
            "http://[::1]:80/x"
        );
    }

    #[test]
    fn https_peers_are_refused_at_start() {
        let err = ProxyClients::new(&settings(&[("ASSET_URL", "https://asset:8088")]))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("ASSET_URL"), "{err}");
    }
}
