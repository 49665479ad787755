//! Rooms and joining: create (with a free code), join (capacity, closed games), loading, and
//! publishing on `room:{code}`.

use diesel_async::{AsyncConnection, AsyncPgConnection};
use rand::Rng;
use uuid::Uuid;

use crate::app::base::{enqueue, flushed_id, load};
use crate::app::presence;
use crate::app::views::{PlayerView, RoomResponse, RoomView};
use crate::db::models::{Member, NewMember, NewRoom};
use crate::db::queries;
use crate::domain::{DisplayName, RoomCode, RoomKind};
use crate::error::RoomError;
use crate::events::PlayerJoined;
use crate::state::AppState;

/// Attempts at finding a free code before giving up (31^6 codes: a clash is already rare).
const CODE_ATTEMPTS: usize = 8;
/// How long a username lookup may delay a join.
const USERNAME_LOOKUP_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(800);

/// What a new room looks like.
#[derive(Debug, Clone)]
pub struct NewRoomSpec {
    /// Kind.
    pub kind: RoomKind,
    /// Name (defaults per kind).
    pub name: Option<String>,
    /// Capacity (defaults per kind).
    pub max_players: Option<i32>,
    /// Voting rounds.
    pub total_rounds: Option<i32>,
    /// Hidden from the open list.
    pub is_private: bool,
}

/// How a player enters a room.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// The name to show (else auth's username, else `Player`).
    pub name: Option<DisplayName>,
    /// Space position.
    pub position: Option<(i32, i32)>,
}

/// The outcome of a create or join.
#[derive(Debug)]
pub struct Joined {
    /// The room afterwards.
    pub view: RoomView,
    /// The caller's member row.
    pub member: Member,
    /// Whether the caller was not a member before.
    pub newly: bool,
    /// The id of the `player_joined` event (subscribe after it to miss nothing).
    pub event_id: Option<String>,
}

async fn display_name(state: &AppState, user: Uuid, given: Option<DisplayName>) -> String {
    if let Some(name) = given {
        return name.into_inner();
    }
    if state.settings.fetch_usernames
        && let Some(name) = state.internal.username(user, USERNAME_LOOKUP_TIMEOUT).await
    {
        return name;
    }
    "Player".to_owned()
}

fn new_token() -> String {
    let bytes: [u8; 16] = rand::thread_rng().r#gen();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Creates a room with the caller as host and first member.
pub async fn create(
    state: &AppState,
    user: Uuid,
    spec: NewRoomSpec,
    entry: Entry,
) -> Result<Joined, RoomError> {
    let kind = spec.kind;
    let max_players = spec.max_players.unwrap_or(kind.default_capacity());
    let (min, max) = kind.capacity_range();
    if !(min..=max).contains(&max_players) {
        return Err(RoomError::field(
            "max_players",
            &format!("must be {min}..={max} for a {} room", kind.as_str()),
        ));
    }
    let total_rounds = spec.total_rounds.unwrap_or(5);
    if !(1..=10).contains(&total_rounds) {
        return Err(RoomError::field("total_rounds", "must be 1..=10"));
    }
    let name = match spec.name {
        Some(n) => DisplayName::parse(&n)
            .ok_or_else(|| RoomError::field("name", "must be 1..=30 characters"))?
            .into_inner(),
        None => "Game Room".to_owned(),
    };
    let player_name = display_name(state, user, entry.name).await;
    let (x, y) = entry.position.unwrap_or((0, 0));
    let token = new_token();
    let mut conn = state.conn().await?;
    let mut attempt = 0;
    let (view, row) = loop {
        attempt += 1;
        let (code, seed) = {
            let mut rng = rand::thread_rng();
            (RoomCode::random(&mut rng), rng.gen_range(1..=999_999))
        };
        let result = conn
            .transaction::<_, RoomError, _>(async |conn| {
                let room = queries::insert_room(
                    conn,
                    &NewRoom {
                        id: Uuid::now_v7(),
                        code: code.as_str(),
                        kind: kind.as_str(),
                        name: &name,
                        host_id: user,
                        max_players,
                        total_rounds,
                        is_private: spec.is_private,
                        seed,
                    },
                )
                .await?;
                let member = queries::insert_member(
                    conn,
                    &NewMember {
                        room_id: room.id,
                        user_id: user,
                        display_name: &player_name,
                        player_number: 1,
                        x,
                        y,
                        reconnect_token: &token,
                    },
                )
                .await?;
                let view = RoomView {
                    room,
                    members: vec![member],
                };
                let row = enqueue(
                    conn,
                    code.as_str(),
                    "player_joined",
                    &joined_event(&view, &view.members[0]),
                )
                .await?;
                Ok((view, row))
            })
            .await;
        match result {
            Ok(done) => break done,
            Err(e) if e.is_unique_violation() && attempt < CODE_ATTEMPTS => continue,
            Err(e) => return Err(e),
        }
    };
    drop(conn);
    presence::reset_room(state, &view.room.code, kind, user).await?;
    let member = view.members[0].clone();
    let event_id = flushed_id(state, row).await;
    Ok(Joined {
        view,
        member,
        newly: true,
        event_id,
    })
}

/// The `player_joined` payload.
pub fn joined_event(view: &RoomView, m: &Member) -> PlayerJoined<RoomResponse, PlayerView> {
    PlayerJoined {
        avatar_url: None,
        participant_count: view.members.len(),
        participants: view.response().participants,
        player_id: m.user_id,
        player_name: m.display_name.clone(),
        player_number: m.player_number,
        room_info: view.info(),
        user_id: m.user_id,
        username: m.display_name.clone(),
        x: m.x,
        y: m.y,
    }
}

/// Joins a room by code; a member joining again gets the room unchanged.
pub async fn join(
    state: &AppState,
    user: Uuid,
    code: &RoomCode,
    entry: Entry,
) -> Result<Joined, RoomError> {
    let mut conn = state.conn().await?;
    if let Some(existing) = existing_membership(&mut conn, code, user).await? {
        // A member entering a space again (the cafe creator's socket after its REST create)
        // appears where it says, as a first join would.
        if let (RoomKind::Space, Some(position)) = (existing.view.kind(), entry.position) {
            presence::set_position(state, code.as_str(), user, position).await?;
        }
        // A join retried after Redis failed to take the member set writes it now (an SADD of
        // a member already there changes nothing).
        if let Err(e) = presence::add_member(state, code.as_str(), existing.view.kind(), user).await
        {
            tracing::warn!(room.code = %code.as_str(), user.id = %user, "member set not written on a repeated join: {e}");
        }
        return Ok(existing);
    }
    let player_name = display_name(state, user, entry.name).await;
    let (x, y) = entry.position.unwrap_or((0, 0));
    let token = new_token();
    let outcome = conn
        .transaction::<_, RoomError, _>(async |conn| {
            let room = queries::lock_room(conn, code.as_str())
                .await?
                .ok_or(RoomError::RoomNotFound)?;
            let members = queries::members(conn, room.id).await?;
            let view = RoomView { room, members };
            if let Some(member) = view.member(user) {
                return Ok((view.clone(), member.clone(), None));
            }
            if view.kind().closes_on_start() && view.room.status != "waiting" {
                return Err(RoomError::RoomClosed);
            }
            if view.members.len() >= usize::try_from(view.room.max_players).unwrap_or(0) {
                return Err(RoomError::RoomFull);
            }
            let player_number = (1..)
                .find(|n| !view.members.iter().any(|m| m.player_number == *n))
                .unwrap_or(1);
            let member = queries::insert_member(
                conn,
                &NewMember {
                    room_id: view.room.id,
                    user_id: user,
                    display_name: &player_name,
                    player_number,
                    x,
                    y,
                    reconnect_token: &token,
                },
            )
            .await?;
            if view.room.delete_after.is_some() {
                queries::set_delete_after(conn, view.room.id, None).await?;
            }
            let mut view = view;
            if view.members.is_empty() {
                // The first player into an emptied room hosts it.
                queries::set_host(conn, view.room.id, user).await?;
                view.room.host_id = user;
            }
            view.room.delete_after = None;
            view.members.push(member.clone());
            view.members.sort_by_key(|m| m.player_number);
            let row = enqueue(
                conn,
                code.as_str(),
                "player_joined",
                &joined_event(&view, &member),
            )
            .await?;
            Ok((view, member, Some(row)))
        })
        .await?;
    drop(conn);
    let (view, member, row) = outcome;
    let Some(row) = row else {
        return Ok(Joined {
            view,
            member,
            newly: false,
            event_id: None,
        });
    };
    if view.kind() == RoomKind::Space {
        leave_other_spaces(state, user, view.room.id).await?;
    }
    // The join is committed and its event is in the outbox: it is answered even when Redis
    // cannot take the member set the gateway authorises sockets with. The sweeper's rebuild
    // (and the member's next join) writes the set once Redis answers; a 503 here would only
    // have the client retry a join that already happened.
    if let Err(e) = presence::add_member(state, &view.room.code, view.kind(), user).await {
        tracing::warn!(room.code = %view.room.code, user.id = %user, "member set not written after a join: {e}");
    }
    let event_id = flushed_id(state, row).await;
    Ok(Joined {
        view,
        member,
        newly: true,
        event_id,
    })
}

async fn existing_membership(
    conn: &mut AsyncPgConnection,
    code: &RoomCode,
    user: Uuid,
) -> Result<Option<Joined>, RoomError> {
    let view = load(conn, code).await?;
    Ok(view.member(user).cloned().map(|member| Joined {
        view,
        member,
        newly: false,
        event_id: None,
    }))
}

/// A player is in one space at a time (the cafe seed): joining one leaves the others.
async fn leave_other_spaces(state: &AppState, user: Uuid, joined: Uuid) -> Result<(), RoomError> {
    let others = {
        let mut conn = state.conn().await?;
        queries::other_rooms_of_kind(&mut conn, user, RoomKind::Space.as_str(), joined).await?
    };
    for code in others.iter().filter_map(|c| RoomCode::parse(c)) {
        match crate::app::lifecycle::leave(
            state,
            user,
            &code,
            crate::app::lifecycle::Departure::Leave,
        )
        .await
        {
            Ok(_) | Err(RoomError::NotAMember | RoomError::RoomNotFound) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
