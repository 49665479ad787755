//! Admin templates: custom battles and raids, spawned into battles on demand.

use diesel::result::{DatabaseErrorKind, Error as DieselError};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::models::NewTemplate;
use crate::db::{battles, templates};
use crate::domain::bosses::by_index;
use crate::domain::generate::{boss_raid, standard};
use crate::domain::{Difficulty, RandDice};
use crate::error::BattleError;
use crate::state::AppState;
use crate::views::{BattleSummary, TemplateView};

/// `POST /api/battles/admin/templates`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateRequest {
    /// Unique name, 1..=100 characters.
    pub name: String,
    /// A boss raid (else a standard battle).
    #[serde(default)]
    pub is_boss_raid: bool,
    /// `easy` .. `legendary`.
    pub difficulty: String,
    /// Wave 1..=100 (standard battles).
    #[serde(default = "one")]
    pub wave_number: i32,
    /// 1..=100.
    #[serde(default = "one")]
    pub required_level: i32,
    /// 1..=50 (raids; the seed's default 3).
    #[serde(default = "one")]
    pub min_players: i32,
    /// 1..=50.
    #[serde(default = "ten")]
    pub max_players: i32,
    /// Gallery boss 0..=21 (raids; default 0).
    pub boss_index: Option<i32>,
}

fn one() -> i32 {
    1
}

fn ten() -> i32 {
    10
}

fn check(req: &TemplateRequest) -> Result<Difficulty, BattleError> {
    let mut errors = Vec::new();
    let mut bad = |field: &str, message: &str| {
        errors.push(common::error::FieldError {
            field: field.to_owned(),
            message: message.to_owned(),
        });
    };
    let name_len = req.name.trim().chars().count();
    if !(1..=100).contains(&name_len) {
        bad("name", "must be 1-100 characters");
    }
    let difficulty = Difficulty::parse(&req.difficulty);
    if difficulty.is_none() {
        bad(
            "difficulty",
            "must be easy, medium, hard, epic or legendary",
        );
    }
    if !(1..=100).contains(&req.wave_number) {
        bad("wave_number", "must be 1-100");
    }
    if !(1..=100).contains(&req.required_level) {
        bad("required_level", "must be 1-100");
    }
    if !(1..=50).contains(&req.max_players) {
        bad("max_players", "must be 1-50");
    }
    if !(1..=req.max_players.max(1)).contains(&req.min_players) {
        bad("min_players", "must be 1-max_players");
    }
    if req
        .boss_index
        .is_some_and(|i| by_index(i64::from(i)).is_none())
    {
        bad("boss_index", "must be 0-21");
    }
    match difficulty {
        Some(d) if errors.is_empty() => Ok(d),
        _ => Err(BattleError::Validation(errors)),
    }
}

/// Stores a template.
pub async fn create(
    state: &AppState,
    admin: Uuid,
    req: TemplateRequest,
) -> Result<TemplateView, BattleError> {
    let difficulty = check(&req)?;
    let mut conn = state.conn().await?;
    let row = templates::insert(
        &mut conn,
        &NewTemplate {
            name: req.name.trim().to_owned(),
            is_boss_raid: req.is_boss_raid,
            difficulty: difficulty.as_str().to_owned(),
            wave_number: req.wave_number,
            required_level: req.required_level,
            min_players: req.min_players,
            max_players: req.max_players,
            boss_index: req.is_boss_raid.then(|| req.boss_index.unwrap_or(0)),
            created_by: admin,
        },
    )
    .await
    .map_err(|e| match e {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
            BattleError::TemplateExists
        }
        other => other.into(),
    })?;
    Ok(TemplateView::from(&row))
}

/// Every template.
pub async fn list(state: &AppState) -> Result<Vec<TemplateView>, BattleError> {
    let mut conn = state.conn().await?;
    Ok(templates::list(&mut conn)
        .await?
        .iter()
        .map(TemplateView::from)
        .collect())
}

/// Deletes a template (battles made from it stay).
pub async fn delete(state: &AppState, id: i64) -> Result<(), BattleError> {
    let mut conn = state.conn().await?;
    if templates::delete(&mut conn, id).await? {
        Ok(())
    } else {
        Err(BattleError::TemplateNotFound)
    }
}

/// Makes a waiting battle from a template.
pub async fn spawn(state: &AppState, id: i64) -> Result<BattleSummary, BattleError> {
    let mut conn = state.conn().await?;
    let t = templates::find(&mut conn, id)
        .await?
        .ok_or(BattleError::TemplateNotFound)?;
    let difficulty = Difficulty::parse(&t.difficulty).unwrap_or(Difficulty::Easy);
    let (spec, gallery) = if t.is_boss_raid {
        let boss = by_index(i64::from(t.boss_index.unwrap_or(0))).ok_or(
            BattleError::BossNotFound(i64::from(t.boss_index.unwrap_or(0))),
        )?;
        (
            boss_raid(
                difficulty,
                boss.name,
                t.required_level,
                t.min_players,
                t.max_players,
            ),
            Some(boss.index),
        )
    } else {
        let spec = {
            let mut dice = RandDice(rand::thread_rng());
            standard(
                difficulty,
                t.wave_number,
                t.required_level,
                t.max_players,
                &mut dice,
            )
        };
        (spec, None)
    };
    let battle = battles::insert_spec(&mut conn, &spec, gallery, Some(t.id), false).await?;
    Ok(BattleSummary::new(&battle, 0))
}
