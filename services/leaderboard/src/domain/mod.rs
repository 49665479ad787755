//! Pure leaderboard rules: boards, periods, the rank order and submission validation. No IO.

pub mod board;
pub mod period;
pub mod rank_key;
pub mod submission;

pub use board::{Board, BoardKind, Boards};
pub use period::{Period, PeriodWindow};
pub use rank_key::RankKey;
pub use submission::{Submission, SubmissionInput};
