//! Accounts, passwords, OAuth2, sessions, access and refresh tokens, and the JWKS.

use std::sync::Arc;

use actix_web::web;
use common::server::routes;
use common::{ServiceDef, ServiceName};
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

/// The auth service with its settings read from the process environment at start-up.
pub fn service() -> ServiceDef {
    build(None)
}

/// The auth service with the given settings (tests pass cheap argon2 parameters, providers...).
pub fn service_with(settings: AuthSettings) -> ServiceDef {
    build(Some(Arc::new(settings)))
}

fn build(settings: Option<Arc<AuthSettings>>) -> ServiceDef {
    ServiceDef::new(ServiceName::Auth, DESCRIPTION)
        .migrations(|| MIGRATIONS)
        .setup(move |ctx| {
            let settings = settings.clone();
            async move {
                let settings = match settings {
                    Some(settings) => settings,
                    None => Arc::new(AuthSettings::from_env()?),
                };
                settings.check(ctx.settings.is_production())?;
                let state = web::Data::new(state::AppState::build(&ctx, settings).await?);
                // Weak: a stopped server drops its state, and the job stops with it.
                tokio::spawn(cleanup::run(
                    Arc::downgrade(&state.clone().into_inner()),
                    state.settings.cleanup_interval,
                ));
                Ok(routes(move |cfg| routes::configure(cfg, state.clone())))
            }
        })
}
