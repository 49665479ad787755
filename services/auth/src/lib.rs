//! Accounts, passwords, OAuth2, sessions, access and refresh tokens, and the JWKS.

use std::sync::Arc;

use common::{AppContext, ServiceDef, ServiceName};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};

pub mod admin;
pub mod cleanup;
pub mod db;
pub mod devices;
pub mod domain;
pub mod email_tokens;
pub mod error;
pub mod keys;
pub mod mail;
pub mod oauth;
pub mod passwords;
pub mod routes;
pub mod sessions;
pub mod settings;
pub mod state;
pub mod throttle;

pub use settings::AuthSettings;

/// This service's migrations, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

const DESCRIPTION: &str =
    "Accounts, passwords, OAuth2, sessions, access and refresh tokens, and the JWKS.";

/// The auth service; `None` reads its settings from the environment at start-up (tests pass
/// cheap argon2 parameters, providers...).
pub fn service(settings: Option<AuthSettings>) -> ServiceDef {
    ServiceDef::new(ServiceName::Auth, DESCRIPTION)
        .migrations(|| MIGRATIONS)
        .stateful(settings, start, routes::configure)
}

/// Builds the state and starts the workers: the mail sender and the cleanup job (every replica
/// runs it; each of its deletions is one statement, so replicas overlap harmlessly).
async fn start(ctx: AppContext, settings: Arc<AuthSettings>) -> anyhow::Result<state::AppState> {
    settings.check(ctx.settings.is_production())?;
    let state = state::AppState::build(&ctx, settings).await?;
    cleanup::start(
        &ctx.workers,
        state.db.clone(),
        state.settings.cleanup_interval,
    );
    Ok(state)
}
