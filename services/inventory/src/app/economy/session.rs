//! One economy transaction in progress: the locked player, the changes made so far and the
//! ledger rows they owe. Everything here runs inside the caller's database transaction.

use chrono::{DateTime, Utc};
use contracts::inventory::{
    Balances, ConsumedItem, Currency, GrantedItem, TransactionRequest, TransactionResponse,
};
use diesel::QueryResult;
use diesel_async::AsyncPgConnection;
use serde_json::Value;
use uuid::Uuid;

use crate::db::models::{
    CatalogItem, Item, NewLedgerEntry, NewPlayer, Pet, Player, TransactionRow,
};
use crate::db::queries;
use crate::domain::pets::pet_exp_max;
use crate::domain::progression::regenerate_stamina;
use crate::error::InventoryError;
use crate::settings::InventorySettings;

/// The player's row locked for this transaction, created first if this is their first use.
pub async fn lock_or_create_player(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    settings: &InventorySettings,
) -> Result<Player, InventoryError> {
    if let Some(player) = queries::lock_player(conn, user_id).await? {
        return Ok(player);
    }
    create_player(conn, user_id, settings).await?;
    queries::lock_player(conn, user_id)
        .await?
        .ok_or_else(|| InventoryError::internal(anyhow::anyhow!("profile vanished after insert")))
}

/// What the economy core finds under its lock.
pub struct Locked {
    /// The locked player.
    pub player: Player,
    /// `(request hash, answer)` stored for this caller's key, if it was used before.
    pub stored: Option<(String, Value)>,
    /// Whether one of the player's buffs has expired (so refreshing must look at them).
    pub expired_buffs: bool,
}

/// Locks the player (made on first use) and reads the key's stored answer in one round trip.
pub async fn lock_for_transaction(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    caller: &str,
    key: &str,
    now: DateTime<Utc>,
    settings: &InventorySettings,
) -> Result<Locked, InventoryError> {
    let mut found = queries::lock_player_for_transaction(conn, user_id, caller, key, now).await?;
    if found.is_none() {
        create_player(conn, user_id, settings).await?;
        found = queries::lock_player_for_transaction(conn, user_id, caller, key, now).await?;
    }
    let (player, hash, response, expired_buffs) = found.ok_or_else(|| {
        InventoryError::internal(anyhow::anyhow!("profile vanished after insert"))
    })?;
    Ok(Locked {
        player,
        stored: hash.zip(response),
        expired_buffs,
    })
}

async fn create_player(
    conn: &mut AsyncPgConnection,
    user_id: Uuid,
    settings: &InventorySettings,
) -> Result<(), InventoryError> {
    let placeholder = placeholder_username(user_id);
    queries::insert_player(
        conn,
        &NewPlayer {
            user_id,
            username: &placeholder,
            username_synced: false,
            gold: settings.starting_gold,
            gems: settings.starting_gems,
            stamina: settings.starting_stamina,
        },
    )
    .await?;
    Ok(())
}

/// The name a profile carries until auth tells us the real one.
pub fn placeholder_username(user_id: Uuid) -> String {
    let simple = user_id.simple().to_string();
    format!("player-{}", &simple[..8])
}

/// Brings a locked player up to `now`: expired buffs end (a stamina boost gives back the old
/// cap) and stamina regenerates for every full interval since it last did.
pub async fn refresh_player(
    conn: &mut AsyncPgConnection,
    player: &mut Player,
    now: DateTime<Utc>,
    regen_secs: i64,
) -> QueryResult<()> {
    end_expired_buffs(conn, player, now, regen_secs).await?;
    regenerate(player, now, regen_secs);
    Ok(())
}

fn regenerate(player: &mut Player, now: DateTime<Utc>, regen_secs: i64) {
    if let Some(stamina) = regenerate_stamina(
        player.stamina,
        player.stamina_max,
        player.last_stamina_regen,
        now,
        regen_secs,
    ) {
        player.stamina = stamina;
        player.last_stamina_regen = now;
    }
}

async fn end_expired_buffs(
    conn: &mut AsyncPgConnection,
    player: &mut Player,
    now: DateTime<Utc>,
    regen_secs: i64,
) -> QueryResult<()> {
    for buff in queries::take_expired_buffs(conn, player.user_id, now).await? {
        if buff.buff_type == "stamina_boost" {
            // Regenerate up to the boost's end at the boosted cap first: that time was boosted.
            if let Some(stamina) = regenerate_stamina(
                player.stamina,
                player.stamina_max,
                player.last_stamina_regen,
                buff.expires_at,
                regen_secs,
            ) {
                player.stamina = stamina;
                player.last_stamina_regen = buff.expires_at;
            }
            player.stamina_max = buff.original_value.unwrap_or(player.stamina_max).max(1);
            player.stamina = player.stamina.min(player.stamina_max);
        }
    }
    Ok(())
}

/// What a grant produced.
pub enum Granted {
    /// Item rows (one stack, or one row per copy).
    Items(Vec<Item>),
    /// Pets (eggs).
    Pets(Vec<Pet>),
}

/// A transaction in progress.
pub struct Session<'c> {
    conn: &'c mut AsyncPgConnection,
    /// This transaction's id.
    pub tx_id: Uuid,
    /// The request.
    pub req: &'c TransactionRequest,
    /// Start time (one clock for the whole transaction).
    pub now: DateTime<Utc>,
    /// The locked player as changed so far.
    pub player: Player,
    original: Player,
    ledger: Vec<NewLedgerEntry>,
    granted: Vec<GrantedItem>,
    consumed: Vec<ConsumedItem>,
}

impl<'c> Session<'c> {
    /// Starts work on a locked player, first bringing them up to `now` (buffs are looked at
    /// only when one has expired).
    pub async fn open(
        conn: &'c mut AsyncPgConnection,
        req: &'c TransactionRequest,
        locked: Locked,
        now: DateTime<Utc>,
        settings: &InventorySettings,
    ) -> Result<Self, InventoryError> {
        let mut player = locked.player;
        let original = player.clone();
        let regen = settings.stamina_regen_secs;
        if locked.expired_buffs {
            end_expired_buffs(conn, &mut player, now, regen).await?;
        }
        regenerate(&mut player, now, regen);
        Ok(Session {
            conn,
            tx_id: Uuid::now_v7(),
            req,
            now,
            player,
            original,
            ledger: Vec::new(),
            granted: Vec::new(),
            consumed: Vec::new(),
        })
    }

    /// The transaction's connection.
    pub fn conn(&mut self) -> &mut AsyncPgConnection {
        self.conn
    }

    /// Adds a ledger row.
    pub fn record(&mut self, asset: String, item_id: Option<Uuid>, delta: i64, after: i64) {
        self.ledger.push(NewLedgerEntry {
            transaction_id: self.tx_id,
            user_id: self.player.user_id,
            asset,
            item_id,
            delta,
            balance_after: after,
            reason: self.req.reason.clone(),
        });
    }

    fn balance(&self, currency: Currency) -> i64 {
        match currency {
            Currency::Gold => self.player.gold,
            Currency::Gems => self.player.gems,
            Currency::Stamina => i64::from(self.player.stamina),
        }
    }

    fn set_balance(&mut self, currency: Currency, value: i64) {
        match currency {
            Currency::Gold => self.player.gold = value,
            Currency::Gems => self.player.gems = value,
            Currency::Stamina => {
                self.player.stamina = i32::try_from(value).unwrap_or(self.player.stamina_max)
            }
        }
    }

    /// Takes `amount`; 409 when the balance is short (nothing is taken).
    pub fn debit(&mut self, currency: Currency, amount: i64) -> Result<(), InventoryError> {
        let available = self.balance(currency);
        if available < amount {
            return Err(InventoryError::InsufficientFunds {
                currency: currency.as_str(),
                needed: amount,
                available,
            });
        }
        self.set_balance(currency, available - amount);
        self.record(
            currency.as_str().to_owned(),
            None,
            -amount,
            available - amount,
        );
        Ok(())
    }

    /// Gives `amount` (stamina stops at the cap; the ledger records what was really added).
    pub fn credit(&mut self, currency: Currency, amount: i64) -> Result<(), InventoryError> {
        let before = self.balance(currency);
        let mut after = before
            .checked_add(amount)
            .ok_or_else(|| InventoryError::field("credits", "the balance would overflow"))?;
        if currency == Currency::Stamina {
            after = after.min(i64::from(self.player.stamina_max.max(self.player.stamina)));
        }
        self.set_balance(currency, after);
        if after != before {
            self.record(currency.as_str().to_owned(), None, after - before, after);
        }
        Ok(())
    }

    /// Sets stamina directly (potions), with its ledger row.
    pub fn set_stamina(&mut self, stamina: i32) {
        let before = self.player.stamina;
        self.player.stamina = stamina.max(0);
        if stamina != before {
            self.record(
                "stamina".into(),
                None,
                i64::from(stamina - before),
                i64::from(stamina),
            );
        }
    }

    /// The player's item `id`, locked; another player's item is not found.
    pub async fn lock_item(&mut self, id: Uuid) -> Result<Item, InventoryError> {
        queries::lock_item(self.conn, self.player.user_id, id)
            .await?
            .ok_or(InventoryError::ItemNotFound)
    }

    /// Takes `quantity` of a locked item; the row goes at 0 (and out of any slot).
    pub async fn consume(
        &mut self,
        item: Item,
        quantity: i32,
    ) -> Result<ConsumedItem, InventoryError> {
        if item.quantity < quantity {
            return Err(InventoryError::InsufficientQuantity {
                item_id: item.id,
                needed: i64::from(quantity),
                available: i64::from(item.quantity),
            });
        }
        let remaining = item.quantity - quantity;
        if remaining == 0 {
            queries::delete_item(self.conn, item.id).await?;
        } else {
            queries::set_item_quantity(self.conn, item.id, remaining).await?;
        }
        self.record(
            format!("item:{}", item.catalog_id),
            Some(item.id),
            -i64::from(quantity),
            i64::from(remaining),
        );
        let consumed = ConsumedItem {
            item_id: item.id,
            catalog_id: item.catalog_id,
            item_type: item.item_type,
            name: item.name,
            furniture_type: item
                .properties
                .get("furniture_type")
                .and_then(Value::as_str)
                .map(str::to_owned),
            properties: item.properties,
            quantity,
            remaining,
        };
        self.consumed.push(consumed.clone());
        Ok(consumed)
    }

    /// Gives `quantity` of catalog entry `entry`: a stack grows, other items get a row each,
    /// eggs become pets.
    pub async fn grant(
        &mut self,
        entry: &CatalogItem,
        quantity: i32,
    ) -> Result<Granted, InventoryError> {
        let user_id = self.player.user_id;
        if entry.kind == "egg" {
            let pets: Vec<Pet> = (0..quantity)
                .map(|_| Pet {
                    id: Uuid::now_v7(),
                    user_id,
                    catalog_id: Some(entry.id.clone()),
                    name: None,
                    species: entry.pet_species.clone(),
                    focus: None,
                    is_egg: true,
                    level: 1,
                    exp: 0,
                    exp_max: pet_exp_max(1),
                    base_attack: entry.attack_bonus,
                    base_defense: entry.defense_bonus,
                    base_hp: entry.hp_bonus,
                    attack_bonus: 0,
                    defense_bonus: 0,
                    hp_bonus: 0,
                    hatched_at: None,
                    created_at: self.now,
                })
                .collect();
            queries::insert_pets(self.conn, &pets).await?;
            for pet in &pets {
                self.record(format!("pet:{}", entry.id), Some(pet.id), 1, 1);
                self.push_granted(entry, pet.id, true, 1, 1);
            }
            return Ok(Granted::Pets(pets));
        }
        if entry.stackable {
            let stack = match queries::find_stack(self.conn, user_id, &entry.id).await? {
                Some(mut stack) => {
                    stack.quantity = stack.quantity.checked_add(quantity).ok_or_else(|| {
                        InventoryError::field("grants", "the stack would overflow")
                    })?;
                    queries::set_item_quantity(self.conn, stack.id, stack.quantity).await?;
                    stack
                }
                None => {
                    let item = self.new_item(entry, quantity);
                    queries::insert_item(self.conn, &item).await?;
                    item
                }
            };
            self.record(
                format!("item:{}", entry.id),
                Some(stack.id),
                i64::from(quantity),
                i64::from(stack.quantity),
            );
            self.push_granted(entry, stack.id, false, quantity, stack.quantity);
            return Ok(Granted::Items(vec![stack]));
        }
        let rows: Vec<Item> = (0..quantity).map(|_| self.new_item(entry, 1)).collect();
        queries::insert_items(self.conn, &rows).await?;
        for row in &rows {
            self.record(format!("item:{}", entry.id), Some(row.id), 1, 1);
            self.push_granted(entry, row.id, false, 1, 1);
        }
        Ok(Granted::Items(rows))
    }

    /// Gives each `(entry, quantity)` in order, as [`Session::grant`] would, but inserts every
    /// plain (unstackable, non-egg) item of the list in one statement.
    pub async fn grant_all(
        &mut self,
        grants: &[(&CatalogItem, i32)],
    ) -> Result<(), InventoryError> {
        let plain = |entry: &CatalogItem| !entry.stackable && entry.kind != "egg";
        let rows: Vec<Item> = grants
            .iter()
            .filter(|(entry, _)| plain(entry))
            .flat_map(|(entry, quantity)| (0..*quantity).map(|_| self.new_item(entry, 1)))
            .collect();
        if !rows.is_empty() {
            queries::insert_items(self.conn, &rows).await?;
        }
        let mut inserted = rows.iter();
        for (entry, quantity) in grants {
            if !plain(entry) {
                self.grant(entry, *quantity).await?;
                continue;
            }
            for _ in 0..*quantity {
                let id = inserted.next().map(|row| row.id).ok_or_else(|| {
                    InventoryError::internal(anyhow::anyhow!("grant rows miscounted"))
                })?;
                self.record(format!("item:{}", entry.id), Some(id), 1, 1);
                self.push_granted(entry, id, false, 1, 1);
            }
        }
        Ok(())
    }

    fn new_item(&self, entry: &CatalogItem, quantity: i32) -> Item {
        Item {
            id: Uuid::now_v7(),
            user_id: self.player.user_id,
            catalog_id: entry.id.clone(),
            item_type: entry.item_type.clone(),
            name: entry.name.clone(),
            rarity: entry.rarity.clone(),
            level_requirement: entry.level_requirement,
            attack_bonus: entry.attack_bonus,
            defense_bonus: entry.defense_bonus,
            hp_bonus: entry.hp_bonus,
            enhance_level: 1,
            stackable: entry.stackable,
            quantity,
            properties: entry.properties(),
            acquired_at: self.now,
        }
    }

    fn push_granted(
        &mut self,
        entry: &CatalogItem,
        id: Uuid,
        is_pet: bool,
        quantity: i32,
        after: i32,
    ) {
        self.granted.push(GrantedItem {
            catalog_id: entry.id.clone(),
            kind: entry.kind.clone(),
            item_id: id,
            is_pet,
            quantity,
            quantity_after: after,
        });
    }

    /// The balances as they stand.
    pub fn balances(&self) -> Balances {
        Balances {
            gold: self.player.gold,
            gems: self.player.gems,
            stamina: self.player.stamina,
            stamina_max: self.player.stamina_max,
        }
    }

    /// Writes the player, the ledger and the stored answer; returns the answer.
    pub async fn finish(
        mut self,
        caller: &str,
        hash: &str,
        outcome: Option<Value>,
    ) -> Result<TransactionResponse, InventoryError> {
        let changed = self.player != self.original;
        if changed {
            self.player.updated_at = self.now;
        }
        let response = TransactionResponse {
            transaction_id: self.tx_id,
            user_id: self.player.user_id,
            reason: self.req.reason.clone(),
            replayed: false,
            balances: self.balances(),
            granted: std::mem::take(&mut self.granted),
            consumed: std::mem::take(&mut self.consumed),
            outcome,
        };
        let stored = serde_json::to_value(&response).map_err(InventoryError::internal)?;
        let row = TransactionRow {
            id: self.tx_id,
            caller: caller.to_owned(),
            idempotency_key: self.req.idempotency_key.clone(),
            user_id: self.player.user_id,
            reason: self.req.reason.clone(),
            request_hash: hash.to_owned(),
            response: stored,
            created_at: self.now,
        };
        queries::finish_transaction(
            self.conn,
            changed.then_some(&self.player),
            &self.ledger,
            &row,
        )
        .await?;
        Ok(response)
    }
}
