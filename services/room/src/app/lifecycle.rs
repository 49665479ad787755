//! Leaving (with host handover and the removal deadline of an empty room), dropped
//! connections and reconnects, readiness and the start of a game.

use chrono::{Duration as ChronoDuration, Utc};
use diesel_async::AsyncConnection;
use uuid::Uuid;

use crate::app::base::{enqueue, flushed, load};
use crate::app::views::RoomView;
use crate::app::{coop, presence};
use crate::db::queries;
use crate::domain::{RoomCode, RoomKind};
use crate::error::RoomError;
use crate::events::{HostChanged, PlayerLeft, PlayerReadyChanged, PlayerReconnected};
use crate::state::AppState;
use contracts::room::events::GameStarting;

/// Why a player goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Departure {
    /// `leave_room` / `DELETE .../leave`.
    Leave,
    /// The connection dropped (a co-op game keeps the slot for the reconnect window).
    Disconnect,
    /// The reconnect window closed.
    Expired,
}

/// Removes the caller (or keeps a co-op slot on a dropped connection), hands the host role
/// over, clears readiness before the start and schedules an empty room's removal.
pub async fn leave(
    state: &AppState,
    user: Uuid,
    code: &RoomCode,
    why: Departure,
) -> Result<Option<RoomView>, RoomError> {
    let grace =
        ChronoDuration::from_std(state.settings.empty_grace).unwrap_or(ChronoDuration::seconds(60));
    let mut conn = state.conn().await?;
    let outcome = conn
        .transaction::<_, RoomError, _>(async |conn| {
            let room = queries::lock_room(conn, code.as_str())
                .await?
                .ok_or(RoomError::RoomNotFound)?;
            let members = queries::members(conn, room.id).await?;
            let mut view = RoomView { room, members };
            let Some(member) = view.member(user).cloned() else {
                return Err(RoomError::NotAMember);
            };
            if why == Departure::Expired && member.disconnected_at.is_none() {
                // Reconnected in the meantime.
                return Ok(None);
            }
            let keep_slot = why == Departure::Disconnect
                && view.kind() == RoomKind::Coop
                && view.room.status == "active";
            let mut new_host = None;
            if keep_slot {
                queries::set_disconnected(conn, view.room.id, user, Some(Utc::now())).await?;
                if let Some(m) = view.members.iter_mut().find(|m| m.user_id == user) {
                    m.disconnected_at = Some(Utc::now());
                }
                // A host whose connection dropped hands over to the first connected player,
                // as the seed did, so spawns and sync go on.
                if view.room.host_id == user
                    && let Some(next) = view.members.iter().find(|m| m.disconnected_at.is_none())
                {
                    queries::set_host(conn, view.room.id, next.user_id).await?;
                    view.room.host_id = next.user_id;
                    new_host = Some(next.user_id);
                }
                enqueue_departure(conn, code, why, &view, &member, true, new_host).await?;
                return Ok(Some(view));
            }
            queries::delete_member(conn, view.room.id, user).await?;
            view.members.retain(|m| m.user_id != user);
            if view.room.host_id == user
                && let Some(next) = view
                    .members
                    .iter()
                    .find(|m| m.disconnected_at.is_none())
                    .or(view.members.first())
            {
                queries::set_host(conn, view.room.id, next.user_id).await?;
                view.room.host_id = next.user_id;
                new_host = Some(next.user_id);
            }
            if view.room.status == "waiting" && !view.members.is_empty() {
                queries::reset_ready(conn, view.room.id).await?;
                view.members.iter_mut().for_each(|m| m.is_ready = false);
            }
            if view.members.is_empty() {
                let at = Utc::now() + grace;
                queries::set_delete_after(conn, view.room.id, Some(at)).await?;
                view.room.delete_after = Some(at);
            }
            enqueue_departure(conn, code, why, &view, &member, false, new_host).await?;
            Ok(Some(view))
        })
        .await?;
    drop(conn);
    let Some(view) = outcome else {
        return Ok(None);
    };
    if view.member(user).is_none() {
        presence::remove_member(state, code.as_str(), user).await?;
    }
    flushed(state).await;
    Ok(Some(view))
}

/// Enqueues `player_left` / `player_disconnected` (and `host_changed`) for a departure.
async fn enqueue_departure(
    conn: &mut diesel_async::AsyncPgConnection,
    code: &RoomCode,
    why: Departure,
    view: &RoomView,
    member: &crate::db::models::Member,
    kept: bool,
    new_host: Option<Uuid>,
) -> Result<(), RoomError> {
    let user = member.user_id;
    let kind = match why {
        Departure::Leave | Departure::Expired => "player_left",
        Departure::Disconnect => "player_disconnected",
    };
    let data = PlayerLeft {
        avatar_url: None,
        can_reconnect: kept,
        participant_count: view.members.len(),
        participants: view.response().participants,
        player_id: user,
        player_name: member.display_name.clone(),
        room_info: view.info(),
        user_id: user,
        username: member.display_name.clone(),
        x: 0,
        y: 0,
    };
    enqueue(conn, code.as_str(), kind, &data).await?;
    if let Some(host) = new_host {
        let data = HostChanged {
            host_id: host,
            previous_host_id: user,
            room_info: view.info(),
        };
        enqueue(conn, code.as_str(), "host_changed", &data).await?;
    }
    Ok(())
}

/// Back into a room after a dropped connection, with the member's reconnect token, within
/// the reconnect window.
pub async fn reconnect(
    state: &AppState,
    user: Uuid,
    code: &RoomCode,
    token: &str,
) -> Result<RoomView, RoomError> {
    let window = ChronoDuration::from_std(state.settings.reconnect_window)
        .unwrap_or(ChronoDuration::seconds(60));
    let mut conn = state.conn().await?;
    let view = conn
        .transaction::<_, RoomError, _>(async |conn| {
            let room = queries::lock_room(conn, code.as_str())
                .await?
                .ok_or(RoomError::ReconnectFailed)?;
            let mut view = RoomView {
                members: queries::members(conn, room.id).await?,
                room,
            };
            let member = view.member(user).ok_or(RoomError::ReconnectFailed)?;
            let token_ok = !token.is_empty()
                && constant_time_eq(member.reconnect_token.as_bytes(), token.as_bytes());
            let in_window = member
                .disconnected_at
                .is_none_or(|at| Utc::now() - at <= window);
            if !token_ok || !in_window {
                return Err(RoomError::ReconnectFailed);
            }
            queries::set_disconnected(conn, view.room.id, user, None).await?;
            if let Some(m) = view.members.iter_mut().find(|m| m.user_id == user) {
                m.disconnected_at = None;
            }
            if let Some(m) = view.member(user) {
                let data = PlayerReconnected {
                    player_id: user,
                    player_name: m.display_name.clone(),
                    room_info: view.info(),
                };
                enqueue(conn, code.as_str(), "player_reconnected", &data).await?;
            }
            Ok(view)
        })
        .await?;
    drop(conn);
    presence::add_member(state, code.as_str(), view.kind(), user).await?;
    flushed(state).await;
    Ok(view)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Sets (or toggles, with `None`) the caller's ready flag.
pub async fn set_ready(
    state: &AppState,
    user: Uuid,
    code: &RoomCode,
    ready: Option<bool>,
) -> Result<RoomView, RoomError> {
    let mut conn = state.conn().await?;
    let view = conn
        .transaction::<_, RoomError, _>(async |conn| {
            let mut view = load(conn, code).await?;
            let current = view.member(user).ok_or(RoomError::NotAMember)?.is_ready;
            let ready = ready.unwrap_or(!current);
            queries::set_ready(conn, view.room.id, user, ready).await?;
            if let Some(m) = view.members.iter_mut().find(|m| m.user_id == user) {
                m.is_ready = ready;
            }
            let data = PlayerReadyChanged {
                is_ready: ready,
                player_id: user,
                room_info: view.info(),
            };
            enqueue(conn, code.as_str(), "player_ready_changed", &data).await?;
            Ok(view)
        })
        .await?;
    drop(conn);
    flushed(state).await;
    Ok(view)
}

/// Starts a co-op game: host only, at least two players, all ready, and enqueues its
/// `game_starting` in the same transaction. Returns the view and the start time (Unix ms).
pub async fn start(
    state: &AppState,
    user: Uuid,
    code: &RoomCode,
    min_players: usize,
) -> Result<(RoomView, i64), RoomError> {
    let mut conn = state.conn().await?;
    let (view, start_ms) = conn
        .transaction::<_, RoomError, _>(async |conn| {
            let room = queries::lock_room(conn, code.as_str())
                .await?
                .ok_or(RoomError::RoomNotFound)?;
            let mut view = RoomView {
                members: queries::members(conn, room.id).await?,
                room,
            };
            if view.member(user).is_none() {
                return Err(RoomError::NotAMember);
            }
            if view.room.host_id != user {
                return Err(RoomError::NotHost);
            }
            let all_ready = view.members.iter().all(|m| m.is_ready);
            if view.room.status != "waiting" || view.members.len() < min_players || !all_ready {
                return Err(RoomError::CannotStart);
            }
            let start_ms = Utc::now().timestamp_millis() + 500;
            queries::start_room(conn, view.room.id, start_ms).await?;
            view.room.status = "active".to_owned();
            view.room.game_start_ms = Some(start_ms);
            // The live state is read from Redis with the room locked: if Redis is down the
            // start rolls back rather than commit a game nobody is told about.
            let sequence_id = coop::next_sequence(state, code.as_str()).await?;
            let data = GameStarting {
                game_state: coop::game_state(state, &view, sequence_id).await?,
                sequence_id,
            };
            enqueue(conn, code.as_str(), "game_starting", &data).await?;
            Ok((view, start_ms))
        })
        .await?;
    drop(conn);
    flushed(state).await;
    Ok((view, start_ms))
}
