//! Rows of the inventory database and what is inserted or changed.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde_json::Value;
use uuid::Uuid;

use super::schema::{
    active_buffs, catalog_items, equipped_items, equipped_pets, items, key_save_games,
    ledger_entries, pets, players, save_games, shop_purchases, transactions,
};
use crate::domain::catalog::CatalogEntry;

/// An item template.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = catalog_items, check_for_backend(diesel::pg::Pg))]
pub struct CatalogItem {
    /// Stable id.
    pub id: String,
    /// `equipment`, `egg`, `food`, `potion`, `furniture`.
    pub kind: String,
    /// Slot type, `egg`, `consumable` or `furniture`.
    pub item_type: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Icon.
    pub icon: Option<String>,
    /// Rarity.
    pub rarity: String,
    /// Level needed.
    pub level_requirement: i32,
    /// Attack.
    pub attack_bonus: i32,
    /// Defense.
    pub defense_bonus: i32,
    /// HP.
    pub hp_bonus: i32,
    /// Gold price.
    pub price_gold: Option<i64>,
    /// Gem price.
    pub price_gems: Option<i64>,
    /// Stacks.
    pub stackable: bool,
    /// Egg species.
    pub pet_species: Option<String>,
    /// Food XP.
    pub food_xp: Option<i32>,
    /// Potion effect.
    pub potion_type: Option<String>,
    /// Potion strength.
    pub effect_value: Option<i32>,
    /// Boost duration.
    pub duration_secs: Option<i32>,
    /// Cafe object type.
    pub furniture_type: Option<String>,
    /// Granted as a starter item.
    pub starter: bool,
    /// Listed in the shop.
    pub in_shop: bool,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl CatalogItem {
    /// The entry as the admin API and seed file write it.
    pub fn entry(&self) -> CatalogEntry {
        CatalogEntry {
            id: self.id.clone(),
            kind: self.kind.clone(),
            item_type: self.item_type.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            icon: self.icon.clone(),
            rarity: self.rarity.clone(),
            level_requirement: self.level_requirement,
            attack: self.attack_bonus,
            defense: self.defense_bonus,
            hp: self.hp_bonus,
            price_gold: self.price_gold,
            price_gems: self.price_gems,
            stackable: self.stackable,
            pet_species: self.pet_species.clone(),
            food_xp: self.food_xp,
            potion_type: self.potion_type.clone(),
            effect_value: self.effect_value,
            duration_secs: self.duration_secs,
            furniture_type: self.furniture_type.clone(),
            starter: self.starter,
            in_shop: self.in_shop,
        }
    }

    /// The properties an owned copy carries (the seed's `properties` JSON).
    pub fn properties(&self) -> Value {
        let mut props = serde_json::Map::new();
        props.insert("description".into(), self.description.clone().into());
        if let Some(icon) = &self.icon {
            props.insert("icon".into(), icon.clone().into());
        }
        if let Some(xp) = self.food_xp {
            props.insert("pet_exp".into(), xp.into());
        }
        if let Some(potion) = &self.potion_type {
            props.insert("potion_type".into(), potion.clone().into());
            props.insert("effect_value".into(), self.effect_value.unwrap_or(0).into());
            if let Some(d) = self.duration_secs {
                props.insert("duration".into(), d.into());
            }
        }
        if let Some(f) = &self.furniture_type {
            props.insert("furniture_type".into(), f.clone().into());
        }
        Value::Object(props)
    }
}

/// A catalog entry to insert or replace.
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = catalog_items)]
pub struct NewCatalogItem<'a> {
    /// Id.
    pub id: &'a str,
    /// Kind.
    pub kind: &'a str,
    /// Type.
    pub item_type: &'a str,
    /// Name.
    pub name: &'a str,
    /// Description.
    pub description: &'a str,
    /// Icon.
    pub icon: Option<&'a str>,
    /// Rarity.
    pub rarity: &'a str,
    /// Level needed.
    pub level_requirement: i32,
    /// Attack.
    pub attack_bonus: i32,
    /// Defense.
    pub defense_bonus: i32,
    /// HP.
    pub hp_bonus: i32,
    /// Gold price.
    pub price_gold: Option<i64>,
    /// Gem price.
    pub price_gems: Option<i64>,
    /// Stacks.
    pub stackable: bool,
    /// Egg species.
    pub pet_species: Option<&'a str>,
    /// Food XP.
    pub food_xp: Option<i32>,
    /// Potion effect.
    pub potion_type: Option<&'a str>,
    /// Potion strength.
    pub effect_value: Option<i32>,
    /// Boost duration.
    pub duration_secs: Option<i32>,
    /// Cafe object type.
    pub furniture_type: Option<&'a str>,
    /// Starter item.
    pub starter: bool,
    /// Listed.
    pub in_shop: bool,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

impl<'a> From<&'a CatalogEntry> for NewCatalogItem<'a> {
    fn from(e: &'a CatalogEntry) -> Self {
        NewCatalogItem {
            id: &e.id,
            kind: &e.kind,
            item_type: &e.item_type,
            name: e.name.trim(),
            description: &e.description,
            icon: e.icon.as_deref(),
            rarity: &e.rarity,
            level_requirement: e.level_requirement,
            attack_bonus: e.attack,
            defense_bonus: e.defense,
            hp_bonus: e.hp,
            price_gold: e.price_gold,
            price_gems: e.price_gems,
            stackable: e.stackable,
            pet_species: e.pet_species.as_deref(),
            food_xp: e.food_xp,
            potion_type: e.potion_type.as_deref(),
            effect_value: e.effect_value,
            duration_secs: e.duration_secs,
            furniture_type: e.furniture_type.as_deref(),
            starter: e.starter,
            in_shop: e.in_shop,
            updated_at: Utc::now(),
        }
    }
}

/// A player's profile and wallet.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, AsChangeset)]
#[diesel(table_name = players, primary_key(user_id), check_for_backend(diesel::pg::Pg))]
pub struct Player {
    /// The auth user id.
    pub user_id: Uuid,
    /// Display name (from auth).
    pub username: String,
    /// Whether `username` came from auth (else a placeholder).
    pub username_synced: bool,
    /// Level.
    pub level: i32,
    /// Lifetime XP.
    pub total_xp: i64,
    /// Gold.
    pub gold: i64,
    /// Gems.
    pub gems: i64,
    /// Stamina as of `last_stamina_regen`.
    pub stamina: i32,
    /// Stamina cap.
    pub stamina_max: i32,
    /// Base attack.
    pub base_attack: i32,
    /// Base defense.
    pub base_defense: i32,
    /// Base HP.
    pub base_hp: i32,
    /// Unspent stat points.
    pub unspent_stat_points: i32,
    /// When stamina was last regenerated.
    pub last_stamina_regen: DateTime<Utc>,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// A new profile.
#[derive(Debug, Insertable)]
#[diesel(table_name = players)]
pub struct NewPlayer<'a> {
    /// The auth user id.
    pub user_id: Uuid,
    /// Display name.
    pub username: &'a str,
    /// Whether it came from auth.
    pub username_synced: bool,
    /// Starting gold.
    pub gold: i64,
    /// Starting gems.
    pub gems: i64,
    /// Starting stamina.
    pub stamina: i32,
}

/// An owned item (a stack for stackable entries).
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Insertable)]
#[diesel(table_name = items, check_for_backend(diesel::pg::Pg))]
pub struct Item {
    /// Id.
    pub id: Uuid,
    /// Owner.
    pub user_id: Uuid,
    /// Catalog entry.
    pub catalog_id: String,
    /// Type.
    pub item_type: String,
    /// Name.
    pub name: String,
    /// Rarity.
    pub rarity: String,
    /// Level needed to equip.
    pub level_requirement: i32,
    /// Attack.
    pub attack_bonus: i32,
    /// Defense.
    pub defense_bonus: i32,
    /// HP.
    pub hp_bonus: i32,
    /// Enhancement level (1 = never enhanced).
    pub enhance_level: i32,
    /// Stacks.
    pub stackable: bool,
    /// Quantity.
    pub quantity: i32,
    /// Properties (potion effect, food XP, furniture type...).
    pub properties: Value,
    /// When it was first acquired.
    pub acquired_at: DateTime<Utc>,
}

/// A pet or an egg.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Insertable, AsChangeset)]
#[diesel(table_name = pets, check_for_backend(diesel::pg::Pg))]
pub struct Pet {
    /// Id.
    pub id: Uuid,
    /// Owner.
    pub user_id: Uuid,
    /// The egg's catalog entry.
    pub catalog_id: Option<String>,
    /// Name (given at hatching).
    pub name: Option<String>,
    /// Species (`None` until hatched for mystery eggs).
    pub species: Option<String>,
    /// Focus.
    pub focus: Option<String>,
    /// Still an egg.
    pub is_egg: bool,
    /// Level.
    pub level: i32,
    /// XP into the level.
    pub exp: i64,
    /// XP the level needs.
    pub exp_max: i64,
    /// Base attack (from the egg).
    pub base_attack: i32,
    /// Base defense.
    pub base_defense: i32,
    /// Base HP.
    pub base_hp: i32,
    /// Attack bonus given to its owner.
    pub attack_bonus: i32,
    /// Defense bonus.
    pub defense_bonus: i32,
    /// HP bonus.
    pub hp_bonus: i32,
    /// When it hatched.
    pub hatched_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
}

/// An item in a slot.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = equipped_items, check_for_backend(diesel::pg::Pg))]
pub struct EquippedItem {
    /// Owner.
    pub user_id: Uuid,
    /// `attack` or `defense`.
    pub set_type: String,
    /// Slot.
    pub slot: String,
    /// Item.
    pub item_id: Uuid,
}

/// A pet in a slot.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = equipped_pets, check_for_backend(diesel::pg::Pg))]
pub struct EquippedPet {
    /// Owner.
    pub user_id: Uuid,
    /// `attack` or `defense`.
    pub set_type: String,
    /// Slot 1..3.
    pub slot: i32,
    /// Pet.
    pub pet_id: Uuid,
}

/// An active (or expired, not yet cleaned) buff.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Insertable)]
#[diesel(table_name = active_buffs, check_for_backend(diesel::pg::Pg))]
pub struct Buff {
    /// Id.
    pub id: Uuid,
    /// Owner.
    pub user_id: Uuid,
    /// `stamina_boost`, `attack_boost`, `defense_boost`.
    pub buff_type: String,
    /// New stamina cap, or the percentage of a boost.
    pub effect_value: i32,
    /// Stamina cap before a stamina boost.
    pub original_value: Option<i32>,
    /// Applied.
    pub applied_at: DateTime<Utc>,
    /// Expires.
    pub expires_at: DateTime<Utc>,
    /// What applied it (`potion`).
    pub source: String,
    /// Which item applied it.
    pub source_id: Option<String>,
}

/// A stored economy operation.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = transactions, check_for_backend(diesel::pg::Pg))]
pub struct TransactionRow {
    /// Id.
    pub id: Uuid,
    /// `svc:<service>` or `player:<user id>`.
    pub caller: String,
    /// The caller's key.
    pub idempotency_key: String,
    /// Player.
    pub user_id: Uuid,
    /// Reason.
    pub reason: String,
    /// SHA-256 of the request, to refuse a key reused for another request.
    pub request_hash: String,
    /// The answer, replayed for the same key.
    pub response: Value,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// One change of a balance, a stack or XP.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ledger_entries, check_for_backend(diesel::pg::Pg))]
pub struct LedgerEntry {
    /// Increasing id (the pagination cursor).
    pub id: i64,
    /// Transaction.
    pub transaction_id: Uuid,
    /// Player.
    pub user_id: Uuid,
    /// `gold`, `gems`, `stamina`, `xp` or `item:<catalog id>`.
    pub asset: String,
    /// The item, for item changes.
    pub item_id: Option<Uuid>,
    /// Change.
    pub delta: i64,
    /// Balance (or stack quantity) after.
    pub balance_after: i64,
    /// Why.
    pub reason: String,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A ledger row to write.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = ledger_entries)]
pub struct NewLedgerEntry {
    /// Transaction.
    pub transaction_id: Uuid,
    /// Player.
    pub user_id: Uuid,
    /// Asset.
    pub asset: String,
    /// Item.
    pub item_id: Option<Uuid>,
    /// Change.
    pub delta: i64,
    /// After.
    pub balance_after: i64,
    /// Why.
    pub reason: String,
}

/// A shop purchase (`GET /api/shop/history`).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = shop_purchases, check_for_backend(diesel::pg::Pg))]
pub struct ShopPurchase {
    /// Id.
    pub id: Uuid,
    /// Buyer.
    pub user_id: Uuid,
    /// Its transaction.
    pub transaction_id: Uuid,
    /// Catalog entry.
    pub catalog_id: String,
    /// Type.
    pub item_type: String,
    /// Name.
    pub item_name: String,
    /// Gold paid.
    pub cost_gold: i64,
    /// Gems paid.
    pub cost_gems: i64,
    /// When.
    pub purchased_at: DateTime<Utc>,
}

/// A JumpJumpJump save made with a deployment key, in that key's namespace.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = key_save_games, check_for_backend(diesel::pg::Pg))]
pub struct KeySaveGame {
    /// The key's namespace id (a keyed hash of the key).
    pub namespace: String,
    /// The in-game player name.
    pub player_name: String,
    /// Level.
    pub level: i32,
    /// Score.
    pub score: i64,
    /// Lives.
    pub lives: i32,
    /// Health.
    pub health: i32,
    /// Coins.
    pub coins: i64,
    /// Weapon.
    pub weapon: String,
    /// When saved.
    pub saved_at: DateTime<Utc>,
}

/// A JumpJumpJump save.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = save_games, check_for_backend(diesel::pg::Pg))]
pub struct SaveGame {
    /// Owner.
    pub user_id: Uuid,
    /// The in-game player name.
    pub player_name: String,
    /// Level.
    pub level: i32,
    /// Score.
    pub score: i64,
    /// Lives.
    pub lives: i32,
    /// Health.
    pub health: i32,
    /// Coins.
    pub coins: i64,
    /// Weapon.
    pub weapon: String,
    /// When saved.
    pub saved_at: DateTime<Utc>,
}
