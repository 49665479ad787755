//! Faulty links between the stack's services and their dependencies: with
//! [`crate::StackOptions::faulty_links`], every service reaches PostgreSQL and Redis through a
//! [`FaultyLink`] of its own, so a test can cut one service's database or Redis and restore it.

use std::net::{SocketAddr, ToSocketAddrs};

use common::settings::Settings;
use secrecy::{ExposeSecret, SecretString};
use testkit::faults::{FaultyLink, LinkMode};
use url::Url;

/// One service's links to PostgreSQL (none for the gateway, which owns no database) and Redis.
pub struct DependencyLinks {
    /// In front of the service's PostgreSQL (its pool and any dedicated connection).
    pub postgres: Option<FaultyLink>,
    /// In front of the service's Redis (pool, subscribers, workers).
    pub redis: FaultyLink,
}

impl DependencyLinks {
    /// Links to the test PostgreSQL and Redis (`TEST_DATABASE_URL`, `TEST_REDIS_URL`).
    pub(crate) async fn start(with_postgres: bool) -> DependencyLinks {
        let postgres = if with_postgres {
            Some(FaultyLink::start(upstream(&testkit::postgres_base_url())).await)
        } else {
            None
        };
        let redis = FaultyLink::start(upstream(&testkit::redis_url())).await;
        DependencyLinks { postgres, redis }
    }

    /// Points `settings`' database and Redis URLs at the links, keeping everything else of them.
    pub(crate) fn rewire(&self, settings: &mut Settings) {
        if let (Some(link), Some(db)) = (&self.postgres, settings.database.as_mut()) {
            db.url = through(&db.url, link.addr());
        }
        settings.redis.url = through(&settings.redis.url, self.redis.addr());
    }

    /// Switches both links (an outage of everything the service stands on, or its end).
    pub fn set_all(&self, mode: LinkMode) {
        if let Some(pg) = &self.postgres {
            pg.set(mode);
        }
        self.redis.set(mode);
    }
}

fn upstream(url: &str) -> SocketAddr {
    let url = Url::parse(url).unwrap_or_else(|e| panic!("{url}: {e}"));
    let host = url.host_str().unwrap_or("127.0.0.1");
    let port = url.port_or_known_default().unwrap_or(match url.scheme() {
        "redis" => 6379,
        _ => 5432,
    });
    (host, port)
        .to_socket_addrs()
        .ok()
        .and_then(|mut addrs| addrs.next())
        .unwrap_or_else(|| panic!("cannot resolve {host}:{port}"))
}

fn through(url: &SecretString, link: SocketAddr) -> SecretString {
    let mut url = Url::parse(url.expose_secret()).unwrap_or_else(|e| panic!("dependency URL: {e}"));
    url.set_host(Some(&link.ip().to_string()))
        .unwrap_or_else(|e| panic!("link host: {e}"));
    url.set_port(Some(link.port()))
        .unwrap_or_else(|()| panic!("link port on {url}"));
    SecretString::from(url.to_string())
}
