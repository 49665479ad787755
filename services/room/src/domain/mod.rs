//! Pure room rules: codes, kinds, names, the co-op formulas and the space's bounds. No IO.

pub mod coop;
pub mod room;
pub mod space;

pub use room::{DisplayName, RoomCode, RoomKind};
