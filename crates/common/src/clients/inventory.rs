//! Inventory's internal API: the economy transaction (debits, credits, grants, consumes under
//! one idempotency key), combat stats and XP grants. Room, gacha, battle and ai call it.

use contracts::ServiceName;
use contracts::inventory::{
    CombatStats, CurrencyAmount, ItemConsume, ItemGrant, TransactionRequest, TransactionResponse,
    XpGrantRequest, XpGrantResponse,
};
use uuid::Uuid;

use crate::http::{CallError, InternalClient, Retry};

const TRANSACTIONS: &str = "/internal/transactions";

/// Calls inventory for the service that holds it.
#[derive(Clone)]
pub struct InventoryClient {
    internal: InternalClient,
}

impl InventoryClient {
    /// A client over the service's internal HTTP client (service token, request id, retries).
    pub fn new(internal: InternalClient) -> Self {
        InventoryClient { internal }
    }

    /// Runs one economy transaction. Retried on transport errors and 5xx: the idempotency key
    /// makes a repeat return the first answer, so a retry never charges or grants twice.
    pub async fn transact(
        &self,
        request: &TransactionRequest,
    ) -> Result<TransactionResponse, CallError> {
        self.internal
            .post(
                ServiceName::Inventory,
                TRANSACTIONS,
                request,
                Some(request.user_id),
                Retry::Idempotent,
            )
            .await
    }

    /// The player's combat stats (level, attack, defense... with equipment and pets).
    pub async fn combat_stats(&self, user: Uuid) -> Result<CombatStats, CallError> {
        let path = format!("/internal/players/{user}/combat-stats");
        self.internal
            .get(ServiceName::Inventory, &path, Some(user))
            .await
    }

    /// Grants XP (idempotent by the request's key).
    pub async fn grant_xp(
        &self,
        user: Uuid,
        request: &XpGrantRequest,
    ) -> Result<XpGrantResponse, CallError> {
        let path = format!("/internal/players/{user}/xp");
        self.internal
            .post(
                ServiceName::Inventory,
                &path,
                request,
                Some(user),
                Retry::Idempotent,
            )
            .await
    }
}

/// Builds a [`TransactionRequest`] one operation at a time.
#[derive(Debug, Clone)]
pub struct Transaction(TransactionRequest);

impl Transaction {
    /// An empty transaction for `user` under `key`, ledgered with `reason`.
    pub fn new(key: impl Into<String>, user: Uuid, reason: impl Into<String>) -> Self {
        Transaction(TransactionRequest {
            idempotency_key: key.into(),
            user_id: user,
            reason: reason.into(),
            debits: Vec::new(),
            credits: Vec::new(),
            grants: Vec::new(),
            consumes: Vec::new(),
            xp: None,
        })
    }

    /// Takes `amount` of a currency (the transaction fails with 409 when it is short).
    pub fn debit(mut self, amount: CurrencyAmount) -> Self {
        self.0.debits.push(amount);
        self
    }

    /// Gives `amount` of a currency.
    pub fn credit(mut self, amount: CurrencyAmount) -> Self {
        self.0.credits.push(amount);
        self
    }

    /// Gives `quantity` of catalog entry `catalog_id`.
    pub fn grant(mut self, catalog_id: impl Into<String>, quantity: i32) -> Self {
        self.0.grants.push(ItemGrant {
            catalog_id: catalog_id.into(),
            quantity,
        });
        self
    }

    /// Takes `quantity` of the owned item `item_id`.
    pub fn consume(mut self, item_id: Uuid, quantity: i32) -> Self {
        self.0.consumes.push(ItemConsume { item_id, quantity });
        self
    }

    /// Adds `amount` XP in the same transaction (the answer's `outcome` is the XP result).
    pub fn xp(mut self, amount: i64) -> Self {
        self.0.xp = Some(amount);
        self
    }

    /// The request to send.
    pub fn build(self) -> TransactionRequest {
        self.0
    }
}
