//! What every asset handler shares, built once per application.

use std::sync::Arc;

use anyhow::Context;
use common::db::{DbConn, DbPool};
use common::events::Events;
use common::server::AppContext;
use secrecy::ExposeSecret;

use crate::domain::UrlSigner;
use crate::error::AssetError;
use crate::settings::{AssetSettings, StorageSettings};
use crate::storage::{LocalStore, S3Store, Storage};

/// The asset service's state (cheap to clone: pools and `Arc`s).
#[derive(Clone)]
pub struct AppState {
    /// The asset database.
    pub db: DbPool,
    /// Where the bytes live.
    pub storage: Arc<dyn Storage>,
    /// Signs and checks this service's own URLs.
    pub signer: UrlSigner,
    /// The event publisher.
    pub events: Events,
    /// Relays `asset_ready`, enqueued with the version that completes.
    pub outbox: common::outbox::Outbox,
    /// The asset settings.
    pub settings: Arc<AssetSettings>,
}

impl AppState {
    /// Builds the state and the configured storage backend (creating the S3 bucket if missing).
    pub async fn build(ctx: &AppContext, settings: Arc<AssetSettings>) -> anyhow::Result<Self> {
        let db = ctx
            .db
            .clone()
            .context("the asset service needs a database")?;
        let signer = UrlSigner::new(settings.signing_secret.expose_secret().as_bytes())
            .context("building the URL signer")?;
        let storage: Arc<dyn Storage> = match &settings.storage {
            StorageSettings::Local { dir } => Arc::new(LocalStore::new(
                dir.clone(),
                &settings.public_url,
                signer.clone(),
            )?),
            StorageSettings::S3(s3) => {
                let store = S3Store::new(s3)?;
                store.ensure_bucket().await?;
                Arc::new(store)
            }
        };
        Ok(AppState {
            db,
            storage,
            signer,
            events: ctx.events.clone(),
            outbox: common::outbox::Outbox::start_for(ctx)?,
            settings,
        })
    }

    /// A pooled connection; 503 when the database is unreachable.
    pub async fn conn(&self) -> Result<DbConn, AssetError> {
        Ok(self.db.get().await?)
    }
}
