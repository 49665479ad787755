//! Rooms with join codes, presence, chat, the cafe space, co-op relay and the voting party game.

use common::{ServiceDef, ServiceName};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};

/// This service's migrations, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// The room service as the shared bootstrap runs it.
pub fn service() -> ServiceDef {
    ServiceDef::new(ServiceName::Room, "Rooms with join codes, presence, chat, the cafe space, co-op relay and the voting party game.").migrations(|| MIGRATIONS)
}
