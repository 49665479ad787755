//! Pure room rules: codes, kinds, names, the co-op formulas, the space's bounds and the voting
//! game's phases, answers and scoring. No IO.

pub mod coop;
pub mod game;
pub mod question_bank;
pub mod room;
pub mod space;

pub use room::{DisplayName, RoomCode, RoomKind};
