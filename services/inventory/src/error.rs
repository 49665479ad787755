//! The inventory service's one error enum and its problem+json mapping.

use actix_web::http::StatusCode;
use common::Problem;
use common::error::FieldError;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::pooled_connection::deadpool::PoolError;
use uuid::Uuid;

/// Everything an inventory endpoint can answer besides success.
#[derive(Debug, thiserror::Error)]
pub enum InventoryError {
    /// Some fields of the request are invalid.
    #[error("invalid fields")]
    Validation(Vec<FieldError>),
    /// A balance would go negative.
    #[error("insufficient {currency}: need {needed}, have {available}")]
    InsufficientFunds {
        /// `gold`, `gems` or `stamina`.
        currency: &'static str,
        /// What the operation needs.
        needed: i64,
        /// What the player has.
        available: i64,
    },
    /// A stack holds fewer items than the operation takes.
    #[error("not enough of item {item_id}: need {needed}, have {available}")]
    InsufficientQuantity {
        /// The item.
        item_id: Uuid,
        /// What the operation takes.
        needed: i64,
        /// What the stack holds.
        available: i64,
    },
    /// No such item in the caller's inventory (also another player's item).
    #[error("item not found in inventory")]
    ItemNotFound,
    /// No such catalog entry (or it is not sold).
    #[error("item not found in shop: {0}")]
    CatalogItemNotFound(String),
    /// The entry cannot be bought the way asked (no price in that currency).
    #[error("not for sale this way")]
    NotForSale(&'static str),
    /// No such pet of the caller's.
    #[error("pet not found")]
    PetNotFound,
    /// No save of the caller's under this name.
    #[error("save game not found")]
    SaveNotFound,
    /// The player's level is below the item's requirement.
    #[error("player level {level} too low; required {required}")]
    LevelTooLow {
        /// The player's level.
        level: i32,
        /// The requirement.
        required: i32,
    },
    /// The item does not fit the slot.
    #[error("cannot equip {item_type} in {slot} slot")]
    WrongSlot {
        /// The item's type.
        item_type: String,
        /// The slot asked for.
        slot: &'static str,
    },
    /// More stat points requested than available.
    #[error("not enough stat points")]
    NotEnoughStatPoints {
        /// Unspent points.
        available: i32,
        /// Points requested.
        requested: i64,
    },
    /// Starter items are only for empty inventories.
    #[error("player already has items")]
    AlreadyHasItems,
    /// The item is not a potion.
    #[error("item is not a potion")]
    NotAPotion,
    /// The item is not pet food.
    #[error("item is not pet food")]
    NotFood,
    /// A boost of this kind is already running.
    #[error("a {0} is already active")]
    BuffAlreadyActive(&'static str),
    /// Eggs cannot be fed or equipped.
    #[error("pet is an unhatched egg")]
    PetIsEgg,
    /// Only eggs hatch.
    #[error("pet is already hatched")]
    PetAlreadyHatched,
    /// Only equipment can be enhanced.
    #[error("item cannot be enhanced")]
    NotEnhanceable,
    /// The item is at its highest enhancement level.
    #[error("item is at its maximum level")]
    MaxLevelReached,
    /// A catalog entry with this id exists.
    #[error("catalog entry exists")]
    CatalogEntryExists,
    /// The idempotency key was used before for a different request.
    #[error("idempotency key reused with a different request")]
    IdempotencyKeyReused,
    /// No pooled database connection (database down or pool exhausted).
    #[error("database unavailable: {0}")]
    DatabaseUnavailable(#[from] PoolError),
    /// A query failed.
    #[error("database error: {0}")]
    Database(DieselError),
    /// Anything else that is our fault.
    #[error("internal error: {0:#}")]
    Internal(anyhow::Error),
}

impl From<DieselError> for InventoryError {
    fn from(err: DieselError) -> Self {
        on_constraint(&err).unwrap_or(InventoryError::Database(err))
    }
}

/// The client-facing error behind a named constraint violation. The CHECK constraints are
/// the last line of defence: code checks balances first, so these fire only on a bug.
fn on_constraint(err: &DieselError) -> Option<InventoryError> {
    let DieselError::DatabaseError(kind, info) = err else {
        return None;
    };
    let funds = |currency| InventoryError::InsufficientFunds {
        currency,
        needed: 0,
        available: 0,
    };
    match (kind, info.constraint_name()?) {
        (DatabaseErrorKind::CheckViolation, "players_gold_non_negative") => Some(funds("gold")),
        (DatabaseErrorKind::CheckViolation, "players_gems_non_negative") => Some(funds("gems")),
        (DatabaseErrorKind::CheckViolation, "players_stamina_non_negative") => {
            Some(funds("stamina"))
        }
        (DatabaseErrorKind::UniqueViolation, "catalog_items_pkey") => {
            Some(InventoryError::CatalogEntryExists)
        }
        _ => None,
    }
}

impl InventoryError {
    /// One invalid field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        InventoryError::Validation(vec![FieldError {
            field: field.to_owned(),
            message: message.into(),
        }])
    }

    /// The HTTP status of each variant.
    pub fn status_code(&self) -> StatusCode {
        use InventoryError as E;
        match self {
            E::Validation(_) | E::IdempotencyKeyReused => StatusCode::UNPROCESSABLE_ENTITY,
            E::InsufficientFunds { .. }
            | E::InsufficientQuantity { .. }
            | E::MaxLevelReached
            | E::CatalogEntryExists => StatusCode::CONFLICT,
            E::ItemNotFound | E::CatalogItemNotFound(_) | E::PetNotFound | E::SaveNotFound => {
                StatusCode::NOT_FOUND
            }
            E::NotForSale(_)
            | E::LevelTooLow { .. }
            | E::WrongSlot { .. }
            | E::NotEnoughStatPoints { .. }
            | E::AlreadyHasItems
            | E::NotAPotion
            | E::NotFood
            | E::BuffAlreadyActive(_)
            | E::PetIsEgg
            | E::PetAlreadyHatched
            | E::NotEnhanceable => StatusCode::BAD_REQUEST,
            E::DatabaseUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            E::Database(_) | E::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable problem code of each variant.
    pub fn code(&self) -> &'static str {
        use InventoryError as E;
        match self {
            E::Validation(_) => "validation_failed",
            E::InsufficientFunds { .. } => "insufficient_funds",
            E::InsufficientQuantity { .. } => "insufficient_quantity",
            E::ItemNotFound | E::CatalogItemNotFound(_) => "item_not_found",
            E::NotForSale(_) => "not_for_sale",
            E::PetNotFound => "pet_not_found",
            E::SaveNotFound => "save_not_found",
            E::LevelTooLow { .. } => "level_too_low",
            E::WrongSlot { .. } => "wrong_slot",
            E::NotEnoughStatPoints { .. } => "not_enough_stat_points",
            E::AlreadyHasItems => "player_has_items",
            E::NotAPotion => "not_a_potion",
            E::NotFood => "not_food",
            E::BuffAlreadyActive(_) => "buff_already_active",
            E::PetIsEgg => "pet_is_egg",
            E::PetAlreadyHatched => "pet_already_hatched",
            E::NotEnhanceable => "not_enhanceable",
            E::MaxLevelReached => "max_level_reached",
            E::CatalogEntryExists => "catalog_item_exists",
            E::IdempotencyKeyReused => "idempotency_key_reused",
            E::DatabaseUnavailable(_) => "database_unavailable",
            E::Database(_) | E::Internal(_) => "internal_error",
        }
    }

    /// The seed-style human-readable detail of client errors.
    fn detail(&self) -> String {
        use InventoryError as E;
        match self {
            E::InsufficientFunds {
                currency,
                needed,
                available,
            } if *needed > 0 => {
                format!("Insufficient {currency} (need {needed}, have {available})")
            }
            E::InsufficientFunds { currency, .. } => format!("Insufficient {currency}"),
            E::ItemNotFound => "Item not found in inventory".to_owned(),
            E::CatalogItemNotFound(id) => format!("Item not found in shop: {id}"),
            E::NotForSale(why) => (*why).to_owned(),
            E::PetNotFound => "Pet not found".to_owned(),
            E::SaveNotFound => "Save game not found".to_owned(),
            E::LevelTooLow { level, required } => {
                format!("Player level {level} too low. Required: {required}")
            }
            E::WrongSlot { item_type, slot } => format!("Cannot equip {item_type} in {slot} slot"),
            E::NotEnoughStatPoints {
                available,
                requested,
            } => format!("Not enough stat points. Available: {available}, Requested: {requested}"),
            E::AlreadyHasItems => "Player already has items".to_owned(),
            E::PetIsEgg => "Cannot feed or equip an unhatched egg".to_owned(),
            E::PetAlreadyHatched => "Pet is already hatched".to_owned(),
            E::BuffAlreadyActive(kind) => format!("You already have an active {kind}!"),
            E::MaxLevelReached => "The item is already at its maximum level".to_owned(),
            E::IdempotencyKeyReused => {
                "this idempotency key was already used for a different request".to_owned()
            }
            other => {
                let mut s = other.to_string();
                if let Some(first) = s.get_mut(0..1) {
                    first.make_ascii_uppercase();
                }
                s
            }
        }
    }
}

impl From<InventoryError> for Problem {
    fn from(err: InventoryError) -> Self {
        let status = err.status_code();
        match err {
            InventoryError::Validation(errors) => Problem::validation(errors),
            InventoryError::DatabaseUnavailable(e) => {
                Problem::unavailable("database_unavailable", e)
            }
            InventoryError::Database(e) => Problem::internal(e),
            InventoryError::Internal(e) => Problem::internal(e),
            other => Problem::new(status, other.code()).detail(other.detail()),
        }
    }
}
