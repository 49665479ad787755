//! The leaderboard database: schema, rows and queries.

pub mod key_queries;
pub mod models;
pub mod queries;
pub mod schema;
pub mod score_keys;
