//! The room database: schema, rows and queries.

pub mod game;
pub mod models;
pub mod queries;
pub mod schema;
