//! Pure gacha rules: rate tables, pity, the featured coin flip, draws and the long-run odds
//! computed from the model. No I/O: the routes and the use-case layer feed these functions.

pub mod banner;
pub mod defaults;
pub mod draw;
pub mod odds;
pub mod rules;

pub use banner::{BannerType, Pool, PoolError, Stars};
pub use draw::{ChaChaDraws, Draw, DrawSource};
pub use odds::{Consolidated, consolidated};
pub use rules::{PityState, PullOutcome, RateTable, pull_many, pull_once};
