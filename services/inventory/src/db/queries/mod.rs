//! Queries of the inventory database, one module per area. Each takes a connection, so the
//! caller owns the transaction (the economy core runs many of them inside one).

mod catalog;
mod economy;
mod items;
mod pets;
mod players;
mod saves;

pub use catalog::*;
pub use economy::*;
pub use items::*;
pub use pets::*;
pub use players::*;
pub use saves::*;
