//! Cooperative battles and boss raids with server-side damage, loot paid through inventory,
//! the raid bosses' blows, the pool keeper and the JumpJumpJump boss gallery.

use std::sync::Arc;

use common::{AppContext, ServiceDef, ServiceName};
use diesel_migrations::{EmbeddedMigrations, embed_migrations};

pub mod app;
pub mod clients;
pub mod db;
pub mod domain;
pub mod error;
pub mod events;
pub mod routes;
pub mod settings;
pub mod state;
pub mod views;
pub mod workers;

pub use settings::BattleSettings;

/// This service's migrations, compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

const DESCRIPTION: &str =
    "Cooperative battles and boss raids, server-side damage, loot and the boss gallery.";

/// The battle service; `None` reads its settings from the environment at start-up.
pub fn service(settings: Option<BattleSettings>) -> ServiceDef {
    ServiceDef::new(ServiceName::Battle, DESCRIPTION)
        .migrations(|| MIGRATIONS)
        .stateful(settings, start, routes::configure)
}

/// Builds the state and starts the pool keeper, the raid blows, the attack reconciler (under
/// PostgreSQL locks, so replicas never double them) and the gallery keeper, which stores the
/// boss images in the asset service when missing.
async fn start(ctx: AppContext, settings: Arc<BattleSettings>) -> anyhow::Result<state::AppState> {
    let state = state::AppState::build(&ctx, settings)?;
    workers::start(&ctx.workers, &state);
    Ok(state)
}
