//! Joining, attacking, claiming loot and resurrecting.

use actix_web::{post, web};
use common::auth::AuthUser;
use common::error::ProblemBody;
use common::{IdempotencyKey, OptionalIdempotencyKey, Problem};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::app::attack::{AttackInput, attack};
use crate::app::{join, loot, raid};
use crate::domain::AttackType;
use crate::error::BattleError;
use crate::state::AppState;
use crate::views::{AttackResponse, ClaimResponse, JoinResponse, ResurrectResponse};

/// Joins a battle (or rejoins it): the level requirement, capacity and the stamina cost
/// (debited through inventory once per participation). The seed's messages are the `detail`.
#[utoipa::path(post, path = "/api/battles/join/{id}", tag = "battles", params(("id" = i64, Path)),
    responses((status = 200, body = JoinResponse),
        (status = 403, body = ProblemBody, content_type = "application/problem+json", description = "`level_too_low`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`battle_not_found`"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json", description = "`battle_full`, `battle_completed`, `battle_abandoned`, `insufficient_stamina`"),
        (status = 503, body = ProblemBody, content_type = "application/problem+json", description = "inventory unreachable: retry finishes the same join")))]
#[post("/api/battles/join/{id}")]
pub async fn join_battle(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<web::Json<JoinResponse>, Problem> {
    Ok(web::Json(
        join::join(&state, user.id, id.into_inner()).await?,
    ))
}

/// `POST /api/battles/{id}/attack`
#[derive(Debug, Deserialize, ToSchema)]
pub struct AttackRequest {
    /// The enemy to hit.
    pub enemy_id: Option<serde_json::Value>,
    /// `quick`, `normal` (default), `power`, `critical` or `ultimate`.
    pub attack_type: Option<String>,
}

impl AttackRequest {
    /// Checks the body (any `damage` a client adds is ignored: the server rolls it).
    pub fn parse(&self) -> Result<AttackInput, BattleError> {
        let enemy_id = self
            .enemy_id
            .as_ref()
            .and_then(serde_json::Value::as_i64)
            .filter(|id| *id > 0)
            .ok_or_else(|| BattleError::field("enemy_id", "must be a positive integer"))?;
        let kind = match self.attack_type.as_deref() {
            None => AttackType::Normal,
            Some(raw) => AttackType::parse(raw).ok_or_else(|| {
                BattleError::field(
                    "attack_type",
                    "must be quick, normal, power, critical or ultimate",
                )
            })?,
        };
        Ok(AttackInput { enemy_id, kind })
    }
}

/// Attacks an enemy. The damage is rolled on the server from the caller's combat stats
/// (inventory) and the seed's formula; the attack type's stamina is debited through
/// inventory and given back if the enemy fell first. With an `Idempotency-Key`, a retry
/// (a lost answer, a timeout) never attacks twice: it answers the first try's result.
#[utoipa::path(post, path = "/api/battles/{id}/attack", tag = "battles", params(("id" = i64, Path),
        ("Idempotency-Key" = Option<String>, Header, description = "1-200 visible ASCII characters: a retry with the same key is applied at most once and answers as the first try did")),
    request_body = AttackRequest,
    responses((status = 200, body = AttackResponse),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`enemy_not_found`"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json", description = "`not_in_battle`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`battle_not_found`"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json", description = "`enemy_defeated`, `battle_not_in_progress`, `insufficient_stamina`, `player_dead`; with an Idempotency-Key, `attack_in_progress` (retry after Retry-After) or `idempotency_key_spent` (that attack was not applied and its stamina went back)"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`validation_failed`, or `idempotency_key_reused` (the key was sent with another battle, enemy or attack type)")))]
#[post("/api/battles/{id}/attack")]
pub async fn attack_enemy(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    key: OptionalIdempotencyKey,
    body: web::Json<AttackRequest>,
) -> Result<web::Json<AttackResponse>, Problem> {
    let input = body.parse()?;
    let key = key.into_inner();
    let key = key.as_ref().map(IdempotencyKey::as_str);
    Ok(web::Json(
        attack(&state, user.id, id.into_inner(), input, key).await?,
    ))
}

/// The seed README's path for [`attack_enemy`].
#[utoipa::path(post, path = "/api/battles/attack/{id}", tag = "battles", params(("id" = i64, Path),
        ("Idempotency-Key" = Option<String>, Header, description = "1-200 visible ASCII characters: a retry with the same key is applied at most once and answers as the first try did")),
    request_body = AttackRequest,
    responses((status = 200, body = AttackResponse),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`enemy_not_found`"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json", description = "`not_in_battle`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`battle_not_found`"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json", description = "`enemy_defeated`, `battle_not_in_progress`, `insufficient_stamina`, `player_dead`; with an Idempotency-Key, `attack_in_progress` (retry after Retry-After) or `idempotency_key_spent` (that attack was not applied and its stamina went back)"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`validation_failed`, or `idempotency_key_reused` (the key was sent with another battle, enemy or attack type)")))]
#[post("/api/battles/attack/{id}")]
pub async fn attack_seed_path(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    key: OptionalIdempotencyKey,
    body: web::Json<AttackRequest>,
) -> Result<web::Json<AttackResponse>, Problem> {
    let input = body.parse()?;
    let key = key.into_inner();
    let key = key.as_ref().map(IdempotencyKey::as_str);
    Ok(web::Json(
        attack(&state, user.id, id.into_inner(), input, key).await?,
    ))
}

/// Claims the caller's loot of a completed battle, once: gold and XP (x1.2 above 50% of the
/// damage), maybe an item. Paid through inventory under keys from the participation, so a
/// retry after a failure pays exactly once.
#[utoipa::path(post, path = "/api/battles/{id}/claim-loot", tag = "battles", params(("id" = i64, Path)),
    responses((status = 200, body = ClaimResponse),
        (status = 403, body = ProblemBody, content_type = "application/problem+json", description = "`not_in_battle`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`battle_not_found`"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json", description = "`battle_not_completed`, `loot_already_claimed`"),
        (status = 503, body = ProblemBody, content_type = "application/problem+json", description = "inventory unreachable: retry pays the same rewards")))]
#[post("/api/battles/{id}/claim-loot")]
pub async fn claim_loot(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<web::Json<ClaimResponse>, Problem> {
    Ok(web::Json(
        loot::claim(&state, user.id, id.into_inner()).await?,
    ))
}

/// `?use_potion=`
#[derive(Debug, Deserialize, IntoParams)]
pub struct ResurrectQuery {
    /// Pay gems for an immediate resurrection (default false: wait for the natural revival).
    #[serde(default)]
    pub use_potion: bool,
}

/// Brings the caller back in a boss raid: with a potion (gems through inventory) or after
/// the revival wait (900 s by default).
#[utoipa::path(post, path = "/api/battles/{id}/resurrect", tag = "battles", params(("id" = i64, Path), ResurrectQuery),
    responses((status = 200, body = ResurrectResponse),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`not_a_boss_raid`"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json", description = "`not_in_battle`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`battle_not_found`"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json", description = "`not_dead`, `revive_not_ready`, `insufficient_funds`")))]
#[post("/api/battles/{id}/resurrect")]
pub async fn resurrect(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    q: web::Query<ResurrectQuery>,
) -> Result<web::Json<ResurrectResponse>, Problem> {
    Ok(web::Json(
        raid::resurrect(&state, user.id, id.into_inner(), q.use_potion).await?,
    ))
}
