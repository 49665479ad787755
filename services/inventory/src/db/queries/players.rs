//! Profiles (plain, locked, and locked with the idempotency record) and buffs.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::Value;
use uuid::Uuid;

use crate::db::models::{Buff, NewPlayer, Player};
use crate::db::schema::{active_buffs, players, transactions};

/// The profile of `user_id`.
pub async fn find_player(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
) -> QueryResult<Option<Player>> {
    players::table
        .find(user_id)
        .select(Player::as_select())
        .first(conn)
        .await
        .optional()
}

/// The profile of `user_id` and its buffs, read pipelined (one round trip).
pub async fn player_with_buffs(
    conn: &AsyncPgConnection,
    user_id: Uuid,
) -> QueryResult<(Option<Player>, Vec<Buff>)> {
    let player = async {
        players::table
            .find(user_id)
            .select(Player::as_select())
            .first(&mut &*conn)
            .await
            .optional()
    };
    let buffs = async {
        active_buffs::table
            .filter(active_buffs::user_id.eq(user_id))
            .select(Buff::as_select())
            .order(active_buffs::expires_at)
            .load(&mut &*conn)
            .await
    };
    tokio::try_join!(player, buffs)
}

/// The profile of `user_id`, locked until the transaction ends: this lock serialises every
/// economy operation of one player.
pub async fn lock_player(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
) -> QueryResult<Option<Player>> {
    players::table
        .find(user_id)
        .select(Player::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// What the economy core reads with its lock: the player, the stored answer of this caller's
/// key (hash and response) if any, and whether a buff of theirs has expired.
pub type LockedForTransaction = (Player, Option<String>, Option<Value>, bool);

/// The profile of `user_id` locked as [`lock_player`] does, read in the same round trip as
/// the idempotency record of `(caller, key)` and whether any of their buffs expired by `now`.
pub async fn lock_player_for_transaction(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    caller: &str,
    key: &str,
    now: DateTime<Utc>,
) -> QueryResult<Option<LockedForTransaction>> {
    let stored = || {
        transactions::table.filter(
            transactions::caller
                .eq(caller)
                .and(transactions::idempotency_key.eq(key)),
        )
    };
    let expired = diesel::dsl::exists(
        active_buffs::table.filter(
            active_buffs::user_id
                .eq(user_id)
                .and(active_buffs::expires_at.le(now)),
        ),
    );
    players::table
        .find(user_id)
        .select((
            Player::as_select(),
            stored().select(transactions::request_hash).single_value(),
            stored().select(transactions::response).single_value(),
            expired,
        ))
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Creates a profile unless one exists.
pub async fn insert_player(conn: &mut AsyncPgConnection, new: &NewPlayer<'_>) -> QueryResult<()> {
    diesel::insert_into(players::table)
        .values(new)
        .on_conflict_do_nothing()
        .execute(conn)
        .await
        .map(drop)
}

/// Writes every column of a (locked) profile.
pub async fn save_player(conn: &mut AsyncPgConnection, player: &Player) -> QueryResult<()> {
    diesel::update(players::table.find(player.user_id))
        .set(player)
        .execute(conn)
        .await
        .map(drop)
}

/// Stores the username auth reported.
pub async fn set_username(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    username: &str,
) -> QueryResult<()> {
    diesel::update(players::table.find(user_id))
        .set((
            players::username.eq(username),
            players::username_synced.eq(true),
        ))
        .execute(conn)
        .await
        .map(drop)
}

/// The player's buffs, soonest to expire first.
pub async fn list_buffs(conn: &mut AsyncPgConnection, user_id: Uuid) -> QueryResult<Vec<Buff>> {
    active_buffs::table
        .filter(active_buffs::user_id.eq(user_id))
        .select(Buff::as_select())
        .order(active_buffs::expires_at)
        .load(conn)
        .await
}

/// Deletes the player's buffs that expired by `now`; returns them.
pub async fn take_expired_buffs(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> QueryResult<Vec<Buff>> {
    diesel::delete(
        active_buffs::table.filter(
            active_buffs::user_id
                .eq(user_id)
                .and(active_buffs::expires_at.le(now)),
        ),
    )
    .returning(Buff::as_returning())
    .get_results(conn)
    .await
}

/// Adds a buff.
pub async fn insert_buff(conn: &mut AsyncPgConnection, buff: &Buff) -> QueryResult<()> {
    diesel::insert_into(active_buffs::table)
        .values(buff)
        .execute(conn)
        .await
        .map(drop)
}
