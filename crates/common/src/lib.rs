//! What every service of the platform needs at run time (ARCHITECTURE.md "Shared crates").

pub mod auth;
#[cfg(feature = "db")]
pub mod db;
pub mod error;
pub mod events;
pub mod http;
pub mod redis;
pub mod server;
pub mod settings;
pub mod telemetry;

pub use contracts::ServiceName;
pub use error::Problem;
pub use server::{AppContext, Application, ServiceDef};
pub use settings::Settings;
