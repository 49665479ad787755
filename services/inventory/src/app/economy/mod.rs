//! The economy core: every change of a balance, an item stack, XP or a pet's growth that
//! costs something goes through [`execute`], which applies it in one PostgreSQL transaction
//! under the player's row lock, writes a ledger row per change, and stores its answer under
//! `(caller, idempotency key)` so a replay returns the first answer and changes nothing.

mod effects;
mod session;

use std::sync::Arc;

use common::db::DbPool;
use common::error::FieldError;
use common::outbox::{self, NewEvent, Outbox};
use contracts::Topic;
use contracts::inventory::{MAX_OPERATIONS, TransactionRequest, TransactionResponse};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel_async::AsyncConnection;
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::db::queries;
use crate::error::InventoryError;
use crate::settings::InventorySettings;

pub use effects::{Effect, PayCurrency};
pub use session::{lock_or_create_player, placeholder_username, refresh_player};

/// Largest amount of one currency a single operation may move.
pub const MAX_AMOUNT: i64 = 1_000_000_000;
/// Largest quantity of one grant or consume.
pub const MAX_QUANTITY: i32 = 1000;

/// Who asks: a service (`svc:gacha`) or a player acting for themselves (`player:<id>`).
/// Idempotency keys are unique per caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller(String);

impl Caller {
    /// Another service of the platform.
    pub fn service(name: &str) -> Self {
        Caller(format!("svc:{name}"))
    }

    /// A player's own spending endpoint.
    pub fn player(user_id: Uuid) -> Self {
        Caller(format!("player:{user_id}"))
    }

    /// An operator's console action (keys are unique per admin).
    pub fn admin(user_id: Uuid) -> Self {
        Caller(format!("admin:{user_id}"))
    }

    /// The stored form.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Checks a request's shape before any database work.
pub fn validate(req: &TransactionRequest) -> Result<(), InventoryError> {
    let mut errors = Vec::new();
    let mut bad = |field: String, message: &str| {
        errors.push(FieldError {
            field,
            message: message.to_owned(),
        })
    };
    if !valid_key(&req.idempotency_key) {
        bad(
            "idempotency_key".into(),
            "must be 1-200 visible ASCII characters",
        );
    }
    let reason_len = req.reason.chars().count();
    if !(1..=100).contains(&reason_len) || req.reason.chars().any(char::is_control) {
        bad("reason".into(), "must be 1-100 characters");
    }
    let ops = req.debits.len() + req.credits.len() + req.grants.len() + req.consumes.len();
    if ops > MAX_OPERATIONS {
        bad("debits".into(), "at most 50 operations per transaction");
    }
    for (list, amounts) in [("debits", &req.debits), ("credits", &req.credits)] {
        for (i, a) in amounts.iter().enumerate() {
            if !(1..=MAX_AMOUNT).contains(&a.amount) {
                bad(format!("{list}[{i}].amount"), "must be 1-1000000000");
            }
        }
    }
    for (i, g) in req.grants.iter().enumerate() {
        if !(1..=MAX_QUANTITY).contains(&g.quantity) {
            bad(format!("grants[{i}].quantity"), "must be 1-1000");
        }
        if g.catalog_id.is_empty() || g.catalog_id.len() > 64 {
            bad(format!("grants[{i}].catalog_id"), "must be a catalog id");
        }
    }
    for (i, c) in req.consumes.iter().enumerate() {
        if !(1..=MAX_QUANTITY).contains(&c.quantity) {
            bad(format!("consumes[{i}].quantity"), "must be 1-1000");
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(InventoryError::Validation(errors))
    }
}

pub use common::idempotency::valid as valid_key;

/// In-process lock stripes (see [`Economy::execute`]).
const STRIPES: usize = 1024;

/// What a transaction needs besides its request.
#[derive(Clone)]
pub struct Economy {
    db: DbPool,
    settings: Arc<InventorySettings>,
    outbox: Outbox,
    stripes: Arc<[tokio::sync::Mutex<()>]>,
}

impl Economy {
    /// The economy over `db`, announcing grants through `outbox`.
    pub fn new(db: DbPool, settings: Arc<InventorySettings>, outbox: Outbox) -> Self {
        Economy {
            db,
            settings,
            outbox,
            stripes: (0..STRIPES).map(|_| tokio::sync::Mutex::new(())).collect(),
        }
    }

    /// The in-process lock of `user_id`'s stripe.
    fn stripe(&self, user_id: Uuid) -> &tokio::sync::Mutex<()> {
        let index = (user_id.as_u128() % STRIPES as u128) as usize;
        &self.stripes[index]
    }

    /// Applies `req` (and `effect`) for `caller` atomically and idempotently; see the module
    /// documentation. The work runs on its own task, so a client that disconnects mid-way
    /// does not cancel a half-done transaction: it commits (or rolls back) on its own, and
    /// the client's retry with the same key gets the stored answer.
    ///
    /// Correctness rests on the player's row lock in PostgreSQL (so any number of replicas
    /// is safe); requests for one player inside this process first queue on an in-memory
    /// stripe lock, so a burst for one wallet waits without holding pool connections.
    pub async fn execute(
        &self,
        caller: Caller,
        req: TransactionRequest,
        effect: Effect,
    ) -> Result<TransactionResponse, InventoryError> {
        validate(&req)?;
        let hash = request_hash(&req, &effect)?;
        let economy = self.clone();
        let task = tokio::spawn(async move {
            // A concurrent first use of the same key by another player's request loses the
            // unique race; the second attempt finds the stored row and answers from it.
            let _queued = economy.stripe(req.user_id).lock().await;
            let mut attempt = 0;
            loop {
                attempt += 1;
                match economy.attempt(&caller, &req, &effect, &hash).await {
                    Err(InventoryError::Infra(common::Infra::Database(e)))
                        if attempt < 3 && is_retryable(&e) =>
                    {
                        tracing::debug!(error = %e, "retrying transaction");
                    }
                    other => return other,
                }
            }
        });
        let answer = task.await.map_err(|e| {
            InventoryError::internal(anyhow::anyhow!("transaction task failed: {e}"))
        })??;
        if !answer.replayed && !answer.granted.is_empty() {
            self.outbox.wake();
        }
        Ok(answer)
    }

    async fn attempt(
        &self,
        caller: &Caller,
        req: &TransactionRequest,
        effect: &Effect,
        hash: &str,
    ) -> Result<TransactionResponse, InventoryError> {
        let mut conn = self.db.get().await?;
        let settings = &self.settings;
        conn.transaction::<_, InventoryError, _>(async move |conn| {
            let now = chrono::Utc::now();
            let mut locked = session::lock_for_transaction(
                conn,
                req.user_id,
                caller.as_str(),
                &req.idempotency_key,
                now,
                settings,
            )
            .await?;
            if let Some((stored_hash, response)) = locked.stored.take() {
                if stored_hash != hash {
                    return Err(InventoryError::IdempotencyKeyReused);
                }
                let mut stored: TransactionResponse =
                    serde_json::from_value(response).map_err(InventoryError::internal)?;
                stored.replayed = true;
                return Ok(stored);
            }
            let mut session = session::Session::open(conn, req, locked, now, settings).await?;
            for debit in &req.debits {
                session.debit(debit.currency, debit.amount)?;
            }
            for credit in &req.credits {
                session.credit(credit.currency, credit.amount)?;
            }
            for consume in &req.consumes {
                let item = session.lock_item(consume.item_id).await?;
                session.consume(item, consume.quantity).await?;
            }
            if !req.grants.is_empty() {
                // One catalog read and one multi-row insert for the whole list: a ten-pull's
                // grants were twenty round trips (docs/BENCHMARKS.md, gacha).
                let ids: Vec<&str> = req.grants.iter().map(|g| g.catalog_id.as_str()).collect();
                let entries = queries::find_catalog_many(session.conn(), &ids).await?;
                let grants = req
                    .grants
                    .iter()
                    .map(|grant| {
                        entries
                            .iter()
                            .find(|e| e.id == grant.catalog_id)
                            .map(|entry| (entry, grant.quantity))
                            .ok_or_else(|| {
                                InventoryError::CatalogItemNotFound(grant.catalog_id.clone())
                            })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                session.grant_all(&grants).await?;
            }
            let outcome = effects::apply(&mut session, effect).await?;
            let answer = session.finish(caller.as_str(), hash, outcome).await?;
            if let Some(event) = granted_event(&answer)? {
                outbox::enqueue_all(conn, &[event]).await?;
            }
            Ok(answer)
        })
        .await
    }
}

/// `items_granted` on `user:{id}`: what a transaction that granted items gave the player,
/// written in the transaction itself (the ledger is the record; the event tells the clients).
fn granted_event(answer: &TransactionResponse) -> Result<Option<NewEvent>, InventoryError> {
    if answer.granted.is_empty() {
        return Ok(None);
    }
    let data = serde_json::json!({
        "transaction_id": answer.transaction_id,
        "reason": answer.reason,
        "granted": answer.granted,
    });
    Ok(Some(NewEvent::new(
        &Topic::user(answer.user_id),
        "items_granted",
        &data,
    )?))
}

/// SHA-256 over the request and effect, to tell a replay from a reused key.
fn request_hash(req: &TransactionRequest, effect: &Effect) -> Result<String, InventoryError> {
    #[derive(Serialize)]
    struct Hashed<'a> {
        req: &'a TransactionRequest,
        effect: &'a Effect,
    }
    let bytes = serde_json::to_vec(&Hashed { req, effect }).map_err(InventoryError::internal)?;
    let digest = Sha256::digest(&bytes);
    Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
}

/// Errors worth one more attempt: the key's unique race, serialization failures, deadlocks.
fn is_retryable(err: &DieselError) -> bool {
    match err {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
            info.constraint_name() == Some("transactions_caller_key")
        }
        DieselError::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contracts::inventory::{Currency, CurrencyAmount};

    fn request() -> TransactionRequest {
        TransactionRequest {
            idempotency_key: "k".into(),
            user_id: Uuid::nil(),
            reason: "test".into(),
            debits: vec![CurrencyAmount {
                currency: Currency::Gold,
                amount: 5,
            }],
            credits: vec![],
            grants: vec![],
            consumes: vec![],
            xp: None,
        }
    }

    #[test]
    fn amounts_and_keys_are_checked() {
        assert!(validate(&request()).is_ok());
        let mut r = request();
        r.debits[0].amount = 0;
        r.idempotency_key = "has space".into();
        let Err(InventoryError::Validation(errors)) = validate(&r) else {
            panic!("expected validation errors");
        };
        assert_eq!(errors.len(), 2);
    }

    #[test]
    fn the_hash_tells_requests_apart() {
        let a = request_hash(&request(), &Effect::None).unwrap();
        let mut other = request();
        other.debits[0].amount = 6;
        assert_ne!(a, request_hash(&other, &Effect::None).unwrap());
        assert_eq!(a, request_hash(&request(), &Effect::None).unwrap());
    }
}
