//! JumpJumpJump save games.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::models::{KeySaveGame, SaveGame};
use crate::db::schema::{key_save_games, save_games};

/// Creates or replaces the caller's save of `player_name`.
pub async fn upsert_save(conn: &mut AsyncPgConnection, save: &SaveGame) -> QueryResult<()> {
    diesel::insert_into(save_games::table)
        .values(save)
        .on_conflict((save_games::user_id, save_games::player_name))
        .do_update()
        .set(save)
        .execute(conn)
        .await
        .map(drop)
}

/// The caller's save of `player_name`.
pub async fn find_save(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    player_name: &str,
) -> QueryResult<Option<SaveGame>> {
    save_games::table
        .find((user_id, player_name))
        .select(SaveGame::as_select())
        .first(conn)
        .await
        .optional()
}

/// Deletes the caller's save of `player_name`; whether there was one.
pub async fn delete_save(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    player_name: &str,
) -> QueryResult<bool> {
    diesel::delete(save_games::table.find((user_id, player_name)))
        .execute(conn)
        .await
        .map(|n| n > 0)
}

/// Creates or replaces a key namespace's save of `player_name`.
pub async fn upsert_key_save(conn: &mut AsyncPgConnection, save: &KeySaveGame) -> QueryResult<()> {
    diesel::insert_into(key_save_games::table)
        .values(save)
        .on_conflict((key_save_games::namespace, key_save_games::player_name))
        .do_update()
        .set(save)
        .execute(conn)
        .await
        .map(drop)
}

/// A key namespace's save of `player_name`.
pub async fn find_key_save(
    conn: &mut AsyncPgConnection,
    namespace: &str,
    player_name: &str,
) -> QueryResult<Option<KeySaveGame>> {
    key_save_games::table
        .find((namespace, player_name))
        .select(KeySaveGame::as_select())
        .first(conn)
        .await
        .optional()
}

/// Deletes a key namespace's save of `player_name`; whether there was one.
pub async fn delete_key_save(
    conn: &mut AsyncPgConnection,
    namespace: &str,
    player_name: &str,
) -> QueryResult<bool> {
    diesel::delete(key_save_games::table.find((namespace, player_name)))
        .execute(conn)
        .await
        .map(|n| n > 0)
}
