//! What a request does: the economy core every spend goes through, player profiles, and the
//! views the routes answer with.

pub mod economy;
pub mod profile;
pub mod views;
