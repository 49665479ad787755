//! Queries of the auth database. Each takes a connection, so the caller owns the transaction.

mod cleanup;
mod keys;
mod sessions;
mod tokens;
mod users;

pub use cleanup::*;
pub use keys::*;
pub use sessions::*;
pub use tokens::*;
pub use users::*;
