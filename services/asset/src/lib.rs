//! Asset metadata and versions, signed upload/download URLs and CDN URLs.

use common::{ServiceDef, ServiceName};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};

/// This service's migrations, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// The asset service as the shared bootstrap runs it.
pub fn service() -> ServiceDef {
    ServiceDef::new(
        ServiceName::Asset,
        "Asset metadata and versions, signed upload/download URLs and CDN URLs.",
    )
    .migrations(|| MIGRATIONS)
}
