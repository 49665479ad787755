//! The cafe space: objects placed from the inventory (consumed idempotently), moved, rotated,
//! picked back up (granted back), and the tool log whose `destroy` and `move` really act.

use chrono::Utc;
use diesel_async::AsyncConnection;
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::app::base::{self, enqueue, flushed};
use crate::app::presence;
use crate::app::views::RoomView;
use crate::db::models::{NewToolLog, RoomObject, ToolLog};
use crate::db::queries;
use crate::domain::space::{ToolAction, normalise_rotation};
use crate::domain::{RoomCode, RoomKind};
use crate::error::RoomError;
use crate::events::{ObjectMoved, ObjectRemoved, ToolUsed};
use crate::state::AppState;
use common::clients::inventory::Transaction;

/// An object as the cafe seed shows it, with its owner.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ObjectView {
    /// Id.
    pub id: Uuid,
    /// Room code.
    pub room_id: String,
    /// `chair`, `table`...
    #[serde(rename = "type")]
    pub object_type: String,
    /// Inventory catalog entry.
    pub catalog_id: String,
    /// Position.
    pub x: i32,
    /// Position.
    pub y: i32,
    /// Degrees.
    pub rotation: f64,
    /// The item's properties.
    #[schema(value_type = Object)]
    pub metadata: Value,
    /// Owner (gets it back on pick-up).
    pub owner_user_id: Uuid,
    /// Placed.
    pub created_at: chrono::DateTime<Utc>,
}

impl ObjectView {
    /// The wire shape of a row.
    pub fn of(code: &str, o: &RoomObject) -> Self {
        ObjectView {
            id: o.id,
            room_id: code.to_owned(),
            object_type: o.object_type.clone(),
            catalog_id: o.catalog_id.clone(),
            x: o.x,
            y: o.y,
            rotation: o.rotation,
            metadata: o.metadata.clone(),
            owner_user_id: o.owner_id,
            created_at: o.created_at,
        }
    }
}

/// An object in the cafe's `room_state`, with the name its client labels it by.
#[derive(Debug, Serialize)]
struct SpaceObject {
    #[serde(flatten)]
    object: ObjectView,
    /// The owner's name when it was placed.
    owner_username: Option<String>,
}

/// A tool use as the cafe seed's `ToolsLog`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ToolLogView {
    /// Id.
    pub id: i64,
    /// Who.
    pub user_id: Uuid,
    /// Room code.
    pub room_id: String,
    /// The object.
    pub target_object_id: Uuid,
    /// `destroy` or `move`.
    pub action: String,
    /// When.
    pub created_at: chrono::DateTime<Utc>,
}

impl ToolLogView {
    /// The wire shape of a row.
    pub fn of(code: &str, l: &ToolLog) -> Self {
        ToolLogView {
            id: l.id,
            user_id: l.user_id,
            room_id: code.to_owned(),
            target_object_id: l.target_object_id,
            action: l.action.clone(),
            created_at: l.created_at,
        }
    }
}

pub(crate) async fn space_member(
    state: &AppState,
    code: &RoomCode,
    user: Uuid,
) -> Result<RoomView, RoomError> {
    let view = base::load_as_member(state, code, user).await?;
    if view.kind() != RoomKind::Space {
        return Err(RoomError::WrongKind);
    }
    Ok(view)
}

pub(crate) fn check_position(state: &AppState, x: i64, y: i64) -> Result<(i32, i32), RoomError> {
    let b = state.settings.bounds;
    if !b.contains(x, y) {
        return Err(RoomError::field(
            "x",
            &format!(
                "position must lie within x {}..={}, y {}..={}",
                b.min_x, b.max_x, b.min_y, b.max_y
            ),
        ));
    }
    Ok((
        i32::try_from(x).unwrap_or_default(),
        i32::try_from(y).unwrap_or_default(),
    ))
}

pub(crate) fn check_rotation(rotation: f64) -> Result<f64, RoomError> {
    normalise_rotation(rotation)
        .ok_or_else(|| RoomError::field("rotation", "must be a finite number of degrees"))
}

async fn lock_own_object(
    conn: &mut diesel_async::AsyncPgConnection,
    view: &RoomView,
    user: Uuid,
    object_id: Uuid,
) -> Result<RoomObject, RoomError> {
    let object = queries::lock_object(conn, view.room.id, object_id)
        .await?
        .filter(|o| o.picked_up_at.is_none())
        .ok_or(RoomError::ObjectNotFound)?;
    if object.owner_id != user && view.room.host_id != user {
        return Err(RoomError::NotYourObject);
    }
    Ok(object)
}

/// Moves and/or rotates an object (owner or host).
pub async fn move_object(
    state: &AppState,
    user: Uuid,
    code: &RoomCode,
    object_id: Uuid,
    x: Option<i64>,
    y: Option<i64>,
    rotation: Option<f64>,
) -> Result<ObjectView, RoomError> {
    let view = space_member(state, code, user).await?;
    let rotation = rotation.map(check_rotation).transpose()?;
    let mut conn = state.conn().await?;
    let moved = conn
        .transaction::<_, RoomError, _>(async |conn| {
            let object = lock_own_object(conn, &view, user, object_id).await?;
            let (x, y) = check_position(
                state,
                x.unwrap_or(object.x.into()),
                y.unwrap_or(object.y.into()),
            )?;
            let moved =
                queries::move_object(conn, object.id, x, y, rotation.unwrap_or(object.rotation))
                    .await?;
            let data = ObjectMoved {
                object: &ObjectView::of(code.as_str(), &moved),
                moved_by: user,
            };
            enqueue(conn, code.as_str(), "object_moved", &data).await?;
            Ok(moved)
        })
        .await?;
    drop(conn);
    flushed(state).await;
    Ok(ObjectView::of(code.as_str(), &moved))
}

/// Picks an object up (owner or host) and grants it back to its owner's inventory. The object
/// leaves the room first; the grant's key is derived from the object, so a retry after a
/// failed grant grants exactly once.
pub async fn pickup_object(
    state: &AppState,
    user: Uuid,
    code: &RoomCode,
    object_id: Uuid,
) -> Result<Value, RoomError> {
    let view = space_member(state, code, user).await?;
    let mut conn = state.conn().await?;
    let object = conn
        .transaction::<_, RoomError, _>(async |conn| {
            let object = queries::lock_object(conn, view.room.id, object_id)
                .await?
                .ok_or(RoomError::ObjectNotFound)?;
            if object.owner_id != user && view.room.host_id != user {
                return Err(RoomError::NotYourObject);
            }
            if object.picked_up_at.is_none() {
                queries::mark_picked_up(conn, object.id, Utc::now()).await?;
            }
            Ok(object)
        })
        .await?;
    let pickup = Transaction::new(
        format!("room:pickup:{}", object.id),
        object.owner_id,
        "pickup_object",
    )
    .grant(object.catalog_id.clone(), 1);
    let granted = state.inventory.transact(&pickup.build()).await?;
    // Announced once the item is back in the inventory, by whichever call removed the row.
    let removed = conn
        .transaction::<_, RoomError, _>(async |conn| {
            if queries::delete_object(conn, object.id).await? != 1 {
                return Ok(false);
            }
            let data = ObjectRemoved {
                by: user,
                id: object.id,
                reason: "picked_up".to_owned(),
            };
            enqueue(conn, code.as_str(), "object_removed", &data).await?;
            Ok(true)
        })
        .await?;
    drop(conn);
    if removed {
        flushed(state).await;
    }
    Ok(json!({
        "status": "ok",
        "object_id": object.id,
        "owner_user_id": object.owner_id,
        "granted": granted.granted,
    }))
}

/// Uses a tool on an object (owner or host): `destroy` removes it for good, `move` moves it to
/// `(x, y)`; either way the use is logged and broadcast as `tool_used`.
pub async fn use_tool(
    state: &AppState,
    user: Uuid,
    code: &RoomCode,
    object_id: Uuid,
    action: ToolAction,
    to: Option<(i64, i64)>,
) -> Result<ToolLogView, RoomError> {
    let view = space_member(state, code, user).await?;
    let target = match (action, to) {
        (ToolAction::Move, None) => return Err(RoomError::field("x", "move needs x and y")),
        (ToolAction::Move, Some((x, y))) => Some(check_position(state, x, y)?),
        (ToolAction::Destroy, _) => None,
    };
    let mut conn = state.conn().await?;
    let log = conn
        .transaction::<_, RoomError, _>(async |conn| {
            let object = lock_own_object(conn, &view, user, object_id).await?;
            let moved = match target {
                Some((x, y)) => {
                    Some(queries::move_object(conn, object.id, x, y, object.rotation).await?)
                }
                None => {
                    queries::delete_object(conn, object.id).await?;
                    None
                }
            };
            let log = queries::insert_tool_log(
                conn,
                &NewToolLog {
                    room_id: view.room.id,
                    user_id: user,
                    target_object_id: object.id,
                    action: action.as_str(),
                },
            )
            .await?;
            let used = ToolUsed {
                action: action.as_str().to_owned(),
                id: log.id,
                target_object_id: object_id,
                timestamp: log.created_at,
                user_id: user,
                username: view
                    .member(user)
                    .map(|m| m.display_name.clone())
                    .unwrap_or_default(),
            };
            enqueue(conn, code.as_str(), "tool_used", &used).await?;
            match moved {
                Some(o) => {
                    let data = ObjectMoved {
                        object: &ObjectView::of(code.as_str(), &o),
                        moved_by: user,
                    };
                    enqueue(conn, code.as_str(), "object_moved", &data).await?;
                }
                None => {
                    let data = ObjectRemoved {
                        by: user,
                        id: object_id,
                        reason: "destroyed".to_owned(),
                    };
                    enqueue(conn, code.as_str(), "object_removed", &data).await?;
                }
            }
            Ok(log)
        })
        .await?;
    drop(conn);
    flushed(state).await;
    Ok(ToolLogView::of(code.as_str(), &log))
}

/// Objects in a room.
pub async fn objects(state: &AppState, code: &RoomCode) -> Result<Vec<ObjectView>, RoomError> {
    let mut conn = state.conn().await?;
    let view = base::load(&mut conn, code).await?;
    Ok(queries::list_objects(&mut conn, view.room.id)
        .await?
        .iter()
        .map(|o| ObjectView::of(code.as_str(), o))
        .collect())
}

/// The cafe's `room_state`: users at their last relayed positions, and the objects.
pub async fn room_state(state: &AppState, user: Uuid, code: &RoomCode) -> Result<Value, RoomError> {
    let view = base::load_as_member(state, code, user).await?;
    let positions = presence::relayed_positions(state, code.as_str()).await?;
    let users: Vec<Value> = view
        .members
        .iter()
        .map(|m| {
            let (x, y) = positions.get(&m.user_id).copied().unwrap_or((m.x, m.y));
            json!({ "user_id": m.user_id, "x": x, "y": y, "username": m.display_name, "avatar_url": null })
        })
        .collect();
    let mut conn = state.conn().await?;
    let objects: Vec<SpaceObject> = queries::list_objects(&mut conn, view.room.id)
        .await?
        .iter()
        .map(|o| SpaceObject {
            owner_username: o
                .owner_name
                .clone()
                .or_else(|| view.member(o.owner_id).map(|m| m.display_name.clone())),
            object: ObjectView::of(code.as_str(), o),
        })
        .collect();
    Ok(json!({
        "room_id": view.room.code,
        "alias_id": view.room.alias_id,
        "users": users,
        "objects": objects,
        "host_id": view.room.host_id,
    }))
}
