//! Gacha's PostgreSQL tables: rows, the hand-kept schema and the queries.

pub mod models;
pub mod queries;
pub mod schema;
