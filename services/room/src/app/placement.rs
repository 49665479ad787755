//! Placing furniture from the inventory: the intent is recorded first, inventory consumes the
//! item under a key derived from it, and the object (whose id is derived too) is inserted
//! once; the sweeper finishes placements a crash left half done.

use chrono::Utc;
use diesel_async::AsyncConnection;
use uuid::Uuid;

use crate::app::base::{enqueue, flushed};
use crate::app::space::{ObjectView, check_position, check_rotation, space_member};
use crate::db::models::{Placement, RoomObject};
use crate::db::queries;
use crate::domain::RoomCode;
use crate::error::RoomError;
use crate::events::ObjectPlaced;
use crate::state::AppState;
use common::clients::inventory::Transaction;

/// The object id a placement produces, derived from the placement's key so a replayed
/// placement (even two at once) inserts the same object at most once.
fn placement_object_id(user: Uuid, key: &str) -> Uuid {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(format!("room-object:{user}:{key}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

/// The key of inventory's transaction for step `kind` of a placement. A client key over 100
/// characters is replaced by its digest, so the derived key stays within inventory's 200; keys
/// up to 100 characters derive exactly as they always have, so in-flight retries still match.
fn inventory_key(kind: &str, user: Uuid, key: &str) -> String {
    use sha2::Digest;
    if key.len() <= 100 {
        return format!("room:{kind}:{user}:{key}");
    }
    let digest = sha2::Sha256::digest(key.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("room:{kind}:{user}:sha256-{hex}")
}

/// Places an owned furniture item: the intent is recorded, inventory consumes the item with a
/// key derived from it, and the object (whose id is derived too) is inserted once.
#[expect(clippy::too_many_arguments, reason = "one field per request field")]
pub async fn place_object(
    state: &AppState,
    user: Uuid,
    code: &RoomCode,
    item_id: Uuid,
    x: i64,
    y: i64,
    rotation: f64,
    key: &str,
) -> Result<(ObjectView, bool), RoomError> {
    if !common::idempotency::valid(key) {
        return Err(RoomError::field(
            "idempotency_key",
            "must be 1-200 visible ASCII characters",
        ));
    }
    let (x, y) = check_position(state, x, y)?;
    let rotation = check_rotation(rotation)?;
    let view = space_member(state, code, user).await?;
    let mut conn = state.conn().await?;
    let intent = queries::record_placement(
        &mut conn,
        &Placement {
            user_id: user,
            key: key.to_owned(),
            room_id: view.room.id,
            inventory_item_id: item_id,
            x,
            y,
            rotation,
            object_id: None,
            created_at: Utc::now(),
        },
    )
    .await?;
    if intent.room_id != view.room.id || intent.inventory_item_id != item_id {
        return Err(RoomError::field(
            "idempotency_key",
            "was already used for another placement",
        ));
    }
    if let Some(object_id) = intent.object_id {
        // Completed before: the same answer, unless the object has since left the room (a
        // replay must not bring back furniture that was picked up or destroyed).
        let existing = queries::find_object(&mut conn, object_id)
            .await?
            .filter(|o| o.picked_up_at.is_none())
            .ok_or_else(|| {
                RoomError::field(
                    "idempotency_key",
                    "was used for an object that is no longer in the room",
                )
            })?;
        return Ok((ObjectView::of(code.as_str(), &existing), false));
    }
    drop(conn);
    let owner_name = view
        .member(user)
        .map(|m| m.display_name.clone())
        .unwrap_or_default();
    let (object, fresh) =
        complete_placement(state, code.as_str(), &intent, Some(owner_name)).await?;
    if fresh {
        flushed(state).await;
    }
    Ok((ObjectView::of(code.as_str(), &object), fresh))
}

/// Finishes a recorded placement: inventory consumes the item under a key derived from the
/// placement (a replay consumes nothing more), then the object, whose id is derived too, is
/// inserted once, with its `object_placed` (naming `owner_username`) in the outbox. Returns
/// the object and whether this call inserted it. Used by a player's request and by the sweeper
/// for placements a crash left half done.
pub async fn complete_placement(
    state: &AppState,
    code: &str,
    intent: &Placement,
    owner_username: Option<String>,
) -> Result<(RoomObject, bool), RoomError> {
    let (user, key) = (intent.user_id, intent.key.as_str());
    let mut conn = state.conn().await?;
    let object_id = placement_object_id(user, key);
    let inv_key = inventory_key("place", user, key);
    let consumed = match state
        .inventory
        .transact(
            &Transaction::new(inv_key, user, "place_object")
                .consume(intent.inventory_item_id, 1)
                .build(),
        )
        .await
        .map_err(RoomError::from)
    {
        Ok(answer) => answer,
        Err(e) if e.is_peer_refusal() => {
            queries::drop_placement(&mut conn, user, key).await?;
            return Err(e);
        }
        Err(e) => return Err(e),
    };
    let Some(item) = consumed.consumed.first() else {
        return Err(RoomError::internal(anyhow::anyhow!(
            "inventory consumed nothing"
        )));
    };
    let Some(object_type) = item
        .furniture_type
        .clone()
        .filter(|_| item.item_type == "furniture")
    else {
        // Not furniture: give it straight back (same derived key on every retry).
        let refund = Transaction::new(
            inventory_key("place-refund", user, key),
            user,
            "place_object_refund",
        )
        .grant(item.catalog_id.clone(), 1);
        state.inventory.transact(&refund.build()).await?;
        queries::drop_placement(&mut conn, user, key).await?;
        return Err(RoomError::NotPlaceable);
    };
    // Kept on the object so `room_state` can name the owner after they have left.
    let owner_name = queries::members(&mut conn, intent.room_id)
        .await?
        .into_iter()
        .find(|m| m.user_id == user)
        .map(|m| m.display_name);
    let row = RoomObject {
        id: object_id,
        room_id: intent.room_id,
        owner_id: user,
        object_type,
        catalog_id: item.catalog_id.clone(),
        x: intent.x,
        y: intent.y,
        rotation: intent.rotation,
        metadata: item.properties.clone(),
        picked_up_at: None,
        created_at: Utc::now(),
        owner_name,
    };
    let inserted = conn
        .transaction::<_, RoomError, _>(async |conn| {
            let inserted = match queries::find_object(conn, object_id).await? {
                Some(existing) => (existing, false),
                None => {
                    let object = queries::insert_object(conn, &row).await?;
                    let data = ObjectPlaced {
                        object: &ObjectView::of(code, &object),
                        owner_username,
                    };
                    enqueue(conn, code, "object_placed", &data).await?;
                    (object, true)
                }
            };
            queries::finish_placement(conn, user, key, object_id).await?;
            Ok(inserted)
        })
        .await;
    match inserted {
        Ok(pair) => Ok(pair),
        // A concurrent completion of the same placement inserted it first.
        Err(e) if e.is_unique_violation() => {
            let existing = queries::find_object(&mut conn, object_id)
                .await?
                .ok_or(RoomError::ObjectNotFound)?;
            Ok((existing, false))
        }
        Err(e) => Err(e),
    }
}

/// Completes placements left half done (older than `age`), e.g. by a crash between the
/// inventory call and the object insert; returns how many produced an object now.
pub async fn finish_pending(state: &AppState, age: chrono::Duration) -> Result<usize, RoomError> {
    let pending = {
        let mut conn = state.conn().await?;
        queries::pending_placements(&mut conn, Utc::now() - age).await?
    };
    let mut done = 0;
    for (code, intent) in pending {
        match complete_placement(state, &code, &intent, None).await {
            Ok((_, true)) => {
                done += 1;
                state.outbox.wake();
            }
            Ok((_, false)) | Err(RoomError::NotPlaceable) => {}
            Err(e) if e.is_peer_refusal() => {}
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}
