//! Player progression, wallet and ledger, items, equipment, pets, the shop and save games.

use common::{ServiceDef, ServiceName};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};

/// This service's migrations, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// The inventory service as the shared bootstrap runs it.
pub fn service() -> ServiceDef {
    ServiceDef::new(
        ServiceName::Inventory,
        "Player progression, wallet and ledger, items, equipment, pets, the shop and save games.",
    )
    .migrations(|| MIGRATIONS)
}
