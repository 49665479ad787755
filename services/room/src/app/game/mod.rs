//! The voting party game of `voting` rooms (the AI-Gameshow seed, with server-enforced
//! deadlines): rounds of answering, voting and results, questions from the ai service or our
//! own bank, anonymous answers, one vote per player, points for votes received.

pub mod actions;
pub mod machine;
pub mod questions;
pub mod sweeper;
pub mod views;

pub use machine::Timing;
