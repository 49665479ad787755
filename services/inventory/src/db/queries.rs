//! Queries of the inventory database. Each takes a connection, so the caller owns the
//! transaction (the economy core runs many of them inside one).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::upsert::excluded;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::Value;
use uuid::Uuid;

use super::models::{
    Buff, CatalogItem, EquippedItem, EquippedPet, Item, LedgerEntry, NewCatalogItem,
    NewLedgerEntry, NewPlayer, Pet, Player, SaveGame, ShopPurchase, TransactionRow,
};
use super::schema::{
    active_buffs, catalog_items, equipped_items, equipped_pets, items, ledger_entries, pets,
    players, save_games, shop_purchases, transactions,
};

// ---- catalog -----------------------------------------------------------------------------

/// Inserts entries; with `overwrite` existing ones are replaced, else left as they are (so
/// an admin's edits survive a restart). Returns how many rows were written.
pub async fn seed_catalog(
    conn: &mut AsyncPgConnection,
    entries: &[NewCatalogItem<'_>],
    overwrite: bool,
) -> QueryResult<usize> {
    let insert = diesel::insert_into(catalog_items::table).values(entries);
    if overwrite {
        insert
            .on_conflict(catalog_items::id)
            .do_update()
            .set((
                catalog_items::kind.eq(excluded(catalog_items::kind)),
                catalog_items::item_type.eq(excluded(catalog_items::item_type)),
                catalog_items::name.eq(excluded(catalog_items::name)),
                catalog_items::description.eq(excluded(catalog_items::description)),
                catalog_items::icon.eq(excluded(catalog_items::icon)),
                catalog_items::rarity.eq(excluded(catalog_items::rarity)),
                catalog_items::level_requirement.eq(excluded(catalog_items::level_requirement)),
                catalog_items::attack_bonus.eq(excluded(catalog_items::attack_bonus)),
                catalog_items::defense_bonus.eq(excluded(catalog_items::defense_bonus)),
                catalog_items::hp_bonus.eq(excluded(catalog_items::hp_bonus)),
                catalog_items::price_gold.eq(excluded(catalog_items::price_gold)),
                catalog_items::price_gems.eq(excluded(catalog_items::price_gems)),
                catalog_items::stackable.eq(excluded(catalog_items::stackable)),
                catalog_items::pet_species.eq(excluded(catalog_items::pet_species)),
                catalog_items::food_xp.eq(excluded(catalog_items::food_xp)),
                catalog_items::potion_type.eq(excluded(catalog_items::potion_type)),
                catalog_items::effect_value.eq(excluded(catalog_items::effect_value)),
                catalog_items::duration_secs.eq(excluded(catalog_items::duration_secs)),
                catalog_items::furniture_type.eq(excluded(catalog_items::furniture_type)),
                catalog_items::starter.eq(excluded(catalog_items::starter)),
                catalog_items::in_shop.eq(excluded(catalog_items::in_shop)),
                catalog_items::updated_at.eq(excluded(catalog_items::updated_at)),
            ))
            .execute(conn)
            .await
    } else {
        insert.on_conflict_do_nothing().execute(conn).await
    }
}

/// Every catalog entry (only those in the shop with `shop_only`), by kind, level and price.
pub async fn list_catalog(
    conn: &mut AsyncPgConnection,
    shop_only: bool,
) -> QueryResult<Vec<CatalogItem>> {
    let mut query = catalog_items::table
        .select(CatalogItem::as_select())
        .order((
            catalog_items::kind,
            catalog_items::level_requirement,
            catalog_items::price_gold,
            catalog_items::id,
        ))
        .into_boxed();
    if shop_only {
        query = query.filter(catalog_items::in_shop.eq(true));
    }
    query.load(conn).await
}

/// The catalog entry `id`.
pub async fn find_catalog(
    conn: &mut AsyncPgConnection,
    id: &str,
) -> QueryResult<Option<CatalogItem>> {
    catalog_items::table
        .find(id)
        .select(CatalogItem::as_select())
        .first(conn)
        .await
        .optional()
}

/// The starter entries.
pub async fn starter_catalog(conn: &mut AsyncPgConnection) -> QueryResult<Vec<CatalogItem>> {
    catalog_items::table
        .filter(catalog_items::starter.eq(true))
        .select(CatalogItem::as_select())
        .order(catalog_items::id)
        .load(conn)
        .await
}

/// Inserts one entry (unique violation on an existing id).
pub async fn insert_catalog(
    conn: &mut AsyncPgConnection,
    entry: &NewCatalogItem<'_>,
) -> QueryResult<CatalogItem> {
    diesel::insert_into(catalog_items::table)
        .values(entry)
        .returning(CatalogItem::as_returning())
        .get_result(conn)
        .await
}

/// Replaces entry `id`; `None` when it does not exist.
pub async fn update_catalog(
    conn: &mut AsyncPgConnection,
    id: &str,
    entry: &NewCatalogItem<'_>,
) -> QueryResult<Option<CatalogItem>> {
    diesel::update(catalog_items::table.find(id))
        .set(entry)
        .returning(CatalogItem::as_returning())
        .get_result(conn)
        .await
        .optional()
}

/// Takes entry `id` out of the shop (owned copies keep working); whether it existed.
pub async fn retire_catalog(conn: &mut AsyncPgConnection, id: &str) -> QueryResult<bool> {
    diesel::update(catalog_items::table.find(id))
        .set((
            catalog_items::in_shop.eq(false),
            catalog_items::updated_at.eq(Utc::now()),
        ))
        .execute(conn)
        .await
        .map(|n| n > 0)
}

// ---- players -----------------------------------------------------------------------------

/// The profile of `user_id`.
pub async fn find_player(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
) -> QueryResult<Option<Player>> {
    players::table
        .find(user_id)
        .select(Player::as_select())
        .first(conn)
        .await
        .optional()
}

/// The profile of `user_id` and its buffs, read pipelined (one round trip).
pub async fn player_with_buffs(
    conn: &AsyncPgConnection,
    user_id: Uuid,
) -> QueryResult<(Option<Player>, Vec<Buff>)> {
    let player = async {
        players::table
            .find(user_id)
            .select(Player::as_select())
            .first(&mut &*conn)
            .await
            .optional()
    };
    let buffs = async {
        active_buffs::table
            .filter(active_buffs::user_id.eq(user_id))
            .select(Buff::as_select())
            .order(active_buffs::expires_at)
            .load(&mut &*conn)
            .await
    };
    tokio::try_join!(player, buffs)
}

/// The profile of `user_id`, locked until the transaction ends: this lock serialises every
/// economy operation of one player.
pub async fn lock_player(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
) -> QueryResult<Option<Player>> {
    players::table
        .find(user_id)
        .select(Player::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// What the economy core reads with its lock: the player, the stored answer of this caller's
/// key (hash and response) if any, and whether a buff of theirs has expired.
pub type LockedForTransaction = (Player, Option<String>, Option<Value>, bool);

/// The profile of `user_id` locked as [`lock_player`] does, read in the same round trip as
/// the idempotency record of `(caller, key)` and whether any of their buffs expired by `now`.
pub async fn lock_player_for_transaction(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    caller: &str,
    key: &str,
    now: DateTime<Utc>,
) -> QueryResult<Option<LockedForTransaction>> {
    let stored = || {
        transactions::table.filter(
            transactions::caller
                .eq(caller)
                .and(transactions::idempotency_key.eq(key)),
        )
    };
    let expired = diesel::dsl::exists(
        active_buffs::table.filter(
            active_buffs::user_id
                .eq(user_id)
                .and(active_buffs::expires_at.le(now)),
        ),
    );
    players::table
        .find(user_id)
        .select((
            Player::as_select(),
            stored().select(transactions::request_hash).single_value(),
            stored().select(transactions::response).single_value(),
            expired,
        ))
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Creates a profile unless one exists.
pub async fn insert_player(conn: &mut AsyncPgConnection, new: &NewPlayer<'_>) -> QueryResult<()> {
    diesel::insert_into(players::table)
        .values(new)
        .on_conflict_do_nothing()
        .execute(conn)
        .await
        .map(drop)
}

/// Writes every column of a (locked) profile.
pub async fn save_player(conn: &mut AsyncPgConnection, player: &Player) -> QueryResult<()> {
    diesel::update(players::table.find(player.user_id))
        .set(player)
        .execute(conn)
        .await
        .map(drop)
}

/// Stores the username auth reported.
pub async fn set_username(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    username: &str,
) -> QueryResult<()> {
    diesel::update(players::table.find(user_id))
        .set((
            players::username.eq(username),
            players::username_synced.eq(true),
        ))
        .execute(conn)
        .await
        .map(drop)
}

// ---- items -------------------------------------------------------------------------------

/// The player's items, newest first.
pub async fn list_items(conn: &mut AsyncPgConnection, user_id: Uuid) -> QueryResult<Vec<Item>> {
    items::table
        .filter(items::user_id.eq(user_id))
        .select(Item::as_select())
        .order((items::acquired_at.desc(), items::id))
        .load(conn)
        .await
}

/// How many items rows the player has.
pub async fn count_items(conn: &mut AsyncPgConnection, user_id: Uuid) -> QueryResult<i64> {
    items::table
        .filter(items::user_id.eq(user_id))
        .count()
        .get_result(conn)
        .await
}

/// The player's item `id` (another player's item reads as absent).
pub async fn find_item(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    id: Uuid,
) -> QueryResult<Option<Item>> {
    items::table
        .filter(items::id.eq(id).and(items::user_id.eq(user_id)))
        .select(Item::as_select())
        .first(conn)
        .await
        .optional()
}

/// The player's item `id`, locked until the transaction ends.
pub async fn lock_item(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    id: Uuid,
) -> QueryResult<Option<Item>> {
    items::table
        .filter(items::id.eq(id).and(items::user_id.eq(user_id)))
        .select(Item::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// The player's food stack giving the least XP (what a seed client feeds without naming one).
pub async fn smallest_food(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
) -> QueryResult<Option<Item>> {
    items::table
        .inner_join(catalog_items::table)
        .filter(
            items::user_id
                .eq(user_id)
                .and(catalog_items::kind.eq("food")),
        )
        .select(Item::as_select())
        .order((catalog_items::food_xp.asc(), items::id))
        .first(conn)
        .await
        .optional()
}

/// Inserts several pets.
pub async fn insert_pets(conn: &mut AsyncPgConnection, rows: &[Pet]) -> QueryResult<()> {
    diesel::insert_into(pets::table)
        .values(rows)
        .execute(conn)
        .await
        .map(drop)
}

/// Inserts several item rows.
pub async fn insert_items(conn: &mut AsyncPgConnection, rows: &[Item]) -> QueryResult<()> {
    diesel::insert_into(items::table)
        .values(rows)
        .execute(conn)
        .await
        .map(drop)
}

/// The player's stack of catalog entry `catalog_id`.
pub async fn find_stack(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    catalog_id: &str,
) -> QueryResult<Option<Item>> {
    items::table
        .filter(
            items::user_id
                .eq(user_id)
                .and(items::catalog_id.eq(catalog_id))
                .and(items::stackable.eq(true)),
        )
        .select(Item::as_select())
        .first(conn)
        .await
        .optional()
}

/// Inserts an item row.
pub async fn insert_item(conn: &mut AsyncPgConnection, item: &Item) -> QueryResult<()> {
    diesel::insert_into(items::table)
        .values(item)
        .execute(conn)
        .await
        .map(drop)
}

/// Sets a row's quantity.
pub async fn set_item_quantity(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    quantity: i32,
) -> QueryResult<()> {
    diesel::update(items::table.find(id))
        .set(items::quantity.eq(quantity))
        .execute(conn)
        .await
        .map(drop)
}

/// Deletes an item row (and any slot it was in).
pub async fn delete_item(conn: &mut AsyncPgConnection, id: Uuid) -> QueryResult<()> {
    diesel::delete(items::table.find(id))
        .execute(conn)
        .await
        .map(drop)
}

/// Stores an enhancement.
pub async fn set_item_enhancement(
    conn: &mut AsyncPgConnection,
    id: Uuid,
    level: i32,
    stats: (i32, i32, i32),
) -> QueryResult<()> {
    diesel::update(items::table.find(id))
        .set((
            items::enhance_level.eq(level),
            items::attack_bonus.eq(stats.0),
            items::defense_bonus.eq(stats.1),
            items::hp_bonus.eq(stats.2),
        ))
        .execute(conn)
        .await
        .map(drop)
}

// ---- equipment ---------------------------------------------------------------------------

/// The player's equipped items with their slots.
pub async fn list_equipped(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
) -> QueryResult<Vec<(EquippedItem, Item)>> {
    equipped_items::table
        .inner_join(items::table)
        .filter(equipped_items::user_id.eq(user_id))
        .select((EquippedItem::as_select(), Item::as_select()))
        .load(conn)
        .await
}

/// Puts an item in a slot: first out of any slot it was in, then replacing the slot's item.
pub async fn equip_item(conn: &mut AsyncPgConnection, slot: &EquippedItem) -> QueryResult<()> {
    diesel::delete(equipped_items::table.filter(equipped_items::item_id.eq(slot.item_id)))
        .execute(conn)
        .await?;
    diesel::insert_into(equipped_items::table)
        .values(slot)
        .on_conflict((
            equipped_items::user_id,
            equipped_items::set_type,
            equipped_items::slot,
        ))
        .do_update()
        .set(equipped_items::item_id.eq(slot.item_id))
        .execute(conn)
        .await
        .map(drop)
}

/// Empties a slot.
pub async fn clear_item_slot(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    set_type: &str,
    slot: &str,
) -> QueryResult<()> {
    diesel::delete(equipped_items::table.find((user_id, set_type, slot)))
        .execute(conn)
        .await
        .map(drop)
}

// ---- pets --------------------------------------------------------------------------------

/// The player's pets, newest first.
pub async fn list_pets(conn: &mut AsyncPgConnection, user_id: Uuid) -> QueryResult<Vec<Pet>> {
    pets::table
        .filter(pets::user_id.eq(user_id))
        .select(Pet::as_select())
        .order((pets::created_at.desc(), pets::id))
        .load(conn)
        .await
}

/// The player's pet `id`, locked (another player's pet reads as absent).
pub async fn lock_pet(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    id: Uuid,
) -> QueryResult<Option<Pet>> {
    pets::table
        .filter(pets::id.eq(id).and(pets::user_id.eq(user_id)))
        .select(Pet::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Inserts a pet.
pub async fn insert_pet(conn: &mut AsyncPgConnection, pet: &Pet) -> QueryResult<()> {
    diesel::insert_into(pets::table)
        .values(pet)
        .execute(conn)
        .await
        .map(drop)
}

/// Stores a pet's every column.
pub async fn save_pet(conn: &mut AsyncPgConnection, pet: &Pet) -> QueryResult<()> {
    diesel::update(pets::table.find(pet.id))
        .set(pet)
        .execute(conn)
        .await
        .map(drop)
}

/// The player's equipped pets with their slots.
pub async fn list_equipped_pets(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
) -> QueryResult<Vec<(EquippedPet, Pet)>> {
    equipped_pets::table
        .inner_join(pets::table)
        .filter(equipped_pets::user_id.eq(user_id))
        .select((EquippedPet::as_select(), Pet::as_select()))
        .load(conn)
        .await
}

/// Puts a pet in a slot (out of any other first).
pub async fn equip_pet(conn: &mut AsyncPgConnection, slot: &EquippedPet) -> QueryResult<()> {
    diesel::delete(equipped_pets::table.filter(equipped_pets::pet_id.eq(slot.pet_id)))
        .execute(conn)
        .await?;
    diesel::insert_into(equipped_pets::table)
        .values(slot)
        .on_conflict((
            equipped_pets::user_id,
            equipped_pets::set_type,
            equipped_pets::slot,
        ))
        .do_update()
        .set(equipped_pets::pet_id.eq(slot.pet_id))
        .execute(conn)
        .await
        .map(drop)
}

/// Empties a pet slot.
pub async fn clear_pet_slot(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    set_type: &str,
    slot: i32,
) -> QueryResult<()> {
    diesel::delete(equipped_pets::table.find((user_id, set_type, slot)))
        .execute(conn)
        .await
        .map(drop)
}

// ---- buffs -------------------------------------------------------------------------------

/// The player's buffs, soonest to expire first.
pub async fn list_buffs(conn: &mut AsyncPgConnection, user_id: Uuid) -> QueryResult<Vec<Buff>> {
    active_buffs::table
        .filter(active_buffs::user_id.eq(user_id))
        .select(Buff::as_select())
        .order(active_buffs::expires_at)
        .load(conn)
        .await
}

/// Deletes the player's buffs that expired by `now`; returns them.
pub async fn take_expired_buffs(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> QueryResult<Vec<Buff>> {
    diesel::delete(
        active_buffs::table.filter(
            active_buffs::user_id
                .eq(user_id)
                .and(active_buffs::expires_at.le(now)),
        ),
    )
    .returning(Buff::as_returning())
    .get_results(conn)
    .await
}

/// Adds a buff.
pub async fn insert_buff(conn: &mut AsyncPgConnection, buff: &Buff) -> QueryResult<()> {
    diesel::insert_into(active_buffs::table)
        .values(buff)
        .execute(conn)
        .await
        .map(drop)
}

// ---- transactions and ledger ------------------------------------------------------------

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

// ---- shop history ------------------------------------------------------------------------

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

// ---- save games --------------------------------------------------------------------------

/// Creates or replaces the caller's save of `player_name`.
pub async fn upsert_save(conn: &mut AsyncPgConnection, save: &SaveGame) -> QueryResult<()> {
    diesel::insert_into(save_games::table)
        .values(save)
        .on_conflict((save_games::user_id, save_games::player_name))
        .do_update()
        .set(save)
        .execute(conn)
        .await
        .map(drop)
}

/// The caller's save of `player_name`.
pub async fn find_save(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    player_name: &str,
) -> QueryResult<Option<SaveGame>> {
    save_games::table
        .find((user_id, player_name))
        .select(SaveGame::as_select())
        .first(conn)
        .await
        .optional()
}

/// Deletes the caller's save of `player_name`; whether there was one.
pub async fn delete_save(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    player_name: &str,
) -> QueryResult<bool> {
    diesel::delete(save_games::table.find((user_id, player_name)))
        .execute(conn)
        .await
        .map(|n| n > 0)
}
