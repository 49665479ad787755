//! What requests and workers do: transactions, calls to the database, the queue, inventory
//! and providers.

pub mod billing;
pub mod jobs;
pub mod questions;
pub mod runner;
pub mod views;
pub mod workers;
