//! The inventory database: schema, rows, queries.

pub mod models;
pub mod queries;
pub mod schema;
