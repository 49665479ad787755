//! Pets and the pet slots.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::models::{EquippedPet, Pet};
use crate::db::schema::{equipped_pets, pets};

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

/// Inserts several pets.
pub async fn insert_pets(conn: &mut AsyncPgConnection, rows: &[Pet]) -> QueryResult<()> {
    diesel::insert_into(pets::table)
        .values(rows)
        .execute(conn)
        .await
        .map(drop)
}
