//! What every service of the platform needs at run time (ARCHITECTURE.md "Shared crates").

pub mod art;
pub mod auth;
pub mod clients;
#[cfg(feature = "db")]
pub mod db;
pub mod error;
pub mod events;
pub mod http;
pub mod idempotency;
mod infra;
#[cfg(feature = "db")]
pub mod outbox;
pub mod pagination;
pub mod redis;
pub mod relay;
pub mod server;
pub mod settings;
pub mod telemetry;
pub mod worker;

pub use contracts::ServiceName;
pub use error::{Infra, Problem};
pub use idempotency::{IdempotencyKey, OptionalIdempotencyKey};
pub use server::{AppContext, Application, ServiceDef};
pub use settings::Settings;
