//! The battle service's one error enum and its problem+json mapping. The seed's messages are
//! kept as `detail` (its web client shows them); `code` is stable for programs.

use actix_web::http::StatusCode;
use common::Problem;
use common::error::FieldError;
use common::error::Infra;

/// Everything a battle endpoint or action can answer besides success.
#[derive(Debug, thiserror::Error)]
pub enum BattleError {
    /// Some fields of the request are invalid.
    #[error("invalid fields")]
    Validation(Vec<FieldError>),
    /// No such battle.
    #[error("battle not found")]
    BattleNotFound,
    /// No such enemy in the battle.
    #[error("enemy not found")]
    EnemyNotFound,
    /// The enemy is already down.
    #[error("enemy already defeated")]
    EnemyDefeated,
    /// Attacks need a running battle.
    #[error("battle not in progress")]
    NotInProgress,
    /// The caller has not joined (or not paid for) the battle.
    #[error("not in this battle")]
    NotInBattle,
    /// Joining a finished battle.
    #[error("battle completed")]
    AlreadyCompleted,
    /// Joining an abandoned battle.
    #[error("battle abandoned")]
    Abandoned,
    /// The caller's level is below the requirement.
    #[error("level too low")]
    LevelTooLow {
        /// The requirement.
        required: i32,
    },
    /// Not enough stamina to join.
    #[error("not enough stamina to join")]
    StaminaToJoin {
        /// Cost.
        need: i64,
        /// Balance.
        have: i64,
    },
    /// Not enough stamina to attack.
    #[error("not enough stamina to attack")]
    StaminaToAttack {
        /// Cost.
        need: i64,
        /// Balance.
        have: i64,
    },
    /// No free slot.
    #[error("battle is full")]
    BattleFull,
    /// The attack's batch failed or its intent was settled first: no hit, stamina refunded.
    #[error("attack not applied")]
    NotApplied,
    /// An attack with this idempotency key is still open (an earlier try is in flight, or its
    /// intent waits for the reconciler).
    #[error("attack in progress")]
    AttackInProgress,
    /// The attack made with this idempotency key was not applied; its stamina went back.
    #[error("idempotency key spent")]
    KeySpent,
    /// The idempotency key was used for another attack (battle, enemy or attack type).
    #[error("idempotency key reused")]
    IdempotencyKeyReused,
    /// Loot needs a completed battle.
    #[error("battle not completed")]
    NotCompleted,
    /// Loot is paid once.
    #[error("already claimed")]
    AlreadyClaimed,
    /// The raid boss killed the caller.
    #[error("dead in raid")]
    Dead,
    /// Resurrecting someone alive.
    #[error("not dead")]
    NotDead,
    /// Resurrection applies to raids only.
    #[error("not a raid")]
    NotARaid,
    /// Natural revival is not due yet.
    #[error("revival not ready")]
    ReviveNotReady {
        /// Seconds left.
        seconds: i64,
    },
    /// Not enough gems for a potion.
    #[error("not enough gems")]
    NotEnoughGems {
        /// Price.
        need: i64,
    },
    /// No such template.
    #[error("template not found")]
    TemplateNotFound,
    /// A template with this name exists.
    #[error("template exists")]
    TemplateExists,
    /// No such gallery boss.
    #[error("boss not found")]
    BossNotFound(i64),
    /// The asset service could not give a boss image's URL (the cause is logged).
    #[error("boss images unavailable")]
    ImagesUnavailable(anyhow::Error),
    /// The gateway forwarded an action this service does not have.
    #[error("unknown action")]
    UnknownAction,
    /// The database, Redis or a peer failed (a peer's refusal passes through).
    #[error(transparent)]
    Infra(#[from] Infra),
}

common::infra_from!(BattleError);

impl BattleError {
    /// One invalid field.
    pub fn field(field: &str, message: &str) -> Self {
        BattleError::Validation(vec![FieldError {
            field: field.to_owned(),
            message: message.to_owned(),
        }])
    }

    /// An internal (500) failure.
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        BattleError::Infra(Infra::internal(cause))
    }

    /// Whether inventory answered `insufficient_funds`.
    pub fn is_insufficient_funds(&self) -> bool {
        matches!(self, BattleError::Infra(i)
            if i.peer_refusal().is_some_and(|(_, code, _)| code == "insufficient_funds"))
    }

    /// The HTTP status of each variant.
    pub fn status_code(&self) -> StatusCode {
        use BattleError as E;
        match self {
            E::Validation(_) | E::IdempotencyKeyReused => StatusCode::UNPROCESSABLE_ENTITY,
            E::BattleNotFound | E::TemplateNotFound | E::BossNotFound(_) | E::UnknownAction => {
                StatusCode::NOT_FOUND
            }
            E::EnemyNotFound | E::NotARaid => StatusCode::BAD_REQUEST,
            E::NotInBattle | E::LevelTooLow { .. } => StatusCode::FORBIDDEN,
            E::EnemyDefeated
            | E::NotInProgress
            | E::AlreadyCompleted
            | E::Abandoned
            | E::StaminaToJoin { .. }
            | E::StaminaToAttack { .. }
            | E::BattleFull
            | E::NotCompleted
            | E::AlreadyClaimed
            | E::Dead
            | E::NotDead
            | E::ReviveNotReady { .. }
            | E::NotEnoughGems { .. }
            | E::TemplateExists
            | E::AttackInProgress
            | E::KeySpent => StatusCode::CONFLICT,
            E::NotApplied | E::ImagesUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            E::Infra(i) => i.status_code(),
        }
    }
}

impl From<BattleError> for Problem {
    fn from(err: BattleError) -> Self {
        use BattleError as E;
        let status = err.status_code();
        let client = |code: &'static str, detail: String| Problem::new(status, code).detail(detail);
        match err {
            E::Validation(errors) => Problem::validation(errors),
            E::BattleNotFound => client("battle_not_found", "Battle not found".into()),
            E::EnemyNotFound => client("enemy_not_found", "Enemy not found".into()),
            E::EnemyDefeated => client("enemy_defeated", "Enemy already defeated".into()),
            E::NotInProgress => client("battle_not_in_progress", "Battle not in progress".into()),
            E::NotInBattle => client("not_in_battle", "Not in this battle".into()),
            E::AlreadyCompleted => client("battle_completed", "Battle is already completed".into()),
            E::Abandoned => client("battle_abandoned", "Battle has been abandoned".into()),
            E::LevelTooLow { required } => {
                client("level_too_low", format!("Requires level {required}"))
            }
            E::StaminaToJoin { need, have } => client(
                "insufficient_stamina",
                format!("Not enough stamina (need {need}, have {have})"),
            ),
            E::StaminaToAttack { need, have } => client(
                "insufficient_stamina",
                format!("Not enough stamina! Need {need}, have {have}"),
            ),
            E::BattleFull => client("battle_full", "Battle is full".into()),
            E::NotApplied => client(
                "attack_not_applied",
                "The attack was not applied; any stamina it took is given back".into(),
            )
            .retry_after(1),
            E::AttackInProgress => client(
                "attack_in_progress",
                "An attack with this Idempotency-Key is still in progress; retry shortly".into(),
            )
            .retry_after(1),
            E::KeySpent => client(
                "idempotency_key_spent",
                "The attack sent with this Idempotency-Key was not applied and its stamina was \
                 given back; attack again with a new key"
                    .into(),
            ),
            E::IdempotencyKeyReused => client(
                "idempotency_key_reused",
                "This Idempotency-Key was used for a different attack".into(),
            ),
            E::NotCompleted => client("battle_not_completed", "Battle not completed".into()),
            E::AlreadyClaimed => client("loot_already_claimed", "Already claimed loot".into()),
            E::Dead => client(
                "player_dead",
                "You are dead! Wait to revive or use a resurrection potion.".into(),
            ),
            E::NotDead => client("not_dead", "You are not dead".into()),
            E::NotARaid => client(
                "not_a_boss_raid",
                "Resurrection is only for boss raids".into(),
            ),
            E::ReviveNotReady { seconds } => client(
                "revive_not_ready",
                format!("You can revive in {seconds} seconds, or use a potion"),
            ),
            E::NotEnoughGems { need } => client(
                "insufficient_funds",
                format!("Not enough gems (need {need})"),
            ),
            E::TemplateNotFound => client("template_not_found", "Template not found".into()),
            E::TemplateExists => {
                client("template_exists", "A template with this name exists".into())
            }
            E::BossNotFound(i) => client("boss_not_found", format!("Boss image {i} not found")),
            E::ImagesUnavailable(cause) => Problem::unavailable("images_unavailable", cause)
                .public_detail("Boss images are unavailable right now; try again shortly")
                .retry_after(5),
            E::UnknownAction => client(
                "unknown_action",
                "the battle service has no such action".into(),
            ),
            E::Infra(i) => i.into(),
        }
    }
}
