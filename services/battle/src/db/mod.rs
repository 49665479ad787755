//! The battle database: rows, the hand-written schema and queries that take a connection,
//! so the caller owns the transaction.

pub mod attack_keys;
pub mod attacks;
pub mod battles;
pub mod logs;
pub mod models;
pub mod participants;
pub mod schema;
pub mod templates;
