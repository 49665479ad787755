//! Inventory's internal API: the economy transaction, XP grants and combat stats. Every
//! spending call carries an idempotency key derived from battle's own record, so a retry
//! never pays or charges twice.

use common::ServiceName;
use common::http::{InternalClient, Retry};
use contracts::inventory::{
    CombatStats, Currency, CurrencyAmount, ItemGrant, TransactionRequest, TransactionResponse,
    XpGrantRequest, XpGrantResponse,
};
use uuid::Uuid;

use crate::error::BattleError;

const TRANSACTIONS: &str = "/internal/transactions";

/// Inventory, as battle uses it.
#[derive(Clone)]
pub struct Inventory {
    internal: InternalClient,
}

impl Inventory {
    /// Over the shared internal client.
    pub fn new(internal: InternalClient) -> Self {
        Inventory { internal }
    }

    /// A player's combat stats (creates the profile on first use).
    pub async fn combat_stats(&self, user: Uuid) -> Result<CombatStats, BattleError> {
        Ok(self
            .internal
            .get(
                ServiceName::Inventory,
                &format!("/internal/players/{user}/combat-stats"),
                Some(user),
            )
            .await?)
    }

    /// Takes `amount` of `currency` from `user` (`insufficient_funds` when short).
    pub async fn debit(
        &self,
        key: String,
        user: Uuid,
        reason: &str,
        currency: Currency,
        amount: i64,
    ) -> Result<TransactionResponse, BattleError> {
        self.transact(TransactionRequest {
            idempotency_key: key,
            user_id: user,
            reason: reason.to_owned(),
            debits: vec![CurrencyAmount { currency, amount }],
            credits: Vec::new(),
            grants: Vec::new(),
            consumes: Vec::new(),
        })
        .await
    }

    /// Gives `user` currencies and catalog items at once.
    pub async fn pay(
        &self,
        key: String,
        user: Uuid,
        reason: &str,
        credits: Vec<CurrencyAmount>,
        grants: Vec<ItemGrant>,
    ) -> Result<TransactionResponse, BattleError> {
        self.transact(TransactionRequest {
            idempotency_key: key,
            user_id: user,
            reason: reason.to_owned(),
            debits: Vec::new(),
            credits,
            grants,
            consumes: Vec::new(),
        })
        .await
    }

    async fn transact(
        &self,
        request: TransactionRequest,
    ) -> Result<TransactionResponse, BattleError> {
        let user = request.user_id;
        Ok(self
            .internal
            .post(
                ServiceName::Inventory,
                TRANSACTIONS,
                &request,
                Some(user),
                Retry::Idempotent,
            )
            .await?)
    }

    /// Adds XP (levels follow); idempotent by key.
    pub async fn grant_xp(
        &self,
        key: String,
        user: Uuid,
        amount: i64,
    ) -> Result<XpGrantResponse, BattleError> {
        let request = XpGrantRequest {
            idempotency_key: key,
            amount,
            source: "battle".to_owned(),
        };
        Ok(self
            .internal
            .post(
                ServiceName::Inventory,
                &format!("/internal/players/{user}/xp"),
                &request,
                Some(user),
                Retry::Idempotent,
            )
            .await?)
    }
}
