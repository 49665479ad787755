//! Payloads of the events room publishes on `room:{code}` that carry more than one view: typed,
//! so a payload can never be published as `null` after a failed conversion.

use serde::Serialize;
use uuid::Uuid;

use crate::app::space::ObjectView;

/// `object_placed`: the object, and its owner's name when a player placed it just now.
#[derive(Debug, Serialize)]
pub struct ObjectPlaced<'a> {
    /// The object as `GET .../objects` shows it.
    #[serde(flatten)]
    pub object: &'a ObjectView,
    /// The owner's display name (absent when a sweep finished a placement a crash left).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_username: Option<&'a str>,
}

/// `object_moved`: the object where it is now, and who moved it.
#[derive(Debug, Serialize)]
pub struct ObjectMoved<'a> {
    /// The object as `GET .../objects` shows it.
    #[serde(flatten)]
    pub object: &'a ObjectView,
    /// The player who moved it.
    pub moved_by: Uuid,
}
