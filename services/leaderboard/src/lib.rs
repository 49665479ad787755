//! Scores, boards, periods, ranks and around-me.

use common::{ServiceDef, ServiceName};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};

/// This service's migrations, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// The leaderboard service as the shared bootstrap runs it.
pub fn service() -> ServiceDef {
    ServiceDef::new(
        ServiceName::Leaderboard,
        "Scores, boards, periods, ranks and around-me.",
    )
    .migrations(|| MIGRATIONS)
}
