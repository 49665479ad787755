//! The calls battle makes to inventory, over the shared typed client. Every spending call
//! carries an idempotency key derived from battle's own record, so a retry never pays or
//! charges twice.

use common::clients::InventoryClient;
use common::clients::inventory::Transaction;
use contracts::inventory::{CombatStats, Currency, CurrencyAmount, TransactionResponse};
use uuid::Uuid;

use crate::error::BattleError;

/// Inventory, as battle uses it.
#[derive(Clone)]
pub struct Inventory {
    client: InventoryClient,
}

impl Inventory {
    /// Over the shared client.
    pub fn new(client: InventoryClient) -> Self {
        Inventory { client }
    }

    /// A player's combat stats (inventory makes the profile on first use).
    pub async fn combat_stats(&self, user: Uuid) -> Result<CombatStats, BattleError> {
        Ok(self.client.combat_stats(user).await?)
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
        let tx = Transaction::new(key, user, reason)
            .debit(CurrencyAmount { currency, amount })
            .build();
        Ok(self.client.transact(&tx).await?)
    }

    /// Gives `user` currencies and catalog items in one transaction.
    pub async fn pay(
        &self,
        key: String,
        user: Uuid,
        reason: &str,
        credits: Vec<CurrencyAmount>,
        grants: Vec<String>,
    ) -> Result<TransactionResponse, BattleError> {
        let mut tx = Transaction::new(key, user, reason);
        for credit in credits {
            tx = tx.credit(credit);
        }
        for catalog_id in grants {
            tx = tx.grant(catalog_id, 1);
        }
        Ok(self.client.transact(&tx.build()).await?)
    }

    /// Gives `user` currencies, catalog items and `xp` (when positive) in one transaction; the
    /// answer's `outcome` is then inventory's XP result (level-ups).
    pub async fn reward(
        &self,
        key: String,
        user: Uuid,
        reason: &str,
        credits: Vec<CurrencyAmount>,
        grants: Vec<String>,
        xp: i64,
    ) -> Result<TransactionResponse, BattleError> {
        let mut tx = Transaction::new(key, user, reason);
        for credit in credits {
            tx = tx.credit(credit);
        }
        for catalog_id in grants {
            tx = tx.grant(catalog_id, 1);
        }
        if xp > 0 {
            tx = tx.xp(xp);
        }
        Ok(self.client.transact(&tx.build()).await?)
    }
}
