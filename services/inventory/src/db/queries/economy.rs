//! The economy's stored answers, ledger rows and shop purchases.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::models::{LedgerEntry, NewLedgerEntry, Player, ShopPurchase, TransactionRow};
use crate::db::schema::{ledger_entries, players, shop_purchases, transactions};

/// The writes that end an economy transaction: the changed player (if any), its ledger rows
/// and the stored answer. They are independent, so they go to the server pipelined (one
/// round trip instead of three).
pub async fn finish_transaction(
    conn: &AsyncPgConnection,
    player: Option<&Player>,
    ledger: &[NewLedgerEntry],
    row: &TransactionRow,
) -> QueryResult<()> {
    let save = async {
        match player {
            Some(p) => diesel::update(players::table.find(p.user_id))
                .set(p)
                .execute(&mut &*conn)
                .await
                .map(drop),
            None => Ok(()),
        }
    };
    let entries = async {
        if ledger.is_empty() {
            return Ok(());
        }
        diesel::insert_into(ledger_entries::table)
            .values(ledger)
            .execute(&mut &*conn)
            .await
            .map(drop)
    };
    let stored = async {
        diesel::insert_into(transactions::table)
            .values(row)
            .execute(&mut &*conn)
            .await
            .map(drop)
    };
    tokio::try_join!(save, entries, stored).map(drop)
}

/// A page of the player's ledger, newest first, with ids below `before` when given.
pub async fn list_ledger(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    before: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<LedgerEntry>> {
    let mut query = ledger_entries::table
        .filter(ledger_entries::user_id.eq(user_id))
        .select(LedgerEntry::as_select())
        .order(ledger_entries::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(before) = before {
        query = query.filter(ledger_entries::id.lt(before));
    }
    query.load(conn).await
}

/// Records a purchase.
pub async fn insert_purchase(
    conn: &mut AsyncPgConnection,
    purchase: &ShopPurchase,
) -> QueryResult<()> {
    diesel::insert_into(shop_purchases::table)
        .values(purchase)
        .execute(conn)
        .await
        .map(drop)
}

/// The player's latest purchases.
pub async fn list_purchases(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    limit: i64,
) -> QueryResult<Vec<ShopPurchase>> {
    shop_purchases::table
        .filter(shop_purchases::user_id.eq(user_id))
        .select(ShopPurchase::as_select())
        .order((
            shop_purchases::purchased_at.desc(),
            shop_purchases::id.desc(),
        ))
        .limit(limit)
        .load(conn)
        .await
}
