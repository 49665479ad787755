//! JumpJumpJump save games.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::models::SaveGame;
use crate::db::schema::save_games;

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
