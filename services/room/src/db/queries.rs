//! Queries of the room database. Each takes a connection so handlers own transactions.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use super::models::{
    ChatMessage, Member, NewChatMessage, NewMember, NewRoom, NewToolLog, Placement, Room,
    RoomObject, ToolLog,
};
use super::schema::{
    chat_messages, object_placements, room_members, room_objects, rooms, tool_logs,
};

/// Inserts a room.
pub async fn insert_room(conn: &mut AsyncPgConnection, room: &NewRoom<'_>) -> QueryResult<Room> {
    diesel::insert_into(rooms::table)
        .values(room)
        .returning(Room::as_returning())
        .get_result(conn)
        .await
}

/// The room with `code`.
pub async fn find_room(conn: &mut AsyncPgConnection, code: &str) -> QueryResult<Option<Room>> {
    rooms::table
        .filter(rooms::code.eq(code))
        .select(Room::as_select())
        .first(conn)
        .await
        .optional()
}

/// The room with `code`, locked until the transaction ends (serialises joins, leaves and
/// host changes of one room across replicas).
pub async fn lock_room(conn: &mut AsyncPgConnection, code: &str) -> QueryResult<Option<Room>> {
    rooms::table
        .filter(rooms::code.eq(code))
        .select(Room::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Rooms, newest first: only public waiting ones when `open`, optionally of one kind.
pub async fn list_rooms(
    conn: &mut AsyncPgConnection,
    open: bool,
    kind: Option<&str>,
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<Room>> {
    let mut query = rooms::table.select(Room::as_select()).into_boxed();
    if open {
        query = query
            .filter(rooms::status.eq("waiting"))
            .filter(rooms::is_private.eq(false));
    }
    if let Some(kind) = kind {
        query = query.filter(rooms::kind.eq(kind.to_owned()));
    }
    query
        .order((rooms::created_at.desc(), rooms::id))
        .limit(limit)
        .offset(offset)
        .load(conn)
        .await
}

/// The room whose cafe alias is `alias`.
pub async fn find_room_by_alias(
    conn: &mut AsyncPgConnection,
    alias: i64,
) -> QueryResult<Option<Room>> {
    rooms::table
        .filter(rooms::alias_id.eq(alias))
        .select(Room::as_select())
        .first(conn)
        .await
        .optional()
}

/// Space rooms for the cafe's list, oldest first as the seed listed them: the public ones,
/// plus `viewer`'s own private ones unless `public_only`.
pub async fn list_space_rooms(
    conn: &mut AsyncPgConnection,
    viewer: Uuid,
    public_only: bool,
    limit: i64,
    offset: i64,
) -> QueryResult<Vec<Room>> {
    let mut query = rooms::table
        .filter(rooms::kind.eq("space"))
        .select(Room::as_select())
        .into_boxed();
    query = if public_only {
        query.filter(rooms::is_private.eq(false))
    } else {
        query.filter(rooms::is_private.eq(false).or(rooms::host_id.eq(viewer)))
    };
    query
        .order(rooms::alias_id)
        .limit(limit)
        .offset(offset)
        .load(conn)
        .await
}

/// Live members of each of `rooms`, ordered by player number.
pub async fn members_of_rooms(
    conn: &mut AsyncPgConnection,
    room_ids: &[Uuid],
) -> QueryResult<Vec<Member>> {
    room_members::table
        .filter(room_members::room_id.eq_any(room_ids))
        .select(Member::as_select())
        .order((room_members::room_id, room_members::player_number))
        .load(conn)
        .await
}

/// Members of one room, by player number.
pub async fn members(conn: &mut AsyncPgConnection, room_id: Uuid) -> QueryResult<Vec<Member>> {
    members_of_rooms(conn, &[room_id]).await
}

/// Adds a member.
pub async fn insert_member(
    conn: &mut AsyncPgConnection,
    member: &NewMember<'_>,
) -> QueryResult<Member> {
    diesel::insert_into(room_members::table)
        .values(member)
        .returning(Member::as_returning())
        .get_result(conn)
        .await
}

/// Removes a member; returns the removed row if there was one.
pub async fn delete_member(
    conn: &mut AsyncPgConnection,
    room_id: Uuid,
    user_id: Uuid,
) -> QueryResult<Option<Member>> {
    diesel::delete(
        room_members::table
            .filter(room_members::room_id.eq(room_id))
            .filter(room_members::user_id.eq(user_id)),
    )
    .returning(Member::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// Sets a member's ready flag.
pub async fn set_ready(
    conn: &mut AsyncPgConnection,
    room_id: Uuid,
    user_id: Uuid,
    ready: bool,
) -> QueryResult<usize> {
    diesel::update(
        room_members::table
            .filter(room_members::room_id.eq(room_id))
            .filter(room_members::user_id.eq(user_id)),
    )
    .set(room_members::is_ready.eq(ready))
    .execute(conn)
    .await
}

/// Clears every member's ready flag (the seed does so when someone leaves before the start).
pub async fn reset_ready(conn: &mut AsyncPgConnection, room_id: Uuid) -> QueryResult<usize> {
    diesel::update(room_members::table.filter(room_members::room_id.eq(room_id)))
        .set(room_members::is_ready.eq(false))
        .execute(conn)
        .await
}

/// Marks (or clears, with `None`) a member's dropped connection.
pub async fn set_disconnected(
    conn: &mut AsyncPgConnection,
    room_id: Uuid,
    user_id: Uuid,
    at: Option<DateTime<Utc>>,
) -> QueryResult<usize> {
    diesel::update(
        room_members::table
            .filter(room_members::room_id.eq(room_id))
            .filter(room_members::user_id.eq(user_id)),
    )
    .set(room_members::disconnected_at.eq(at))
    .execute(conn)
    .await
}

/// The (room code, user) pairs whose reconnect window closed before `cutoff`.
pub async fn expired_disconnects(
    conn: &mut AsyncPgConnection,
    cutoff: DateTime<Utc>,
) -> QueryResult<Vec<(String, Uuid)>> {
    rooms::table
        .inner_join(room_members::table)
        .filter(room_members::disconnected_at.lt(cutoff))
        .select((rooms::code, room_members::user_id))
        .limit(500)
        .load(conn)
        .await
}

/// Codes of the other rooms of `kind` that `user` is in.
pub async fn other_rooms_of_kind(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    kind: &str,
    except: Uuid,
) -> QueryResult<Vec<String>> {
    rooms::table
        .inner_join(room_members::table)
        .filter(room_members::user_id.eq(user_id))
        .filter(rooms::kind.eq(kind))
        .filter(rooms::id.ne(except))
        .select(rooms::code)
        .load(conn)
        .await
}

/// Changes the host.
pub async fn set_host(
    conn: &mut AsyncPgConnection,
    room_id: Uuid,
    host: Uuid,
) -> QueryResult<usize> {
    diesel::update(rooms::table.find(room_id))
        .set(rooms::host_id.eq(host))
        .execute(conn)
        .await
}

/// Sets or clears the removal deadline of a room.
pub async fn set_delete_after(
    conn: &mut AsyncPgConnection,
    room_id: Uuid,
    at: Option<DateTime<Utc>>,
) -> QueryResult<usize> {
    diesel::update(rooms::table.find(room_id))
        .set(rooms::delete_after.eq(at))
        .execute(conn)
        .await
}

/// Marks a room's game as started.
pub async fn start_room(
    conn: &mut AsyncPgConnection,
    room_id: Uuid,
    game_start_ms: i64,
) -> QueryResult<usize> {
    diesel::update(rooms::table.find(room_id))
        .set((
            rooms::status.eq("active"),
            rooms::game_start_ms.eq(Some(game_start_ms)),
        ))
        .execute(conn)
        .await
}

/// Removes the rooms whose deadline passed and that are still empty (and, for spaces, hold no
/// placed objects: those stay until their owners pick them up). One statement, so two
/// replicas sweeping at once never remove a room twice. Returns the removed codes.
pub async fn delete_expired_rooms(
    conn: &mut AsyncPgConnection,
    now: DateTime<Utc>,
) -> QueryResult<Vec<String>> {
    let members = room_members::table
        .filter(room_members::room_id.eq(rooms::id))
        .select(room_members::user_id);
    let objects = room_objects::table
        .filter(room_objects::room_id.eq(rooms::id))
        .select(room_objects::id);
    diesel::delete(
        rooms::table
            .filter(rooms::delete_after.lt(now))
            .filter(diesel::dsl::not(diesel::dsl::exists(members)))
            .filter(diesel::dsl::not(diesel::dsl::exists(objects))),
    )
    .returning(rooms::code)
    .get_results(conn)
    .await
}

/// Codes and member ids of every room (the membership rebuild).
pub async fn all_memberships(
    conn: &mut AsyncPgConnection,
) -> QueryResult<Vec<(String, String, Option<Uuid>)>> {
    rooms::table
        .left_join(room_members::table)
        .select((rooms::code, rooms::kind, room_members::user_id.nullable()))
        .load(conn)
        .await
}

/// Adds a chat line.
pub async fn insert_chat(
    conn: &mut AsyncPgConnection,
    line: &NewChatMessage<'_>,
) -> QueryResult<ChatMessage> {
    diesel::insert_into(chat_messages::table)
        .values(line)
        .returning(ChatMessage::as_returning())
        .get_result(conn)
        .await
}

/// Chat lines of a room older than `before` (all when `None`), newest first.
pub async fn list_chat(
    conn: &mut AsyncPgConnection,
    room_id: Uuid,
    before: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<ChatMessage>> {
    let mut query = chat_messages::table
        .filter(chat_messages::room_id.eq(room_id))
        .select(ChatMessage::as_select())
        .into_boxed();
    if let Some(before) = before {
        query = query.filter(chat_messages::id.lt(before));
    }
    query
        .order(chat_messages::id.desc())
        .limit(limit)
        .load(conn)
        .await
}

/// Records a placement intent unless the key was used before; returns the stored intent.
pub async fn record_placement(
    conn: &mut AsyncPgConnection,
    intent: &Placement,
) -> QueryResult<Placement> {
    diesel::insert_into(object_placements::table)
        .values(intent)
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    object_placements::table
        .find((intent.user_id, &intent.key))
        .select(Placement::as_select())
        .first(conn)
        .await
}

/// Placements recorded before `cutoff` that never produced an object, with their room code.
pub async fn pending_placements(
    conn: &mut AsyncPgConnection,
    cutoff: DateTime<Utc>,
) -> QueryResult<Vec<(String, Placement)>> {
    object_placements::table
        .inner_join(rooms::table)
        .filter(object_placements::object_id.is_null())
        .filter(object_placements::created_at.lt(cutoff))
        .select((rooms::code, Placement::as_select()))
        .limit(100)
        .load(conn)
        .await
}

/// Links a placement to the object it produced.
pub async fn finish_placement(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    key: &str,
    object_id: Uuid,
) -> QueryResult<usize> {
    diesel::update(object_placements::table.find((user_id, key)))
        .set(object_placements::object_id.eq(Some(object_id)))
        .execute(conn)
        .await
}

/// Forgets a placement inventory refused, so the key can be used again.
pub async fn drop_placement(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    key: &str,
) -> QueryResult<usize> {
    diesel::delete(object_placements::table.find((user_id, key)))
        .filter(object_placements::object_id.is_null())
        .execute(conn)
        .await
}

/// Inserts a placed object.
pub async fn insert_object(
    conn: &mut AsyncPgConnection,
    object: &RoomObject,
) -> QueryResult<RoomObject> {
    diesel::insert_into(room_objects::table)
        .values(object)
        .returning(RoomObject::as_returning())
        .get_result(conn)
        .await
}

/// Objects of a room that are in it (not being picked up), oldest first.
pub async fn list_objects(
    conn: &mut AsyncPgConnection,
    room_id: Uuid,
) -> QueryResult<Vec<RoomObject>> {
    room_objects::table
        .filter(room_objects::room_id.eq(room_id))
        .filter(room_objects::picked_up_at.is_null())
        .select(RoomObject::as_select())
        .order((room_objects::created_at, room_objects::id))
        .load(conn)
        .await
}

/// One object of a room, locked for the transaction.
pub async fn lock_object(
    conn: &mut AsyncPgConnection,
    room_id: Uuid,
    object_id: Uuid,
) -> QueryResult<Option<RoomObject>> {
    room_objects::table
        .filter(room_objects::room_id.eq(room_id))
        .filter(room_objects::id.eq(object_id))
        .select(RoomObject::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// The object by id.
pub async fn find_object(
    conn: &mut AsyncPgConnection,
    object_id: Uuid,
) -> QueryResult<Option<RoomObject>> {
    room_objects::table
        .find(object_id)
        .select(RoomObject::as_select())
        .first(conn)
        .await
        .optional()
}

/// Moves and/or rotates an object.
pub async fn move_object(
    conn: &mut AsyncPgConnection,
    object_id: Uuid,
    x: i32,
    y: i32,
    rotation: f64,
) -> QueryResult<RoomObject> {
    diesel::update(room_objects::table.find(object_id))
        .set((
            room_objects::x.eq(x),
            room_objects::y.eq(y),
            room_objects::rotation.eq(rotation),
        ))
        .returning(RoomObject::as_returning())
        .get_result(conn)
        .await
}

/// Takes an object out of the room before it is granted back.
pub async fn mark_picked_up(
    conn: &mut AsyncPgConnection,
    object_id: Uuid,
    at: DateTime<Utc>,
) -> QueryResult<usize> {
    diesel::update(room_objects::table.find(object_id))
        .set(room_objects::picked_up_at.eq(Some(at)))
        .execute(conn)
        .await
}

/// Deletes an object.
pub async fn delete_object(conn: &mut AsyncPgConnection, object_id: Uuid) -> QueryResult<usize> {
    diesel::delete(room_objects::table.find(object_id))
        .execute(conn)
        .await
}

/// Records a tool use.
pub async fn insert_tool_log(
    conn: &mut AsyncPgConnection,
    log: &NewToolLog<'_>,
) -> QueryResult<ToolLog> {
    diesel::insert_into(tool_logs::table)
        .values(log)
        .returning(ToolLog::as_returning())
        .get_result(conn)
        .await
}

/// Tool uses of a room, newest first.
pub async fn list_tool_logs(
    conn: &mut AsyncPgConnection,
    room_id: Uuid,
    before: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<ToolLog>> {
    let mut query = tool_logs::table
        .filter(tool_logs::room_id.eq(room_id))
        .select(ToolLog::as_select())
        .into_boxed();
    if let Some(before) = before {
        query = query.filter(tool_logs::id.lt(before));
    }
    query
        .order(tool_logs::id.desc())
        .limit(limit)
        .load(conn)
        .await
}
