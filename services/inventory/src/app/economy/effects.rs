//! Player-facing operations that run inside the economy core beside (or instead of) the
//! request's plain lists: buying, drinking a potion, feeding a pet, enhancing, starter items
//! and XP. Each returns the endpoint's answer, stored with the transaction for replays.

use chrono::Duration;
use contracts::inventory::{Currency, XpGrantResponse};
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use super::session::{Granted, Session};
use crate::app::views::{
    BuffView, EnhanceResponse, FeedResponse, FurniturePurchaseResponse, FurnitureView, ItemView,
    PetView, PotionResponse, PurchaseResponse, StarterResponse, Stats,
};
use crate::db::models::{Buff, ShopPurchase};
use crate::db::queries;
use crate::domain::catalog::FULL_RESTORE;
use crate::domain::items::{EQUIPMENT_TYPES, MAX_ENHANCE_LEVEL, enhance_cost, enhance_increase};
use crate::domain::pets::{Focus, feed};
use crate::domain::progression::gain_xp;
use crate::error::InventoryError;

/// What to do besides the request's debits, credits, grants and consumes.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "effect", rename_all = "snake_case")]
pub enum Effect {
    /// Nothing more (`/internal/transactions`).
    None,
    /// Buy a catalog entry at its price.
    Purchase {
        /// The entry.
        catalog_id: String,
        /// Pay in gems when the entry has a gem price.
        use_gems: bool,
    },
    /// Buy `quantity` of the shop's furniture of cafe type `furniture_type`, paid in gold.
    BuyFurniture {
        /// `chair`, `table`...
        furniture_type: String,
        /// How many.
        quantity: i32,
    },
    /// Drink a potion.
    Potion {
        /// The potion stack.
        item_id: Uuid,
    },
    /// Feed a food item to a pet.
    FeedPet {
        /// The pet.
        pet_id: Uuid,
        /// The food (`None`: the player's least nourishing food).
        food_item_id: Option<Uuid>,
    },
    /// Enhance an equipment item or a gacha character one level for gold.
    Enhance {
        /// The item.
        item_id: Uuid,
    },
    /// Give the starter items to a player who has none.
    Starter,
    /// Add XP.
    Xp {
        /// How much.
        amount: i64,
    },
}

fn json<T: Serialize>(value: &T) -> Result<Option<Value>, InventoryError> {
    serde_json::to_value(value)
        .map(Some)
        .map_err(InventoryError::internal)
}

/// Applies `effect` to the session; returns the endpoint's answer.
pub async fn apply(s: &mut Session<'_>, effect: &Effect) -> Result<Option<Value>, InventoryError> {
    match effect {
        Effect::None => Ok(None),
        Effect::Purchase {
            catalog_id,
            use_gems,
        } => purchase(s, catalog_id, *use_gems).await,
        Effect::BuyFurniture {
            furniture_type,
            quantity,
        } => buy_furniture(s, furniture_type, *quantity).await,
        Effect::Potion { item_id } => potion(s, *item_id).await,
        Effect::FeedPet {
            pet_id,
            food_item_id,
        } => feed_pet(s, *pet_id, *food_item_id).await,
        Effect::Enhance { item_id } => enhance(s, *item_id).await,
        Effect::Starter => starter(s).await,
        Effect::Xp { amount } => xp(s, *amount),
    }
}

async fn purchase(
    s: &mut Session<'_>,
    catalog_id: &str,
    use_gems: bool,
) -> Result<Option<Value>, InventoryError> {
    let entry = queries::find_catalog(s.conn(), catalog_id)
        .await?
        .filter(|e| e.in_shop)
        .ok_or_else(|| InventoryError::CatalogItemNotFound(catalog_id.to_owned()))?;
    if s.player.level < entry.level_requirement {
        return Err(InventoryError::LevelTooLow {
            level: s.player.level,
            required: entry.level_requirement,
        });
    }
    // The seed pays in gems only when asked and possible; gem-only entries always take gems.
    let (currency, price) = match (use_gems, entry.price_gems, entry.price_gold) {
        (true, Some(gems), _) | (_, Some(gems), None) => (Currency::Gems, gems),
        (_, _, Some(gold)) => (Currency::Gold, gold),
        (_, None, None) => return Err(InventoryError::NotForSale("This item has no price")),
    };
    if price > 0 {
        s.debit(currency, price)?;
    }
    let granted = s.grant(&entry, 1).await?;
    let (item_id, is_pet) = match &granted {
        Granted::Items(items) => (items.first().map(|i| i.id), false),
        Granted::Pets(pets) => (pets.first().map(|p| p.id), true),
    };
    let item_id =
        item_id.ok_or_else(|| InventoryError::internal(anyhow::anyhow!("nothing granted")))?;
    let (cost_gold, cost_gems) = match currency {
        Currency::Gems => (0, price),
        _ => (price, 0),
    };
    let purchase = ShopPurchase {
        id: Uuid::now_v7(),
        user_id: s.player.user_id,
        transaction_id: s.tx_id,
        catalog_id: entry.id.clone(),
        item_type: entry.item_type.clone(),
        item_name: entry.name.clone(),
        cost_gold,
        cost_gems,
        purchased_at: s.now,
    };
    queries::insert_purchase(s.conn(), &purchase).await?;
    json(&PurchaseResponse {
        success: true,
        message: format!("Purchased {}!", entry.name),
        item_id: item_id.to_string(),
        catalog_id: entry.id,
        is_pet,
        cost_gold,
        cost_gems,
        gold_remaining: s.player.gold,
        gems_remaining: s.player.gems,
        transaction_id: s.tx_id,
    })
}

/// The cafe's furniture purchase: always paid in gold (a furniture entry without a gold price
/// is not for sale), answered as the cafe's inventory row (the stack after the purchase).
async fn buy_furniture(
    s: &mut Session<'_>,
    furniture_type: &str,
    quantity: i32,
) -> Result<Option<Value>, InventoryError> {
    let entry = queries::find_shop_furniture(s.conn(), furniture_type)
        .await?
        .ok_or_else(|| InventoryError::CatalogItemNotFound(furniture_type.to_owned()))?;
    if s.player.level < entry.level_requirement {
        return Err(InventoryError::LevelTooLow {
            level: s.player.level,
            required: entry.level_requirement,
        });
    }
    let unit = entry
        .price_gold
        .filter(|p| *p > 0)
        .ok_or(InventoryError::NotForSale(
            "This furniture has no gold price",
        ))?;
    let cost = unit
        .checked_mul(i64::from(quantity))
        .ok_or_else(|| InventoryError::field("quantity", "is too large"))?;
    s.debit(Currency::Gold, cost)?;
    let Granted::Items(items) = s.grant(&entry, quantity).await? else {
        return Err(InventoryError::internal(anyhow::anyhow!(
            "furniture granted as a pet"
        )));
    };
    let stack = items
        .first()
        .ok_or_else(|| InventoryError::internal(anyhow::anyhow!("nothing granted")))?;
    let purchase = ShopPurchase {
        id: Uuid::now_v7(),
        user_id: s.player.user_id,
        transaction_id: s.tx_id,
        catalog_id: entry.id.clone(),
        item_type: entry.item_type.clone(),
        item_name: entry.name.clone(),
        cost_gold: cost,
        cost_gems: 0,
        purchased_at: s.now,
    };
    queries::insert_purchase(s.conn(), &purchase).await?;
    json(&FurniturePurchaseResponse {
        item: FurnitureView::of(stack, furniture_type),
        purchased: quantity,
        cost_gold: cost,
        gold_remaining: s.player.gold,
        transaction_id: s.tx_id,
    })
}

async fn potion(s: &mut Session<'_>, item_id: Uuid) -> Result<Option<Value>, InventoryError> {
    let item = s.lock_item(item_id).await?;
    let props = &item.properties;
    let potion_type = props
        .get("potion_type")
        .and_then(Value::as_str)
        .ok_or(InventoryError::NotAPotion)?
        .to_owned();
    let effect = props
        .get("effect_value")
        .and_then(Value::as_i64)
        .and_then(|v| i32::try_from(v).ok())
        .unwrap_or(0);
    let duration = props.get("duration").and_then(Value::as_i64).unwrap_or(0);
    let name = item.name.clone();
    let consumed = s.consume(item, 1).await?;
    let mut response = PotionResponse {
        success: true,
        message: String::new(),
        stamina: None,
        stamina_max: None,
        buff_applied: None,
        remaining_quantity: consumed.remaining,
        transaction_id: s.tx_id,
    };
    match potion_type.as_str() {
        "STAMINA_RESTORE" => {
            let max = s.player.stamina_max;
            let target = if effect >= FULL_RESTORE {
                max
            } else {
                s.player.stamina.saturating_add(effect).min(max)
            };
            let restored = target - s.player.stamina;
            s.set_stamina(target.max(s.player.stamina));
            response.message = format!("{name}: restored {} stamina", restored.max(0));
        }
        boost => {
            let buff_type = match boost {
                "STAMINA_BOOST" => "stamina_boost",
                "ATTACK_BOOST" => "attack_boost",
                "DEFENSE_BOOST" => "defense_boost",
                _ => return Err(InventoryError::NotAPotion),
            };
            let user_id = s.player.user_id;
            let active = queries::list_buffs(s.conn(), user_id).await?;
            if active.iter().any(|b| b.buff_type == buff_type) {
                return Err(InventoryError::BuffAlreadyActive(match buff_type {
                    "stamina_boost" => "stamina boost",
                    "attack_boost" => "attack boost",
                    _ => "defense boost",
                }));
            }
            let mut original = None;
            if buff_type == "stamina_boost" {
                // The boost raises the cap (never lowers it) and fills stamina to it.
                original = Some(s.player.stamina_max);
                s.player.stamina_max = s.player.stamina_max.max(effect);
                let max = s.player.stamina_max;
                s.set_stamina(max);
            }
            let buff = Buff {
                id: Uuid::now_v7(),
                user_id: s.player.user_id,
                buff_type: buff_type.to_owned(),
                effect_value: effect,
                original_value: original,
                applied_at: s.now,
                expires_at: s.now + Duration::seconds(duration.max(1)),
                source: "potion".to_owned(),
                source_id: Some(consumed.catalog_id.clone()),
            };
            queries::insert_buff(s.conn(), &buff).await?;
            response.message = format!("{name}: {buff_type} active for {duration} seconds");
            response.buff_applied = Some(BuffView::from(&buff));
        }
    }
    response.stamina = Some(s.player.stamina);
    response.stamina_max = Some(s.player.stamina_max);
    json(&response)
}

async fn feed_pet(
    s: &mut Session<'_>,
    pet_id: Uuid,
    food_item_id: Option<Uuid>,
) -> Result<Option<Value>, InventoryError> {
    let user_id = s.player.user_id;
    let mut pet = queries::lock_pet(s.conn(), user_id, pet_id)
        .await?
        .ok_or(InventoryError::PetNotFound)?;
    if pet.is_egg {
        return Err(InventoryError::PetIsEgg);
    }
    let food = match food_item_id {
        Some(id) => s.lock_item(id).await?,
        None => {
            let found = queries::smallest_food(s.conn(), user_id)
                .await?
                .ok_or(InventoryError::NotFood)?;
            s.lock_item(found.id).await?
        }
    };
    // The XP comes from the item, never from the client.
    let xp = food
        .properties
        .get("pet_exp")
        .and_then(Value::as_i64)
        .ok_or(InventoryError::NotFood)?;
    let consumed = s.consume(food, 1).await?;
    let focus = Focus::parse(pet.focus.as_deref());
    let growth = feed(
        pet.level,
        pet.exp,
        pet.exp_max,
        (pet.attack_bonus, pet.defense_bonus, pet.hp_bonus),
        focus,
        xp,
    );
    pet.level = growth.level;
    pet.exp = growth.exp;
    pet.exp_max = growth.exp_max;
    (pet.attack_bonus, pet.defense_bonus, pet.hp_bonus) = growth.bonuses;
    queries::save_pet(s.conn(), &pet).await?;
    s.record("pet_xp".into(), Some(pet.id), xp, pet.exp);
    let mut stats = Stats::default();
    stats.add(pet.attack_bonus, pet.defense_bonus, pet.hp_bonus);
    let name = pet.name.clone().unwrap_or_else(|| "Your pet".to_owned());
    let message = if growth.levels_gained > 0 {
        format!("{name} gained {xp} XP and reached level {}!", growth.level)
    } else {
        format!("{name} gained {xp} XP")
    };
    json(&FeedResponse {
        message,
        levels_gained: growth.levels_gained,
        new_level: growth.level,
        exp: growth.exp,
        exp_max: growth.exp_max,
        xp_gained: xp,
        stats,
        pet: PetView::from(&pet),
        food_item_id: consumed.item_id,
        remaining_quantity: consumed.remaining,
        transaction_id: s.tx_id,
    })
}

async fn enhance(s: &mut Session<'_>, item_id: Uuid) -> Result<Option<Value>, InventoryError> {
    let item = s.lock_item(item_id).await?;
    // Gacha characters level up like equipment (the gacha seed's enhancement).
    if !EQUIPMENT_TYPES.contains(&item.item_type.as_str()) && item.item_type != "character" {
        return Err(InventoryError::NotEnhanceable);
    }
    if item.enhance_level >= MAX_ENHANCE_LEVEL {
        return Err(InventoryError::MaxLevelReached);
    }
    let cost = enhance_cost(item.enhance_level);
    s.debit(Currency::Gold, cost)?;
    let increase = (
        enhance_increase(item.attack_bonus),
        enhance_increase(item.defense_bonus),
        enhance_increase(item.hp_bonus),
    );
    let new_level = item.enhance_level + 1;
    let stats = (
        item.attack_bonus + increase.0,
        item.defense_bonus + increase.1,
        item.hp_bonus + increase.2,
    );
    queries::set_item_enhancement(s.conn(), item.id, new_level, stats).await?;
    s.record(
        format!("enhance:{}", item.catalog_id),
        Some(item.id),
        1,
        i64::from(new_level),
    );
    let mut stats_increased = Stats::default();
    stats_increased.add(increase.0, increase.1, increase.2);
    let mut after = Stats::default();
    after.add(stats.0, stats.1, stats.2);
    json(&EnhanceResponse {
        item_id: item.id,
        previous_level: item.enhance_level,
        new_level,
        stats_increased,
        stats: after,
        success: true,
        gold_cost: cost,
        gold_remaining: s.player.gold,
        next_level_cost: (new_level < MAX_ENHANCE_LEVEL).then(|| enhance_cost(new_level)),
        transaction_id: s.tx_id,
    })
}

async fn starter(s: &mut Session<'_>) -> Result<Option<Value>, InventoryError> {
    let user_id = s.player.user_id;
    if queries::count_items(s.conn(), user_id).await? > 0 {
        return Err(InventoryError::AlreadyHasItems);
    }
    let entries = queries::starter_catalog(s.conn()).await?;
    let mut items = Vec::new();
    for entry in &entries {
        if let Granted::Items(rows) = s.grant(entry, 1).await? {
            items.extend(rows.iter().map(ItemView::from));
        }
    }
    json(&StarterResponse {
        message: "Starter items added to inventory".to_owned(),
        items,
    })
}

fn xp(s: &mut Session<'_>, amount: i64) -> Result<Option<Value>, InventoryError> {
    let gain = gain_xp(s.player.level, s.player.total_xp, amount);
    let added = gain.total_xp - s.player.total_xp;
    s.player.total_xp = gain.total_xp;
    s.player.level = gain.new_level;
    s.player.unspent_stat_points = s
        .player
        .unspent_stat_points
        .saturating_add(gain.stat_points);
    s.record("xp".into(), None, added, gain.total_xp);
    if gain.leveled_up() {
        // Reaching a level refills stamina, as in the seed.
        let max = s.player.stamina_max;
        s.set_stamina(max.max(s.player.stamina));
    }
    json(&XpGrantResponse {
        leveled_up: gain.leveled_up(),
        old_level: gain.old_level,
        new_level: gain.new_level,
        levels_gained: gain.new_level - gain.old_level,
        stat_points_earned: gain.stat_points,
        total_xp: gain.total_xp,
        xp_gained: added,
        replayed: false,
    })
}
