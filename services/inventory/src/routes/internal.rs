//! `/internal/*`: the economy transaction, combat stats and XP grants other services call
//! with a service token (never routed by the gateway).

use actix_web::{get, post, web};
use chrono::Utc;
use common::Problem;
use common::auth::InternalCaller;
use common::error::ProblemBody;
use contracts::inventory::{
    CombatStats, GachaCatalogItem, StatBlock, TransactionRequest, TransactionResponse,
    XpGrantRequest, XpGrantResponse,
};
use diesel_async::AsyncConnection;
use uuid::Uuid;

use crate::app::economy::{Caller, Effect, lock_or_create_player, refresh_player};
use crate::app::profile;
use crate::app::views::{EquipmentSetView, PetSetView};
use crate::db::queries;
use crate::domain::items::{SetType, stars};
use crate::error::InventoryError;
use crate::state::AppState;

/// Applies debits, credits, grants, consumes and XP for one player atomically. The key is unique
/// per calling service: a replay answers with the stored first result (`replayed: true`) and
/// changes nothing. Profiles are made on first use.
#[utoipa::path(post, path = "/internal/transactions", tag = "internal",
    request_body = TransactionRequest,
    responses(
        (status = 200, body = TransactionResponse),
        (status = 401, body = ProblemBody, content_type = "application/problem+json", description = "`missing_service_token`, `invalid_service_token`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`item_not_found` (unknown catalog id or not the player's item)"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json", description = "`insufficient_funds`, `insufficient_quantity`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`validation_failed`, `idempotency_key_reused`"),
    ))]
#[post("/internal/transactions")]
#[tracing::instrument(name = "post_transaction", skip_all, fields(caller = %caller.service, user.id = %body.user_id))]
pub async fn post_transaction(
    state: web::Data<AppState>,
    caller: InternalCaller,
    body: web::Json<TransactionRequest>,
) -> Result<web::Json<TransactionResponse>, Problem> {
    let body = body.into_inner();
    // XP rides in the transaction so a reward of gold, items and XP is paid all at once.
    let effect = match body.xp {
        None => Effect::None,
        Some(amount) if (1..=1_000_000).contains(&amount) => Effect::Xp { amount },
        Some(_) => return Err(InventoryError::field("xp", "must be 1-1000000").into()),
    };
    let answer = state
        .economy
        .execute(Caller::service(&caller.service), body, effect)
        .await?;
    Ok(web::Json(answer))
}

/// Adds XP to a player (levels, stat points and the level-up stamina refill follow).
/// Idempotent per calling service and key.
#[utoipa::path(post, path = "/internal/players/{id}/xp", tag = "internal",
    request_body = XpGrantRequest,
    params(("id" = Uuid, Path, description = "The player's user id")),
    responses(
        (status = 200, body = XpGrantResponse),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`validation_failed`, `idempotency_key_reused`"),
    ))]
#[post("/internal/players/{id}/xp")]
#[tracing::instrument(name = "grant_xp", skip_all, fields(caller = %caller.service))]
pub async fn grant_xp(
    state: web::Data<AppState>,
    caller: InternalCaller,
    id: web::Path<Uuid>,
    body: web::Json<XpGrantRequest>,
) -> Result<web::Json<XpGrantResponse>, Problem> {
    let body = body.into_inner();
    if !(1..=1_000_000).contains(&body.amount) {
        return Err(InventoryError::field("amount", "must be 1-1000000").into());
    }
    let source: String = body.source.chars().take(40).collect();
    let request = TransactionRequest {
        idempotency_key: body.idempotency_key,
        user_id: id.into_inner(),
        reason: format!("xp:{source}"),
        debits: Vec::new(),
        credits: Vec::new(),
        grants: Vec::new(),
        consumes: Vec::new(),
        xp: None,
    };
    let answer = state
        .economy
        .execute(
            Caller::service(&caller.service),
            request,
            Effect::Xp {
                amount: body.amount,
            },
        )
        .await?;
    let outcome = answer
        .outcome
        .ok_or_else(|| InventoryError::internal(anyhow::anyhow!("XP grant without outcome")))?;
    let mut grant: XpGrantResponse =
        serde_json::from_value(outcome).map_err(InventoryError::internal)?;
    grant.replayed = answer.replayed;
    Ok(web::Json(grant))
}

/// What battle computes damage from: base stats, the attack equipment set, the hatched pets
/// of the attack pet set, and active attack/defense boosts (percent multipliers).
#[utoipa::path(get, path = "/internal/players/{id}/combat-stats", tag = "internal",
    params(("id" = Uuid, Path, description = "The player's user id")),
    responses(
        (status = 200, body = CombatStats),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
    ))]
#[get("/internal/players/{id}/combat-stats")]
#[tracing::instrument(name = "get_combat_stats", skip_all, fields(caller = %caller.service))]
pub async fn get_combat_stats(
    state: web::Data<AppState>,
    caller: InternalCaller,
    id: web::Path<Uuid>,
) -> Result<web::Json<CombatStats>, Problem> {
    let user_id = id.into_inner();
    let settings = state.settings.clone();
    let mut conn = state.conn().await?;
    let (player, buffs, equipped, pets) = conn
        .transaction::<_, InventoryError, _>(async move |conn| {
            let mut player = lock_or_create_player(conn, user_id, &settings).await?;
            let before = player.clone();
            let now = Utc::now();
            refresh_player(conn, &mut player, now, settings.stamina_regen_secs).await?;
            if player != before {
                queries::save_player(conn, &player).await?;
            }
            let buffs = queries::list_buffs(conn, user_id).await?;
            let equipped = queries::list_equipped(conn, user_id).await?;
            let pets = queries::list_equipped_pets(conn, user_id).await?;
            Ok((player, buffs, equipped, pets))
        })
        .await?;
    // Battle shows this name to the other players: a profile made here (a player who joins a
    // battle before opening their profile) gets auth's name, not the placeholder.
    let player = profile::sync_username(&state, player).await;
    let equipment = EquipmentSetView::build(SetType::Attack, &equipped).1;
    let pet_stats = PetSetView::build(SetType::Attack, &pets).1;
    let multiplier = |kind: &str| {
        1.0 + buffs
            .iter()
            .filter(|b| b.buff_type == kind)
            .map(|b| f64::from(b.effect_value) / 100.0)
            .sum::<f64>()
    };
    let (attack_multiplier, defense_multiplier) =
        (multiplier("attack_boost"), multiplier("defense_boost"));
    let base = StatBlock {
        attack: i64::from(player.base_attack),
        defense: i64::from(player.base_defense),
        hp: i64::from(player.base_hp),
    };
    let sum = |b: i64, e: i64, p: i64| b + e + p;
    let total = StatBlock {
        attack: (sum(base.attack, equipment.attack, pet_stats.attack) as f64 * attack_multiplier)
            as i64,
        defense: (sum(base.defense, equipment.defense, pet_stats.defense) as f64
            * defense_multiplier) as i64,
        hp: sum(base.hp, equipment.hp, pet_stats.hp),
    };
    Ok(web::Json(CombatStats {
        user_id,
        username: player.username,
        level: player.level,
        base,
        equipment: StatBlock {
            attack: equipment.attack,
            defense: equipment.defense,
            hp: equipment.hp,
        },
        pets: StatBlock {
            attack: pet_stats.attack,
            defense: pet_stats.defense,
            hp: pet_stats.hp,
        },
        attack_multiplier,
        defense_multiplier,
        total,
        stamina: player.stamina,
        stamina_max: player.stamina_max,
        active_buffs: buffs.into_iter().map(|b| b.buff_type).collect(),
    }))
}

/// Every gacha-only catalog entry (kinds `character` and `weapon`) with its star rating:
/// what gacha checks banner pools against.
#[utoipa::path(get, path = "/internal/catalog/gacha", tag = "internal",
    responses(
        (status = 200, body = [GachaCatalogItem]),
        (status = 401, body = ProblemBody, content_type = "application/problem+json"),
    ))]
#[get("/internal/catalog/gacha")]
#[tracing::instrument(name = "list_gacha_catalog", skip_all, fields(caller = %caller.service))]
pub async fn list_gacha_catalog(
    state: web::Data<AppState>,
    caller: InternalCaller,
) -> Result<web::Json<Vec<GachaCatalogItem>>, Problem> {
    let mut conn = state.conn().await?;
    let rows = queries::list_catalog(&mut conn, false)
        .await
        .map_err(InventoryError::from)?;
    Ok(web::Json(
        rows.iter()
            .map(|r| r.entry())
            .filter(|e| e.is_gacha())
            .map(|e| GachaCatalogItem {
                stars: stars(&e.rarity) as i16,
                catalog_id: e.id,
                kind: e.kind,
                name: e.name,
            })
            .collect(),
    ))
}
