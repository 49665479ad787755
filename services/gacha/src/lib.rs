//! Banners, rate tables, pity and pulls.

use common::{ServiceDef, ServiceName};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};

/// This service's migrations, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// The gacha service as the shared bootstrap runs it.
pub fn service() -> ServiceDef {
    ServiceDef::new(ServiceName::Gacha, "Banners, rate tables, pity and pulls.")
        .migrations(|| MIGRATIONS)
}
