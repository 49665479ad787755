//! A player's profile: made on first use, its username taken from auth, and brought up to
//! date (stamina regeneration, expired buffs) whenever it is read.

use chrono::Utc;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use uuid::Uuid;

use crate::app::economy::{lock_or_create_player, refresh_player};
use crate::db::models::{Buff, NewPlayer, Player};
use crate::db::queries;
use crate::domain::progression::regenerate_stamina;
use crate::error::InventoryError;
use crate::state::AppState;

/// How long a username lookup may delay a player's first request.
const USERNAME_LOOKUP_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(800);

/// Makes sure `user_id` has a profile, asking auth for the username when it is new.
pub async fn ensure(state: &AppState, user_id: Uuid) -> Result<(), InventoryError> {
    let mut conn = state.conn().await?;
    if queries::find_player(&mut conn, user_id).await?.is_none() {
        create(state, &mut conn, user_id).await?;
    }
    Ok(())
}

/// Creates the profile (unless a concurrent request just did).
async fn create(
    state: &AppState,
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
) -> Result<(), InventoryError> {
    let fetched = if state.settings.fetch_usernames {
        state
            .internal
            .username(user_id, USERNAME_LOOKUP_TIMEOUT)
            .await
    } else {
        None
    };
    let placeholder = crate::app::economy::placeholder_username(user_id);
    queries::insert_player(
        conn,
        &NewPlayer {
            user_id,
            username: fetched.as_deref().unwrap_or(&placeholder),
            username_synced: fetched.is_some(),
            gold: state.settings.starting_gold,
            gems: state.settings.starting_gems,
            stamina: state.settings.starting_stamina,
        },
    )
    .await?;
    Ok(())
}

/// The profile as of now, with its running buffs; made on first use. Writes only when
/// something changed (stamina regenerated, a buff expired), under the player's lock.
pub async fn current(
    state: &AppState,
    user_id: Uuid,
) -> Result<(Player, Vec<Buff>), InventoryError> {
    let mut conn = state.conn().await?;
    let now = Utc::now();
    let regen = state.settings.stamina_regen_secs;
    let (mut found, mut buffs) = queries::player_with_buffs(&conn, user_id).await?;
    if found.is_none() {
        create(state, &mut conn, user_id).await?;
        (found, buffs) = queries::player_with_buffs(&conn, user_id).await?;
    }
    if let Some(player) = found {
        let stale = buffs.iter().any(|b| b.expires_at <= now)
            || regenerate_stamina(
                player.stamina,
                player.stamina_max,
                player.last_stamina_regen,
                now,
                regen,
            )
            .is_some_and(|s| s != player.stamina);
        if !stale {
            drop(conn);
            return Ok((sync_username(state, player).await, buffs));
        }
    }
    let settings = state.settings.clone();
    let (player, buffs) = conn
        .transaction::<_, InventoryError, _>(async move |conn| {
            let mut player = lock_or_create_player(conn, user_id, &settings).await?;
            let before = player.clone();
            refresh_player(conn, &mut player, now, regen).await?;
            if player != before {
                player.updated_at = now;
                queries::save_player(conn, &player).await?;
            }
            let buffs = queries::list_buffs(conn, user_id).await?;
            Ok((player, buffs))
        })
        .await?;
    Ok((sync_username(state, player).await, buffs))
}

/// Replaces a placeholder username with auth's, when auth answers.
pub async fn sync_username(state: &AppState, mut player: Player) -> Player {
    if player.username_synced || !state.settings.fetch_usernames {
        return player;
    }
    if let Some(name) = state
        .internal
        .username(player.user_id, USERNAME_LOOKUP_TIMEOUT)
        .await
    {
        let stored = match state.conn().await {
            Ok(mut conn) => queries::set_username(&mut conn, player.user_id, &name).await,
            Err(_) => return player,
        };
        if stored.is_ok() {
            player.username = name;
            player.username_synced = true;
        }
    }
    player
}
