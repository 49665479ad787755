//! Cooperative battles, server-side damage, loot and the boss gallery.

use common::{ServiceDef, ServiceName};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};

/// This service's migrations, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// The battle service as the shared bootstrap runs it.
pub fn service() -> ServiceDef {
    ServiceDef::new(
        ServiceName::Battle,
        "Cooperative battles, server-side damage, loot and the boss gallery.",
    )
    .migrations(|| MIGRATIONS)
}
