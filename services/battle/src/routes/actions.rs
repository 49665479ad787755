//! `POST /internal/actions`: WebSocket actions the gateway forwards for a player (native
//! `action` frames and the `/ws/battle` dialect). Each names its battle with `battle_id`.

use actix_web::{post, web};
use common::Problem;
use common::auth::InternalCaller;
use common::error::ProblemBody;
use contracts::battle::{BattleAction, ChatEvent, PresenceEvent};
use contracts::events::ActionRequest;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::app::attack::{AttackInput, attack};
use crate::db::{logs, participants};
use crate::error::BattleError;
use crate::events::{self, Event};
use crate::routes::combat::AttackRequest;
use crate::state::AppState;
use crate::views::LogView;

/// Longest chat message.
const CHAT_MAX: usize = 500;
/// Logs a dialect client gets on connect (the seed's 100).
const CONNECT_LOGS: i64 = 100;

/// Runs one action for the acting player (`x-user-id`): `attack` {battle_id, enemy_id,
/// attack_type} (any `damage` is ignored), `chat` {battle_id, message}, `connect`
/// {battle_id} (the last 100 logs for the dialect's greeting; publishes `player_joined` with
/// the connected players), `disconnect` {battle_id} (publishes `player_left`).
#[utoipa::path(post, path = "/internal/actions", tag = "internal", request_body = ActionRequest,
    responses((status = 200, description = "the reply's data"),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json")))]
#[post("/internal/actions")]
#[tracing::instrument(name = "battle_action", skip_all, fields(action = %body.kind))]
pub async fn run_action(
    state: web::Data<AppState>,
    caller: InternalCaller,
    body: web::Json<ActionRequest>,
) -> Result<web::Json<Value>, Problem> {
    let user = caller.player()?;
    let ActionRequest { kind, data } = body.into_inner();
    let action = BattleAction::parse(&kind).ok_or(BattleError::UnknownAction)?;
    Ok(web::Json(dispatch(&state, user, action, &data).await?))
}

fn battle_id(data: &Value) -> Result<i64, BattleError> {
    data.get("battle_id")
        .and_then(|v| {
            v.as_i64()
                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        })
        .filter(|id| *id > 0)
        .ok_or_else(|| BattleError::field("battle_id", "must be a positive integer"))
}

async fn dispatch(
    state: &AppState,
    user: Uuid,
    action: BattleAction,
    data: &Value,
) -> Result<Value, BattleError> {
    match action {
        BattleAction::Attack => {
            let id = battle_id(data)?;
            let req = AttackRequest {
                enemy_id: data.get("enemy_id").cloned(),
                attack_type: data
                    .get("attack_type")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            };
            let input: AttackInput = req.parse()?;
            // A frame may carry `idempotency_key`, as the HTTP route's header.
            let key = match data.get("idempotency_key").and_then(Value::as_str) {
                Some(key) => Some(common::IdempotencyKey::parse(key).map_err(|_| {
                    BattleError::field("idempotency_key", "must be 1-200 visible ASCII characters")
                })?),
                None => None,
            };
            let answer = attack(state, user, id, input, key.as_ref().map(|k| k.as_str())).await?;
            serde_json::to_value(answer).map_err(BattleError::internal)
        }
        BattleAction::Chat => {
            let id = battle_id(data)?;
            let message = data
                .get("message")
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|m| !m.is_empty() && m.chars().count() <= CHAT_MAX)
                .ok_or_else(|| BattleError::field("message", "must be 1-500 characters"))?;
            let me = member(state, id, user).await?;
            events::publish_all(
                state,
                id,
                &[Event::of(
                    "chat",
                    &ChatEvent {
                        username: me,
                        user_id: user,
                        message: message.to_owned(),
                    },
                )],
            )
            .await;
            Ok(json!({ "sent": true }))
        }
        BattleAction::Connect => {
            let id = battle_id(data)?;
            let me = member(state, id, user).await?;
            let mut conn = state.conn().await?;
            let rows = logs::latest(&mut conn, id, CONNECT_LOGS).await?;
            let logs: Vec<LogView> = rows.iter().map(LogView::from).collect();
            let players = events::presence(state, id, &me, 1).await?;
            let count = players.len();
            events::publish_all(
                state,
                id,
                &[Event::of(
                    "player_joined",
                    &PresenceEvent {
                        username: me.clone(),
                        player_count: count,
                        players,
                    },
                )],
            )
            .await;
            Ok(json!({ "battle_id": id, "username": me, "logs": logs, "player_count": count }))
        }
        BattleAction::Disconnect => {
            let id = battle_id(data)?;
            let me = member(state, id, user).await?;
            let players = events::presence(state, id, &me, -1).await?;
            events::publish_all(
                state,
                id,
                &[Event::of(
                    "player_left",
                    &PresenceEvent {
                        username: me,
                        player_count: players.len(),
                        players,
                    },
                )],
            )
            .await;
            Ok(json!({ "left": true }))
        }
    }
}

/// The caller's name in the battle; 403 unless they joined it.
async fn member(state: &AppState, battle_id: i64, user: Uuid) -> Result<String, BattleError> {
    let mut conn = state.conn().await?;
    participants::find(&mut conn, battle_id, user)
        .await?
        .filter(|p| p.stamina_paid)
        .map(|p| p.username)
        .ok_or(BattleError::NotInBattle)
}
