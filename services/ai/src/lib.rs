//! AI generation jobs, their queue, the model catalogue and providers.

use common::{ServiceDef, ServiceName};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};

/// This service's migrations, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// The ai service as the shared bootstrap runs it.
pub fn service() -> ServiceDef {
    ServiceDef::new(
        ServiceName::Ai,
        "AI generation jobs, their queue, the model catalogue and providers.",
    )
    .migrations(|| MIGRATIONS)
}
