//! Owned items and the equipment slots.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::models::{EquippedItem, Item};
use crate::db::schema::{catalog_items, equipped_items, items};

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
