//! The asset database: schema, rows and queries.

pub mod models;
pub mod queries;
pub mod schema;
