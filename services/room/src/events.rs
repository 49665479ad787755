//! What room publishes on `room:{code}`: the payload structs live in `contracts::room::events`
//! (the gateway's dialects read the same definitions); room fills their view parameters with
//! its own views.

pub use contracts::room::events::*;
