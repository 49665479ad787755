//! Asset metadata and immutable versions, signed upload and download URLs, and CDN URLs.
//!
//! Bytes live behind [`storage::Storage`]: on this service's disk by default (uploads are PUT
//! to a signed URL here and checked as they arrive; finished versions are served at `/cdn/...`)
//! or in any S3-compatible store. PostgreSQL holds assets and their versions; a version is
//! declared pending, verified from its bytes on completion, and immutable from then on.

use std::sync::Arc;

use common::server::AppContext;
use common::{ServiceDef, ServiceName};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};

pub mod app;
pub mod db;
pub mod domain;
pub mod error;
pub mod events;
pub mod routes;
pub mod settings;
pub mod state;
pub mod storage;
pub mod views;

pub use settings::AssetSettings;

/// This service's migrations, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

const DESCRIPTION: &str =
    "Asset metadata and immutable versions, signed upload/download URLs and CDN URLs.";

/// The asset service, with `settings` or (when `None`) the ones read from the environment.
pub fn service(settings: Option<AssetSettings>) -> ServiceDef {
    ServiceDef::new(ServiceName::Asset, DESCRIPTION)
        .migrations(|| MIGRATIONS)
        .stateful(settings, start, routes::configure)
}

async fn start(ctx: AppContext, settings: Arc<AssetSettings>) -> anyhow::Result<state::AppState> {
    let state = state::AppState::build(&ctx, settings).await?;
    app::purge::start(&ctx.workers, &state);
    Ok(state)
}
