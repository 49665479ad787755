//! Accounts, passwords, OAuth2, sessions, access and refresh tokens, and the JWKS.

use common::{ServiceDef, ServiceName};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};

/// This service's migrations, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// The auth service as the shared bootstrap runs it.
pub fn service() -> ServiceDef {
    ServiceDef::new(
        ServiceName::Auth,
        "Accounts, passwords, OAuth2, sessions, access and refresh tokens, and the JWKS.",
    )
    .migrations(|| MIGRATIONS)
}
