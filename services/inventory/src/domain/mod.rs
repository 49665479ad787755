//! Pure game rules (no IO): progression, stamina, items and enhancement, pets, the catalog's
//! validation. Unit-tested here; the economy and routes apply them.

pub mod catalog;
pub mod items;
pub mod pets;
pub mod progression;
