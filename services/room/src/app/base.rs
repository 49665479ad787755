//! What every room feature builds on: loading a room (as a member) and publishing on its
//! topic. Below the features, so none of them imports another to reach these.

use diesel_async::AsyncPgConnection;
use serde::Serialize;
use uuid::Uuid;

use crate::app::presence;
use crate::app::views::RoomView;
use crate::db::queries;
use crate::domain::RoomCode;
use crate::error::RoomError;
use crate::state::AppState;

/// Publishes on `room:{code}` straight to Redis, for co-op live state (which lives in Redis,
/// not in a transaction) and relays; changes committed to PostgreSQL use [`enqueue`]. A
/// failure is logged, not returned: the change is made and the next sync shows it.
pub async fn publish<T: Serialize>(
    state: &AppState,
    code: &str,
    kind: &str,
    data: &T,
) -> Option<String> {
    let topic = presence::topic(code).ok()?;
    match state.events.publish(&topic, kind, data).await {
        Ok(id) => Some(id),
        Err(e) => {
            tracing::warn!(error = %format!("{e:#}"), room = code, kind, "event not published");
            None
        }
    }
}

/// How long an answer waits for its events to be published before it goes out anyway.
pub const FLUSH_WAIT: std::time::Duration = std::time::Duration::from_millis(500);

/// Writes an event on `room:{code}` to the outbox and returns its row id: call it inside the
/// transaction of the change it reports, and [`flushed`] (or the outbox's `wake`) after the
/// commit.
pub async fn enqueue<T: Serialize>(
    conn: &mut AsyncPgConnection,
    code: &str,
    kind: &str,
    data: &T,
) -> Result<i64, RoomError> {
    let topic = presence::topic(code)?;
    Ok(common::outbox::enqueue_id(conn, &topic, kind, data).await?)
}

/// After a commit that enqueued: publishes (at most [`FLUSH_WAIT`]) before the answer goes
/// out, so that an answer does not overtake its events, as when they were published directly.
pub async fn flushed(state: &AppState) {
    state.outbox.flush(FLUSH_WAIT).await;
}

/// Like [`flushed`], and returns the event id of outbox row `row` (`None` when it was not
/// published in time: Redis down; the event still goes out later).
pub async fn flushed_id(state: &AppState, row: i64) -> Option<String> {
    state
        .outbox
        .flush_ids(&[row], FLUSH_WAIT)
        .await
        .into_iter()
        .next()
        .flatten()
}

/// Loads a room and its members.
pub async fn load(conn: &mut AsyncPgConnection, code: &RoomCode) -> Result<RoomView, RoomError> {
    let room = queries::find_room(conn, code.as_str())
        .await?
        .ok_or(RoomError::RoomNotFound)?;
    let members = queries::members(conn, room.id).await?;
    Ok(RoomView { room, members })
}

/// Loads a room the caller must be a member of.
pub async fn load_as_member(
    state: &AppState,
    code: &RoomCode,
    user: Uuid,
) -> Result<RoomView, RoomError> {
    let mut conn = state.conn().await?;
    let view = load(&mut conn, code).await?;
    if view.member(user).is_none() {
        return Err(RoomError::NotAMember);
    }
    Ok(view)
}

/// The code of the room the cafe seed's client names by the integer `alias`. Aliases are
/// sequential, so unlike a code they are no secret: a private room's alias resolves only for
/// its host and members (for anyone else it does not exist).
pub async fn code_of_alias(
    state: &AppState,
    user: Uuid,
    alias: i64,
) -> Result<RoomCode, RoomError> {
    let mut conn = state.conn().await?;
    let room = queries::find_room_by_alias(&mut conn, alias)
        .await?
        .ok_or(RoomError::RoomNotFound)?;
    if room.is_private
        && room.host_id != user
        && !queries::members(&mut conn, room.id)
            .await?
            .iter()
            .any(|m| m.user_id == user)
    {
        return Err(RoomError::RoomNotFound);
    }
    RoomCode::parse(&room.code).ok_or(RoomError::RoomNotFound)
}

/// A `room_id` that names a room by its cafe alias: a JSON integer, or a string of digits that
/// is not itself a join code (codes may be all digits 2-9, and then they stay codes).
pub fn alias_in(room_id: &serde_json::Value) -> Result<Option<i64>, RoomError> {
    use serde_json::Value;
    match room_id {
        Value::Number(n) => n
            .as_i64()
            .filter(|n| *n > 0)
            .map(Some)
            .ok_or_else(|| RoomError::field("room_id", "must be a positive integer or a code")),
        Value::String(s) if RoomCode::parse(s).is_none() && !s.is_empty() => {
            Ok(s.parse::<i64>().ok().filter(|n| *n > 0))
        }
        _ => Ok(None),
    }
}
