//! What every handler and worker of a service can reach, built once per application.

use std::sync::Arc;
use std::time::Duration;

use actix_web::web;

use crate::auth::{Authenticator, JwtVerifier, Revocations, ServiceTokens};
use crate::clients::{AssetClient, InventoryClient};
use crate::events::Events;
use crate::http::{InternalClient, build_reqwest, init_crypto};
use crate::redis::Redis;
use crate::settings::Settings;
use crate::worker::Workers;

#[cfg(feature = "db")]
use crate::db::{self, DbPool};

/// What every handler can reach: settings, pools, publisher, token checks, internal client.
#[derive(Clone)]
pub struct AppContext {
    /// The service's settings.
    pub settings: Arc<Settings>,
    /// The database pool (`None` for the gateway).
    #[cfg(feature = "db")]
    pub db: Option<DbPool>,
    /// The Redis command pool.
    pub redis: Redis,
    /// The event publisher.
    pub events: Events,
    /// Access-token verification.
    pub auth: web::Data<Authenticator>,
    /// Service-token signer/verifier.
    pub service_tokens: ServiceTokens,
    /// Calls to other services.
    pub internal: InternalClient,
    /// Background tasks, stopped with the application.
    pub workers: Workers,
}

impl AppContext {
    /// Builds every shared part; nothing connects yet, so this works while dependencies are down.
    pub fn build(settings: Settings) -> anyhow::Result<Self> {
        init_crypto();
        #[cfg(feature = "db")]
        let db = settings
            .database
            .as_ref()
            .map(|db| db::build_pool(db, settings.service.as_str()))
            .transpose()?;
        let redis = Redis::new(&settings.redis)?;
        let events = Events::new(redis.clone(), &settings.redis);
        let service_tokens =
            ServiceTokens::new(settings.service.as_str(), &settings.internal_token_secret);
        let auth = web::Data::new(Authenticator {
            verifier: JwtVerifier::new(&settings.jwt, build_reqwest(Duration::from_secs(5))?),
            revocations: Revocations::new(redis.clone()),
        });
        let internal = InternalClient::new(&settings, service_tokens.clone())?;
        Ok(AppContext {
            settings: Arc::new(settings),
            #[cfg(feature = "db")]
            db,
            redis,
            events,
            auth,
            service_tokens,
            internal,
            workers: Workers::new(),
        })
    }

    /// A typed client for inventory's internal API.
    pub fn inventory(&self) -> InventoryClient {
        InventoryClient::new(self.internal.clone())
    }

    /// A typed client for the asset service's internal API.
    pub fn assets(&self) -> AssetClient {
        AssetClient::new(self.internal.clone())
    }

    /// The database pool; an error for a service that has none configured.
    #[cfg(feature = "db")]
    pub fn db_pool(&self) -> anyhow::Result<DbPool> {
        self.db.clone().ok_or_else(|| {
            anyhow::anyhow!("the {} service needs a database", self.settings.service)
        })
    }
}
