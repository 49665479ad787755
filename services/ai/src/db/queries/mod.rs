//! Queries of the ai database. Each takes a connection so callers own transactions.

mod jobs;
mod runs;

pub use jobs::*;
pub use runs::*;
