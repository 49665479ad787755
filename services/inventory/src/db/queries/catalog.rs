//! Catalog entries: seeding, listing, admin changes.

use chrono::Utc;
use diesel::prelude::*;
use diesel::upsert::excluded;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::models::{CatalogItem, NewCatalogItem};
use crate::db::schema::catalog_items;

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

/// The shop's furniture entry of cafe type `furniture_type` (the cheapest, should the catalog
/// hold several).
pub async fn find_shop_furniture(
    conn: &mut AsyncPgConnection,
    furniture_type: &str,
) -> QueryResult<Option<CatalogItem>> {
    catalog_items::table
        .filter(catalog_items::kind.eq("furniture"))
        .filter(catalog_items::furniture_type.eq(furniture_type))
        .filter(catalog_items::in_shop.eq(true))
        .select(CatalogItem::as_select())
        .order((catalog_items::price_gold, catalog_items::id))
        .first(conn)
        .await
        .optional()
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

/// The entries with these ids (one query for a whole transaction's grants); unknown ids are
/// simply absent.
pub async fn find_catalog_many(
    conn: &mut AsyncPgConnection,
    ids: &[&str],
) -> QueryResult<Vec<CatalogItem>> {
    catalog_items::table
        .filter(catalog_items::id.eq_any(ids))
        .select(CatalogItem::as_select())
        .load(conn)
        .await
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
