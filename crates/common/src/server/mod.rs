//! The shared bootstrap: every service is a [`ServiceDef`] run by [`Application`], which serves
//! `/healthz`, `/readyz`, `/metrics`, `/openapi.json` and Swagger UI at `/docs/` beside the
//! service's own routes, runs its background workers, and shuts down gracefully on
//! SIGTERM/SIGINT.

mod application;
mod cli;
mod context;
mod def;
mod health;
mod openapi;
mod upgrade;

pub use application::Application;
pub use cli::{BaseCommand, main, prepare_database};
pub use context::AppContext;
#[cfg(feature = "db")]
pub use def::Migrations;
pub use def::{Routes, ServiceDef, Upgraded, routes};
pub use health::{Health, Ready};
