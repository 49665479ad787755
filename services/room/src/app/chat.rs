//! Room chat: validated, stored, and published on `room:{code}` through the outbox.

use contracts::room::events::ChatLine;
use uuid::Uuid;

use diesel_async::AsyncConnection;

use crate::app::base::{FLUSH_WAIT, enqueue, load_as_member};
use crate::db::models::{ChatMessage, NewChatMessage};
use crate::db::queries;
use crate::domain::RoomCode;
use crate::error::RoomError;
use crate::state::AppState;

/// Validates, stores and publishes a chat message.
pub async fn chat(
    state: &AppState,
    user: Uuid,
    code: &RoomCode,
    message: &str,
) -> Result<ChatMessage, RoomError> {
    let message = message.trim();
    let chars = message.chars().count();
    if chars == 0 || chars > state.settings.chat_max_chars {
        return Err(RoomError::field(
            "message",
            &format!("must be 1..={} characters", state.settings.chat_max_chars),
        ));
    }
    let view = load_as_member(state, code, user).await?;
    let name = view
        .member(user)
        .map(|m| m.display_name.clone())
        .unwrap_or_default();
    let mut conn = state.conn().await?;
    let line = conn
        .transaction::<_, RoomError, _>(async |conn| {
            let line = queries::insert_chat(
                conn,
                &NewChatMessage {
                    room_id: view.room.id,
                    user_id: user,
                    display_name: &name,
                    message,
                },
            )
            .await?;
            enqueue(conn, code.as_str(), "chat", &chat_json(&line)).await?;
            Ok(line)
        })
        .await?;
    drop(conn);
    // The sender's answer comes after its line reached the room, as before the outbox.
    state.outbox.flush(FLUSH_WAIT).await;
    Ok(line)
}

/// A chat line on the wire (JumpJumpJump `chat` and cafe `message_received` fields).
pub fn chat_json(line: &ChatMessage) -> ChatLine {
    ChatLine {
        avatar_url: None,
        created_at: line.created_at,
        id: line.id,
        message: line.message.clone(),
        player_id: line.user_id,
        player_name: line.display_name.clone(),
        timestamp: line.created_at,
        user_id: line.user_id,
        username: line.display_name.clone(),
    }
}
