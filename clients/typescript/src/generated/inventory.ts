// Generated from openapi/inventory.json by scripts/generate.mjs (openapi-typescript); do not edit.
// Regenerate with `make sdk`.

export type paths = {
    "/api/inventory/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's items and both equipment sets; the filters narrow `items` only. */
        get: operations["list_inventory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inventory/{item_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of the caller's items; another player's item is 404. */
        get: operations["get_item"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inventory/{item_id}/enhance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Enhances an equipment item one level for gold (`50 * level * (level + 1)`); each stat
         *     grows by a tenth (at least 1). Maximum level 20.
         */
        post: operations["enhance_item"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inventory/equip": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Puts an item in a slot (taking it out of any slot it was in, replacing what was there). */
        post: operations["equip_item"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inventory/starter-items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Gives a new player the catalog's starter items (only with an empty inventory). */
        post: operations["add_starter_items"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inventory/stats/{set_type}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sums of the equipped items of a set. */
        get: operations["get_set_stats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inventory/unequip": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Empties a slot. */
        post: operations["unequip_item"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inventory/use-potion/{item_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Drinks one potion: restores stamina, or starts a stamina, attack or defense boost (one
         *     of each kind at a time).
         */
        post: operations["use_potion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/load_game/{player_name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's save under `player_name`. An account without one of that name gets 404; a
         *     deployment key gets JSON `null`, as the seed answered its client.
         */
        get: operations["load_game"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pets/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's pets, eggs and pet sets. */
        get: operations["list_pets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pets/equip": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Puts a hatched pet in a slot (out of any slot it was in first). */
        post: operations["equip_pet"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pets/feed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Feeds one food item to a hatched pet. */
        post: operations["feed_pet"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pets/hatch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Hatches an egg: its species (rolled now for mystery eggs) and focus set its bonuses. */
        post: operations["hatch_pet"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pets/stats/{set_type}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sum of the bonuses of the hatched pets in a set. */
        get: operations["get_pet_stats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/pets/unequip": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Empties a pet slot. */
        post: operations["unequip_pet"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/player/allocate-stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Spends unspent stat points; raising the stamina cap refills stamina. */
        post: operations["allocate_stats"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/player/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's profile; stamina is regenerated and expired buffs end on the way. */
        get: operations["get_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/player/progression": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's progress through their level. */
        get: operations["get_progression"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/player/progression/table": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The XP curve: each level's XP and stat points. */
        get: operations["get_progression_table"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/player/regenerate-stamina": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Applies stamina regeneration up to now (10% of the cap per full interval). */
        post: operations["regenerate_stamina"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/save_game": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Saves (or overwrites) the caller's game under `player_name`. */
        post: operations["save_game"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/save_game/{player_name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Deletes the caller's save under `player_name`. An account without one gets 404; for a
         *     deployment key a missing save is not an error, as in the seed.
         */
        delete: operations["delete_game"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/shop/admin/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every catalog entry, including those retired from the shop. */
        get: operations["list_catalog"];
        put?: never;
        /** Adds a catalog entry. */
        post: operations["create_catalog_entry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/shop/admin/items/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Replaces a catalog entry (items already owned keep their stats). */
        put: operations["replace_catalog_entry"];
        post?: never;
        /** Takes an entry out of the shop; owned copies keep working. */
        delete: operations["retire_catalog_entry"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/shop/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's purchases, newest first. */
        get: operations["get_shop_history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/shop/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Everything the shop sells. */
        get: operations["list_shop_items"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/shop/purchase": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Buys one of a shop entry: pays its price and adds it to the inventory (eggs become pets,
         *     potions, food and furniture stack). Send `Idempotency-Key` to make retries safe.
         */
        post: operations["purchase_item"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/inventory/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's furniture, newest first. */
        get: operations["list_furniture"];
        put?: never;
        /**
         * Buys furniture of a cafe type at its shop price in gold; the answer is the stack it went to.
         *     Send `Idempotency-Key` to make retries safe.
         */
        post: operations["buy_furniture"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/wallet": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's balances. */
        get: operations["get_wallet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/wallet/admin/grant": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Credits a player gold and/or gems (role `admin`). `Idempotency-Key` is required: a repeat
         *     with the same key answers with the first result and credits nothing more.
         */
        post: operations["admin_grant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/wallet/ledger": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's own ledger: every change of their balances, items and XP. */
        get: operations["list_ledger"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process is up and serving HTTP. */
        get: operations["healthz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the service's database and Redis answer; 503 problem+json naming what does not. */
        get: operations["readyz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
};
export type webhooks = Record<string, never>;
export type components = {
    schemas: {
        /** @description `POST /api/wallet/admin/grant` body. */
        AdminGrantRequest: {
            /**
             * Format: int64
             * @description Gems to add, 1-1,000,000,000.
             */
            gems?: number | null;
            /**
             * Format: int64
             * @description Gold to add, 1-1,000,000,000.
             */
            gold?: number | null;
            /** @description Why (1-80 characters), recorded on the ledger rows as `admin_grant:<reason>`. */
            reason: string;
            /**
             * Format: uuid
             * @description The player credited.
             */
            user_id: string;
        };
        /** @description `POST /api/player/allocate-stats` body: points to spend on each stat. */
        AllocateStatsRequest: {
            /**
             * Format: int64
             * @description Points into base attack (+1 each).
             */
            attack?: number;
            /**
             * Format: int64
             * @description Points into base defense (+1 each).
             */
            defense?: number;
            /**
             * Format: int64
             * @description Points into the stamina cap (+1 each; refills stamina).
             */
            max_stamina?: number;
        };
        /** @description `POST /api/player/allocate-stats` answer. */
        AllocateStatsResponse: {
            /** @description `Stats allocated successfully`. */
            message: string;
            /** @description The profile after. */
            player: components["schemas"]["PlayerResponse"];
        };
        /** @description A player's balances after a transaction. */
        Balances: {
            /**
             * Format: int64
             * @description Gems.
             */
            gems: number;
            /**
             * Format: int64
             * @description Gold.
             */
            gold: number;
            /**
             * Format: int32
             * @description Stamina (after lazy regeneration).
             */
            stamina: number;
            /**
             * Format: int32
             * @description Stamina cap.
             */
            stamina_max: number;
        };
        /** @description An active buff. */
        BuffView: {
            /**
             * Format: date-time
             * @description Applied.
             */
            applied_at: string;
            /** @description `stamina_boost`, `attack_boost` or `defense_boost`. */
            buff_type: string;
            /**
             * Format: int32
             * @description The new stamina cap, or the boost in percent.
             */
            effect_value: number;
            /**
             * Format: date-time
             * @description Expires.
             */
            expires_at: string;
            /**
             * Format: uuid
             * @description Id.
             */
            id: string;
            /** @description What applied it. */
            source: string;
        };
        /** @description `POST /api/v1/inventory/` body (the seed's `InventoryItemCreate`). */
        BuyFurnitureRequest: {
            /** @description Accepted for the seed's client and not stored (furniture of one type stacks). */
            metadata?: Record<string, never> | null;
            /**
             * Format: int32
             * @description How many, 1..=99 (default 1).
             */
            quantity?: number | null;
            /** @description `chair`, `table`, `desk`, `plant`, `balloon`, `pot`, `brick`, `wall` or `tool`. */
            type: string;
        };
        /** @description One item template. */
        CatalogEntry: {
            /**
             * Format: int32
             * @description Attack bonus (equipment) or base attack (eggs).
             */
            attack?: number;
            /**
             * Format: int32
             * @description Defense bonus (equipment) or base defense (eggs).
             */
            defense?: number;
            /** @description Shop description. */
            description: string;
            /**
             * Format: int32
             * @description How long a boost lasts, in seconds.
             */
            duration_secs?: number | null;
            /**
             * Format: int32
             * @description A potion's strength (stamina points, new stamina cap, or a percentage for boosts).
             */
            effect_value?: number | null;
            /**
             * Format: int32
             * @description XP a food gives the pet it is fed to.
             */
            food_xp?: number | null;
            /** @description The cafe object a furniture item becomes. */
            furniture_type?: string | null;
            /**
             * Format: int32
             * @description HP bonus (equipment) or base HP (eggs).
             */
            hp?: number;
            /** @description Icon (emoji or asset key). */
            icon?: string | null;
            /** @description Stable id (`[a-z0-9_]{1,64}`), also the shop's `item_id`. */
            id: string;
            /** @description Listed in the shop (retired entries stay valid for items already owned). */
            in_shop?: boolean;
            /**
             * @description For equipment its slot type (`weapon`, `helmet`, `armor`, `boots`, `gloves`, `ring`,
             *     `amulet`); `egg`, `consumable` (food, potions) or `furniture` otherwise; gacha entries
             *     repeat their kind (`character`, `weapon`: gacha weapons fit the weapon slot).
             */
            item_type: string;
            /**
             * @description `equipment`, `egg`, `food`, `potion`, `furniture`, or the gacha-only `character` and
             *     `weapon`.
             */
            kind: string;
            /**
             * Format: int32
             * @description Level needed to buy and equip it.
             */
            level_requirement?: number;
            /** @description Display name. */
            name: string;
            /** @description The species an egg hatches into (`null`: rolled at hatching). */
            pet_species?: string | null;
            /** @description A potion's effect. */
            potion_type?: string | null;
            /**
             * Format: int64
             * @description Price in gems (`null`: not sold for gems).
             */
            price_gems?: number | null;
            /**
             * Format: int64
             * @description Price in gold (`null`: not sold for gold).
             */
            price_gold?: number | null;
            /** @description `common`, `uncommon`, `rare`, `epic` or `legendary`. */
            rarity: string;
            /** @description Whether owned copies stack into one row with a quantity. */
            stackable?: boolean;
            /** @description Granted by `POST /api/inventory/starter-items`. */
            starter?: boolean;
        };
        /** @description `GET /internal/players/{id}/combat-stats`: what battle computes damage from. */
        CombatStats: {
            /** @description Active buff types. */
            active_buffs: string[];
            /**
             * Format: double
             * @description Multiplier of active attack buffs (1.0 without).
             */
            attack_multiplier: number;
            /** @description Base stats (level-ups and allocated points). */
            base: components["schemas"]["StatBlock"];
            /**
             * Format: double
             * @description Multiplier of active defense buffs (1.0 without).
             */
            defense_multiplier: number;
            /** @description Sum of the attack equipment set. */
            equipment: components["schemas"]["StatBlock"];
            /**
             * Format: int32
             * @description Level.
             */
            level: number;
            /** @description Sum of the hatched pets in the attack pet set. */
            pets: components["schemas"]["StatBlock"];
            /**
             * Format: int32
             * @description Current stamina (after lazy regeneration).
             */
            stamina: number;
            /**
             * Format: int32
             * @description Stamina cap.
             */
            stamina_max: number;
            /** @description `(base + equipment + pets)` with the multipliers applied (rounded down). */
            total: components["schemas"]["StatBlock"];
            /**
             * Format: uuid
             * @description The player.
             */
            user_id: string;
            /** @description Display name. */
            username: string;
        };
        /** @description What a consume took. */
        ConsumedItem: {
            /** @description Its catalog entry. */
            catalog_id: string;
            /** @description The cafe object type, for furniture. */
            furniture_type?: string | null;
            /**
             * Format: uuid
             * @description The owned item's id.
             */
            item_id: string;
            /** @description Its type (`consumable`, `furniture`, `weapon`...). */
            item_type: string;
            /** @description Its name. */
            name: string;
            /** @description The item's properties (potion effect, food XP, furniture metadata). */
            properties: Record<string, never>;
            /**
             * Format: int32
             * @description How many were taken.
             */
            quantity: number;
            /**
             * Format: int32
             * @description How many are left (the row is gone at 0).
             */
            remaining: number;
        };
        /**
         * @description A wallet balance that transactions can move.
         * @enum {string}
         */
        Currency: "gold" | "gems" | "stamina";
        /** @description An amount of one currency (always positive; the list it is in says which way it moves). */
        CurrencyAmount: {
            /**
             * Format: int64
             * @description How much, at least 1.
             */
            amount: number;
            /** @description Which balance. */
            currency: components["schemas"]["Currency"];
        };
        /** @description `POST /api/inventory/{item_id}/enhance`. */
        EnhanceResponse: {
            /**
             * Format: int64
             * @description Gold paid.
             */
            gold_cost: number;
            /**
             * Format: int64
             * @description Gold left.
             */
            gold_remaining: number;
            /**
             * Format: uuid
             * @description The item.
             */
            item_id: string;
            /**
             * Format: int32
             * @description Level after.
             */
            new_level: number;
            /**
             * Format: int64
             * @description Gold the next level will cost (`null` at the maximum).
             */
            next_level_cost?: number | null;
            /**
             * Format: int32
             * @description Level before.
             */
            previous_level: number;
            /** @description The item's stats after. */
            stats: components["schemas"]["Stats"];
            /** @description What each stat grew by. */
            stats_increased: components["schemas"]["Stats"];
            /** @description Always true. */
            success: boolean;
            /**
             * Format: uuid
             * @description The economy transaction.
             */
            transaction_id: string;
        };
        /** @description One equipment set with its eight slots (`null` when empty). */
        EquipmentSetView: {
            amulet?: components["schemas"]["ItemView"] | null;
            armor?: components["schemas"]["ItemView"] | null;
            boots?: components["schemas"]["ItemView"] | null;
            gloves?: components["schemas"]["ItemView"] | null;
            helmet?: components["schemas"]["ItemView"] | null;
            /** @description The set's id (its type: sets are per player). */
            id: string;
            ring?: components["schemas"]["ItemView"] | null;
            ring2?: components["schemas"]["ItemView"] | null;
            /** @description `attack` or `defense`. */
            set_type: string;
            weapon?: components["schemas"]["ItemView"] | null;
        };
        /** @description `POST /api/inventory/equip` body. */
        EquipRequest: {
            /**
             * Format: uuid
             * @description The owned item.
             */
            item_id: string;
            /** @description Which set. */
            set_type: components["schemas"]["SetType"];
            /** @description Which slot (`ring2` takes rings). */
            slot: components["schemas"]["Slot"];
        };
        /** @description Equip and unequip answer. */
        EquipResponse: {
            /** @description The set after. */
            equipment_set: components["schemas"]["EquipmentSetView"];
            /** @description What happened. */
            message: string;
            /** @description The set's sums after. */
            stats: components["schemas"]["Stats"];
        };
        /** @description `POST /api/pets/feed` body: the seed's shape plus the food item to eat. */
        FeedRequest: {
            /**
             * Format: uuid
             * @description The food item to feed (its XP is what the pet gets). Without it the player's least
             *     nourishing food is used.
             */
            food_item_id?: string | null;
            /**
             * Format: uuid
             * @description The pet.
             */
            pet_id: string;
            /** @description Accepted for seed clients and ignored: XP comes from the food, never from the client. */
            xp_amount?: unknown;
        };
        /** @description `POST /api/pets/feed`. */
        FeedResponse: {
            /**
             * Format: int64
             * @description XP into the level after.
             */
            exp: number;
            /**
             * Format: int64
             * @description XP the level needs.
             */
            exp_max: number;
            /**
             * Format: uuid
             * @description The food item eaten.
             */
            food_item_id: string;
            /**
             * Format: int32
             * @description Levels gained.
             */
            levels_gained: number;
            /** @description What happened. */
            message: string;
            /**
             * Format: int32
             * @description Level after.
             */
            new_level: number;
            /** @description The pet after. */
            pet: components["schemas"]["PetView"];
            /**
             * Format: int32
             * @description Food of this kind left.
             */
            remaining_quantity: number;
            /** @description The pet's bonuses after. */
            stats: components["schemas"]["Stats"];
            /**
             * Format: uuid
             * @description The economy transaction.
             */
            transaction_id: string;
            /**
             * Format: int64
             * @description XP the food gave.
             */
            xp_gained: number;
        };
        /** @description One invalid field of a request. */
        FieldError: {
            /** @description The field's name (dotted path for nested fields). */
            field: string;
            /** @description What is wrong with it. */
            message: string;
        };
        /** @description `POST /api/v1/inventory/`: the stack the purchase went to, and what it cost. */
        FurniturePurchaseResponse: components["schemas"]["FurnitureView"] & {
            /**
             * Format: int64
             * @description Gold paid.
             */
            cost_gold: number;
            /**
             * Format: int64
             * @description Gold left.
             */
            gold_remaining: number;
            /**
             * Format: int32
             * @description How many this purchase added.
             */
            purchased: number;
            /**
             * Format: uuid
             * @description The economy transaction (its ledger rows carry this id).
             */
            transaction_id: string;
        };
        /** @description An owned furniture stack as the cafe's client reads it. */
        FurnitureView: {
            /** @description The shop entry it came from. */
            catalog_id: string;
            /**
             * Format: date-time
             * @description First acquired.
             */
            created_at: string;
            /**
             * Format: uuid
             * @description The stack's item id (`place_object {inventory_item_id}`).
             */
            id: string;
            /** @description The item's properties (the seed's free-form `metadata`). */
            metadata: Record<string, never>;
            /** @description Name. */
            name: string;
            /**
             * Format: int32
             * @description How many the stack holds.
             */
            quantity: number;
            /** @description Cafe type: `chair`, `table`, `desk`, `plant`, `balloon`, `pot`, `brick`, `wall`, `tool`. */
            type: string;
            /**
             * Format: uuid
             * @description Owner.
             */
            user_id: string;
        };
        /**
         * @description `GET /internal/catalog/gacha`: one gacha-only catalog entry (what gacha validates banner
         *     pools against and shows in pull results).
         */
        GachaCatalogItem: {
            /** @description The catalog id. */
            catalog_id: string;
            /** @description `character` or `weapon`. */
            kind: string;
            /** @description Display name. */
            name: string;
            /**
             * Format: int32
             * @description Star rating, 3-5.
             */
            stars: number;
        };
        /** @description What a grant produced. */
        GrantedItem: {
            /** @description The catalog entry. */
            catalog_id: string;
            /** @description Whether `item_id` is a pet (eggs). */
            is_pet: boolean;
            /**
             * Format: uuid
             * @description The owned item's id, or the pet's id for an egg.
             */
            item_id: string;
            /** @description `equipment`, `egg`, `food`, `potion` or `furniture`. */
            kind: string;
            /**
             * Format: int32
             * @description How many were added.
             */
            quantity: number;
            /**
             * Format: int32
             * @description The stack's (or row's) quantity afterwards.
             */
            quantity_after: number;
        };
        /** @description `POST /api/pets/hatch` body. */
        HatchRequest: {
            /** @description The pet's name, 1-20 characters (trimmed). */
            name: string;
            /**
             * Format: uuid
             * @description The egg.
             */
            pet_id: string;
        };
        /** @description Hatch and feed answers share this shape's `message` + `pet`. */
        HatchResponse: {
            /** @description `Congratulations! Your {species} has hatched!` */
            message: string;
            /** @description The pet. */
            pet: components["schemas"]["PetView"];
        };
        /** @description Liveness answer. */
        Health: {
            /** @description The service's name. */
            service: string;
            /** @description Always `ok` when the process answers. */
            status: string;
            /** @description The build's version. */
            version: string;
        };
        /** @description `GET /api/inventory/` answer. */
        InventoryResponse: {
            /** @description The attack set. */
            attack_set: components["schemas"]["EquipmentSetView"];
            /** @description The defense set. */
            defense_set: components["schemas"]["EquipmentSetView"];
            /** @description Every owned item (that passes the filters), newest first. */
            items: components["schemas"]["ItemView"][];
            /** @description How many item rows (gacha seed's `total_items`). */
            total_items: number;
            /**
             * Format: uuid
             * @description The owner (gacha seed).
             */
            user_id: string;
        };
        /** @description Owned items to take away (a potion drunk, a food fed, furniture placed in a room). */
        ItemConsume: {
            /**
             * Format: uuid
             * @description The owned item's id; it must belong to the transaction's player.
             */
            item_id: string;
            /**
             * Format: int32
             * @description How many, at least 1.
             */
            quantity?: number;
        };
        /** @description Items of a catalog entry to give the player (eggs become pets). */
        ItemGrant: {
            /** @description The catalog id, e.g. `blade_ember`. */
            catalog_id: string;
            /**
             * Format: int32
             * @description How many (1 for non-stackable entries, which get one row each).
             */
            quantity?: number;
        };
        /** @description An owned item: the web-game seed's inventory item and the gacha seed's item detail. */
        ItemView: {
            /**
             * Format: date-time
             * @description When acquired.
             */
            acquired_at: string;
            /**
             * Format: int32
             * @description Attack bonus.
             */
            attack_bonus: number;
            /** @description Catalog entry. */
            catalog_id: string;
            /**
             * Format: int32
             * @description Defense bonus.
             */
            defense_bonus: number;
            /**
             * Format: int32
             * @description HP bonus.
             */
            hp_bonus: number;
            /**
             * Format: uuid
             * @description Id.
             */
            id: string;
            /**
             * Format: uuid
             * @description Same as `id` (gacha seed).
             */
            item_id: string;
            /** @description Same as `name` (gacha seed). */
            item_name: string;
            /** @description `weapon`, `helmet`, ..., `consumable`, `furniture`. */
            item_type: string;
            /**
             * Format: int32
             * @description Enhancement level (gacha seed's `level`).
             */
            level: number;
            /**
             * Format: int32
             * @description Level needed to equip.
             */
            level_requirement: number;
            /**
             * Format: int32
             * @description Highest enhancement level.
             */
            max_level: number;
            /** @description Name. */
            name: string;
            /** @description Potion effect, food XP, furniture type... */
            properties: Record<string, never>;
            /**
             * Format: int32
             * @description Quantity (stacks).
             */
            quantity: number;
            /** @description `common` .. `legendary`. */
            rarity: string;
            /**
             * Format: int32
             * @description Rarity tier as stars, 1-5.
             */
            stars: number;
            /** @description The bonuses again, gacha-seed style. */
            stats: components["schemas"]["Stats"];
        };
        /** @description One ledger row. */
        LedgerEntryView: {
            /**
             * @description `gold`, `gems`, `stamina`, `xp`, `pet_xp`, `item:<catalog id>`, `pet:<catalog id>`,
             *     `enhance:<catalog id>`.
             */
            asset: string;
            /**
             * Format: int64
             * @description Balance, stack quantity or level after.
             */
            balance_after: number;
            /**
             * Format: date-time
             * @description When.
             */
            created_at: string;
            /**
             * Format: int64
             * @description Change (negative when spent).
             */
            delta: number;
            /**
             * Format: int64
             * @description Id (increasing).
             */
            id: number;
            /**
             * Format: uuid
             * @description The item or pet, for item changes.
             */
            item_id?: string | null;
            /** @description Why. */
            reason: string;
            /**
             * Format: uuid
             * @description The economy transaction it belongs to.
             */
            transaction_id: string;
        };
        /** @description A page of the ledger. */
        LedgerPage: {
            /** @description Newest first. */
            entries: components["schemas"]["LedgerEntryView"][];
            /** @description Pass as `cursor` for the next page; `null` on the last. */
            next_cursor?: string | null;
        };
        /** @description One level of the progression table. */
        LevelRow: {
            /**
             * Format: int32
             * @description Level.
             */
            level: number;
            /**
             * Format: int32
             * @description Stat points for reaching it.
             */
            stat_points_reward: number;
            /**
             * Format: int64
             * @description Lifetime XP to reach it.
             */
            total_xp: number;
            /**
             * Format: int64
             * @description XP from the previous level.
             */
            xp_required: number;
        };
        /** @description A `{ "message": ... }` answer. */
        MessageResponse: {
            /** @description What happened. */
            message: string;
        };
        /** @description What the next level brings. */
        NextLevelRewards: {
            /** @description Whether it is a milestone (every tenth level). */
            is_milestone: boolean;
            /**
             * Format: int32
             * @description Stat points for reaching it.
             */
            stat_points: number;
        };
        /**
         * @description The currency a buyer names (`POST /api/shop/purchase {currency}`).
         * @enum {string}
         */
        PayCurrency: "gold" | "gems";
        /** @description `POST /api/pets/equip` body. */
        PetEquipRequest: {
            /**
             * Format: uuid
             * @description The pet (hatched).
             */
            pet_id: string;
            /** @description Which set. */
            set_type: components["schemas"]["SetType"];
            /**
             * Format: int32
             * @description Slot 1-3.
             */
            slot: number;
        };
        /** @description Pet equip and unequip answer. */
        PetEquipResponse: {
            /** @description What happened. */
            message: string;
            /** @description The set after. */
            pet_set: components["schemas"]["PetSetView"];
            /** @description The set's bonuses after. */
            stats: components["schemas"]["Stats"];
        };
        /** @description A pet set's three slots (`null` when empty). */
        PetSetView: {
            /** @description The set's id (its type). */
            id: string;
            pet_1?: components["schemas"]["PetView"] | null;
            pet_2?: components["schemas"]["PetView"] | null;
            pet_3?: components["schemas"]["PetView"] | null;
            /** @description `attack` or `defense`. */
            set_type: string;
        };
        /** @description `GET /api/pets/` answer. */
        PetsResponse: {
            /** @description The attack pet set. */
            attack_set: components["schemas"]["PetSetView"];
            /** @description The defense pet set. */
            defense_set: components["schemas"]["PetSetView"];
            /** @description Pets and eggs, newest first. */
            pets: components["schemas"]["PetView"][];
        };
        /** @description `POST /api/pets/unequip` body. */
        PetUnequipRequest: {
            /** @description Which set. */
            set_type: components["schemas"]["SetType"];
            /**
             * Format: int32
             * @description Slot 1-3.
             */
            slot: number;
        };
        /** @description A pet (eggs hide species, focus and bonuses). */
        PetView: {
            /**
             * Format: int32
             * @description Attack given to the owner.
             */
            attack_bonus: number;
            /** @description The egg's catalog entry. */
            catalog_id?: string | null;
            /**
             * Format: date-time
             * @description Created.
             */
            created_at: string;
            /**
             * Format: int32
             * @description Defense given to the owner.
             */
            defense_bonus: number;
            /**
             * Format: int64
             * @description XP into the level.
             */
            exp: number;
            /**
             * Format: int64
             * @description XP the level needs.
             */
            exp_max: number;
            /** @description Focus (`null` for eggs). */
            focus?: string | null;
            /**
             * Format: date-time
             * @description When it hatched.
             */
            hatched_at?: string | null;
            /**
             * Format: int32
             * @description HP given to the owner.
             */
            hp_bonus: number;
            /**
             * Format: uuid
             * @description Id.
             */
            id: string;
            /** @description Still an egg. */
            is_egg: boolean;
            /**
             * Format: int32
             * @description Level.
             */
            level: number;
            /** @description Name (`Mystery Egg` for eggs). */
            name?: string | null;
            /** @description Species (`null` for eggs). */
            species?: string | null;
        };
        /** @description A player's profile (`GET /api/player/me`). */
        PlayerResponse: {
            /** @description Buffs still running. */
            active_buffs: components["schemas"]["BuffView"][];
            /**
             * Format: int32
             * @description Base attack.
             */
            base_attack: number;
            /**
             * Format: int32
             * @description Base defense.
             */
            base_defense: number;
            /**
             * Format: int32
             * @description Base HP.
             */
            base_hp: number;
            /**
             * Format: date-time
             * @description Created.
             */
            created_at: string;
            /**
             * Format: int64
             * @description XP into the current level (the seed's `exp`).
             */
            exp: number;
            /**
             * Format: int64
             * @description XP the current level needs (the seed's `exp_max`).
             */
            exp_max: number;
            /**
             * Format: int64
             * @description Gems.
             */
            gems: number;
            /**
             * Format: int64
             * @description Gold.
             */
            gold: number;
            /**
             * Format: uuid
             * @description The player's id (= `user_id`).
             */
            id: string;
            /**
             * Format: int32
             * @description Level.
             */
            level: number;
            /**
             * Format: int32
             * @description Stamina (regenerated up to now).
             */
            stamina: number;
            /**
             * Format: int32
             * @description Stamina cap.
             */
            stamina_max: number;
            /**
             * Format: int64
             * @description Lifetime XP.
             */
            total_xp: number;
            /**
             * Format: int32
             * @description Unspent stat points.
             */
            unspent_stat_points: number;
            /**
             * Format: date-time
             * @description Last changed.
             */
            updated_at: string;
            /**
             * Format: uuid
             * @description The auth user id.
             */
            user_id: string;
            /** @description Display name. */
            username: string;
        };
        /** @description `POST /api/inventory/use-potion/{item_id}`. */
        PotionResponse: {
            buff_applied?: components["schemas"]["BuffView"] | null;
            /** @description What happened. */
            message: string;
            /**
             * Format: int32
             * @description Potions of this kind left.
             */
            remaining_quantity: number;
            /**
             * Format: int32
             * @description Stamina after (stamina potions).
             */
            stamina?: number | null;
            /**
             * Format: int32
             * @description Stamina cap after (stamina potions).
             */
            stamina_max?: number | null;
            /** @description Always true. */
            success: boolean;
            /**
             * Format: uuid
             * @description The economy transaction.
             */
            transaction_id: string;
        };
        /** @description The JSON body of an error response. */
        ProblemBody: {
            /** @description Stable snake_case machine-readable code, e.g. `insufficient_funds`. */
            code: string;
            /**
             * @description Explanation specific to this occurrence; always sent (the title when nothing more
             *     specific applies), optional only when reading another service's body.
             */
            detail?: string | null;
            /** @description Invalid fields, for validation errors. */
            errors?: components["schemas"]["FieldError"][];
            /** @description The request id, for support and log correlation. */
            request_id?: string | null;
            /**
             * Format: int32
             * @description HTTP status code.
             */
            status: number;
            /** @description Short human-readable summary of the problem type. */
            title: string;
            /** @description A URI naming the problem type. */
            type: string;
        };
        /** @description `GET /api/player/progression` answer. */
        ProgressionResponse: {
            /**
             * Format: int32
             * @description Level.
             */
            current_level: number;
            /** @description Whether the player is at the highest level. */
            max_level_reached: boolean;
            /** @description What the next level brings. */
            next_level_rewards: components["schemas"]["NextLevelRewards"];
            /**
             * Format: double
             * @description Progress through the level, 0-100 with two decimals.
             */
            progress_percent: number;
            /**
             * Format: int64
             * @description Lifetime XP.
             */
            total_xp: number;
            /**
             * Format: int32
             * @description Unspent stat points.
             */
            unspent_stat_points: number;
            /**
             * Format: int64
             * @description XP the next level needs in total.
             */
            xp_for_next_level: number;
            /**
             * Format: int64
             * @description XP into the current level.
             */
            xp_in_current_level: number;
            /**
             * Format: int64
             * @description XP still missing for the next level.
             */
            xp_to_next_level: number;
        };
        /** @description One purchase. */
        PurchaseRecord: {
            /** @description The shop entry. */
            catalog_id: string;
            /**
             * Format: int64
             * @description Gems paid.
             */
            cost_gems: number;
            /**
             * Format: int64
             * @description Gold paid.
             */
            cost_gold: number;
            /**
             * Format: uuid
             * @description Id.
             */
            id: string;
            /** @description Name. */
            item_name: string;
            /** @description Type. */
            item_type: string;
            /**
             * Format: date-time
             * @description When.
             */
            purchased_at: string;
        };
        /** @description `POST /api/shop/purchase` body. */
        PurchaseRequest: {
            currency?: components["schemas"]["PayCurrency"] | null;
            /** @description The shop entry's id. */
            item_id: string;
            /** @description Pay in gems (when the entry has a gem price). */
            use_gems?: boolean;
        };
        /** @description `POST /api/shop/purchase`. */
        PurchaseResponse: {
            /** @description The catalog entry bought. */
            catalog_id: string;
            /**
             * Format: int64
             * @description Gems paid.
             */
            cost_gems: number;
            /**
             * Format: int64
             * @description Gold paid.
             */
            cost_gold: number;
            /**
             * Format: int64
             * @description Gems left.
             */
            gems_remaining: number;
            /**
             * Format: int64
             * @description Gold left.
             */
            gold_remaining: number;
            /** @description Whether `item_id` is a pet (eggs). */
            is_pet: boolean;
            /** @description The new item's (or egg's pet) id, as a string like the seed. */
            item_id: string;
            /** @description The entry's name (the web-game client shows it). */
            item_name?: string;
            /** @description `Purchased {name}!` */
            message: string;
            /** @description Always true (failures are problems). */
            success: boolean;
            /**
             * Format: uuid
             * @description The economy transaction.
             */
            transaction_id: string;
        };
        /** @description Readiness answer. */
        Ready: {
            /** @description Each dependency checked, with `ok`. */
            checks: {
                [key: string]: string;
            };
            /** @description `ready`. */
            status: string;
        };
        /** @description `POST /api/save_game` body (the seed's seven fields). */
        SaveGameRequest: {
            /**
             * Format: int64
             * @description Coins, 0-10^12.
             */
            coins: number;
            /**
             * Format: int64
             * @description Health, 0-100000.
             */
            health: number;
            /**
             * Format: int64
             * @description Level reached, 0-100000.
             */
            level: number;
            /**
             * Format: int64
             * @description Lives, 0-1000.
             */
            lives: number;
            /** @description The in-game name, 1-50 characters. */
            player_name: string;
            /**
             * Format: int64
             * @description Score, 0-10^12.
             */
            score: number;
            /** @description Weapon, 1-50 characters. */
            weapon: string;
        };
        /** @description A stored save. */
        SaveGameResponse: {
            /**
             * Format: int64
             * @description Coins.
             */
            coins: number;
            /**
             * Format: int32
             * @description Health.
             */
            health: number;
            /**
             * Format: int32
             * @description Level.
             */
            level: number;
            /**
             * Format: int32
             * @description Lives.
             */
            lives: number;
            /** @description The in-game name. */
            player_name: string;
            /**
             * Format: int64
             * @description Score.
             */
            score: number;
            /**
             * Format: date-time
             * @description When saved.
             */
            timestamp: string;
            /** @description Weapon. */
            weapon: string;
        };
        /**
         * @description The two equipment (and pet) sets a player has.
         * @enum {string}
         */
        SetType: "attack" | "defense";
        /** @description One shop entry; kind-specific fields appear only on their kind. */
        ShopItem: {
            /** @description Description. */
            description: string;
            /**
             * Format: int32
             * @description A boost's duration in seconds.
             */
            duration?: number | null;
            /**
             * Format: int32
             * @description A potion's strength.
             */
            effect_value?: number | null;
            /** @description The cafe object a furniture item becomes. */
            furniture_type?: string | null;
            /**
             * Format: int64
             * @description Gem price, when it can be bought with gems.
             */
            gem_price?: number | null;
            /** @description Icon. */
            icon?: string | null;
            /** @description The id to buy it with. */
            id: string;
            /**
             * Format: int32
             * @description Level needed to buy.
             */
            level: number;
            /** @description Name. */
            name: string;
            /**
             * Format: int32
             * @description A food's XP.
             */
            pet_exp?: number | null;
            pet_stats?: components["schemas"]["Stats"] | null;
            /** @description An egg's species (`null` for mystery eggs). */
            pet_type?: string | null;
            /** @description A potion's effect. */
            potion_type?: string | null;
            /**
             * Format: int64
             * @description Gold price (0 when sold for gems only).
             */
            price: number;
            /** @description UPPERCASE rarity. */
            rarity: string;
            stats?: components["schemas"]["Stats"] | null;
            /** @description UPPERCASE type: `WEAPON`, ..., `EGG`, `FOOD`, `CONSUMABLE`, `FURNITURE`. */
            type: string;
        };
        /** @description `GET /api/shop/items` answer: the catalog grouped as the seed's shop. */
        ShopResponse: {
            /** @description Pet eggs. */
            eggs: components["schemas"]["ShopItem"][];
            /** @description Weapons and armor. */
            equipment: components["schemas"]["ShopItem"][];
            /** @description Pet food. */
            food: components["schemas"]["ShopItem"][];
            /** @description Cafe furniture (placeable in a space room). */
            furniture: components["schemas"]["ShopItem"][];
            /** @description Potions. */
            potions: components["schemas"]["ShopItem"][];
        };
        /**
         * @description An equipment slot.
         * @enum {string}
         */
        Slot: "weapon" | "helmet" | "armor" | "boots" | "gloves" | "ring" | "ring2" | "amulet";
        /** @description `POST /api/player/regenerate-stamina` answer. */
        StaminaResponse: {
            /**
             * Format: int32
             * @description Stamina now.
             */
            stamina: number;
            /**
             * Format: int32
             * @description The cap.
             */
            stamina_max: number;
        };
        /** @description `POST /api/inventory/starter-items`. */
        StarterResponse: {
            /** @description The items given. */
            items: components["schemas"]["ItemView"][];
            /** @description `Starter items added to inventory`. */
            message: string;
        };
        /** @description Attack, defense and HP. */
        StatBlock: {
            /**
             * Format: int64
             * @description Attack.
             */
            attack: number;
            /**
             * Format: int64
             * @description Defense.
             */
            defense: number;
            /**
             * Format: int64
             * @description Hit points.
             */
            hp: number;
        };
        /** @description Attack, defense and HP sums. */
        Stats: {
            /**
             * Format: int64
             * @description Attack.
             */
            attack: number;
            /**
             * Format: int64
             * @description Defense.
             */
            defense: number;
            /**
             * Format: int64
             * @description Hit points.
             */
            hp: number;
        };
        /** @description `POST /internal/transactions`: applied all at once or not at all. */
        TransactionRequest: {
            /** @description Owned items to take. */
            consumes?: components["schemas"]["ItemConsume"][];
            /** @description Balances to give. */
            credits?: components["schemas"]["CurrencyAmount"][];
            /** @description Balances to take (409 `insufficient_funds` if one would go negative). */
            debits?: components["schemas"]["CurrencyAmount"][];
            /** @description Catalog items to give. */
            grants?: components["schemas"]["ItemGrant"][];
            /** @description Unique per calling service; a replay returns the first answer and changes nothing. */
            idempotency_key: string;
            /** @description Why, recorded on every ledger row (`gacha_pull`, `battle_loot`, `place_object`...). */
            reason: string;
            /**
             * Format: uuid
             * @description The player whose wallet and items change.
             */
            user_id: string;
            /**
             * Format: int64
             * @description XP to add in the same transaction, 1..=1,000,000 (levels follow); the answer's
             *     `outcome` is then the XP grant's result (`XpGrantResponse`).
             */
            xp?: number | null;
        };
        /** @description The answer of `POST /internal/transactions` (stored, and replayed for the same key). */
        TransactionResponse: {
            /** @description Balances afterwards. */
            balances: components["schemas"]["Balances"];
            /** @description Items taken, in request order. */
            consumed: components["schemas"]["ConsumedItem"][];
            /** @description Items given, in request order. */
            granted: components["schemas"]["GrantedItem"][];
            /** @description Endpoint-specific result of player-facing operations (potion effect, pet growth...). */
            outcome?: Record<string, never> | null;
            /** @description The reason given. */
            reason: string;
            /** @description True when this answer is the stored one of an earlier request with the same key. */
            replayed: boolean;
            /**
             * Format: uuid
             * @description The transaction's id (ledger rows point at it).
             */
            transaction_id: string;
            /**
             * Format: uuid
             * @description The player.
             */
            user_id: string;
        };
        /** @description `POST /api/inventory/unequip` body. */
        UnequipRequest: {
            /** @description Which set. */
            set_type: components["schemas"]["SetType"];
            /** @description Which slot. */
            slot: components["schemas"]["Slot"];
        };
        /** @description `GET /api/wallet` answer. */
        WalletResponse: {
            /**
             * Format: int64
             * @description Gems.
             */
            gems: number;
            /**
             * Format: int64
             * @description Gold.
             */
            gold: number;
            /**
             * Format: date-time
             * @description When the next stamina step arrives (`null` when full).
             */
            next_stamina_at?: string | null;
            /**
             * Format: int32
             * @description Stamina (regenerated up to now).
             */
            stamina: number;
            /**
             * Format: int32
             * @description Stamina cap.
             */
            stamina_max: number;
            /**
             * Format: int64
             * @description Seconds per stamina step (10% of the cap each).
             */
            stamina_regen_secs: number;
            /**
             * Format: uuid
             * @description The player.
             */
            user_id: string;
        };
        /** @description `POST /internal/players/{id}/xp`. */
        XpGrantRequest: {
            /**
             * Format: int64
             * @description XP to add, 1..=1,000,000.
             */
            amount: number;
            /** @description Unique per calling service; a replay grants nothing more. */
            idempotency_key: string;
            /** @description Where it came from (`battle`, `quest`...), recorded in the ledger. */
            source?: string;
        };
        /** @description The result of an XP grant (the web-game seed's `gain-xp` answer). */
        XpGrantResponse: {
            /** @description Whether the player reached at least one new level. */
            leveled_up: boolean;
            /**
             * Format: int32
             * @description `new_level - old_level`.
             */
            levels_gained: number;
            /**
             * Format: int32
             * @description Level after.
             */
            new_level: number;
            /**
             * Format: int32
             * @description Level before.
             */
            old_level: number;
            /** @description True when this is the stored answer of an earlier request with the same key. */
            replayed?: boolean;
            /**
             * Format: int32
             * @description Stat points earned (3 per level, 8 at multiples of 10).
             */
            stat_points_earned: number;
            /**
             * Format: int64
             * @description Lifetime XP after.
             */
            total_xp: number;
            /**
             * Format: int64
             * @description XP added.
             */
            xp_gained: number;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
    list_inventory: {
        parameters: {
            query?: {
                /** @description Only items of this type (`weapon`, `consumable`, ...). */
                item_type?: string | null;
                /** @description Only items of this rarity: a tier name (`rare`) or the gacha seed's stars (`4-star`). */
                rarity?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InventoryResponse"];
                };
            };
            /** @description `invalid_query` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    get_item: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Owned item id */
                item_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ItemView"];
                };
            };
            /** @description `invalid_path_parameter` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `item_not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    enhance_item: {
        parameters: {
            query?: never;
            header?: {
                /** @description Replays the first answer */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description Owned equipment item */
                item_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnhanceResponse"];
                };
            };
            /** @description `not_enhanceable` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `item_not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `insufficient_funds`, `max_level_reached` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `idempotency_key_reused`: the key was used with another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    equip_item: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EquipRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EquipResponse"];
                };
            };
            /** @description `level_too_low`, `wrong_slot` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `item_not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `payload_too_large` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `unsupported_media_type`: the body is not sent as application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `invalid_body` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    add_starter_items: {
        parameters: {
            query?: never;
            header?: {
                /** @description Replays the first answer */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StarterResponse"];
                };
            };
            /** @description `player_has_items` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `idempotency_key_reused`: the key was used with another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    get_set_stats: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description attack or defense */
                set_type: components["schemas"]["SetType"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Stats"];
                };
            };
            /** @description `invalid_path_parameter` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    unequip_item: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UnequipRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EquipResponse"];
                };
            };
            /** @description `malformed_json`: the body is not JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `payload_too_large` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `unsupported_media_type`: the body is not sent as application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `invalid_body` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    use_potion: {
        parameters: {
            query?: never;
            header?: {
                /** @description Replays the first answer */
                "Idempotency-Key"?: string | null;
            };
            path: {
                /** @description The potion stack */
                item_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PotionResponse"];
                };
            };
            /** @description `not_a_potion`, `buff_already_active` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `item_not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `idempotency_key_reused`: the key was used with another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    load_game: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The in-game name */
                player_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the save; `null` for a deployment key without one */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SaveGameResponse"] | null;
                };
            };
            /** @description `invalid_path_parameter`, or `invalid_path` from the gateway: dot segments or encoded separators */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `save_not_found` (accounts) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    list_pets: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PetsResponse"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    equip_pet: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PetEquipRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PetEquipResponse"];
                };
            };
            /** @description `pet_is_egg` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `pet_not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `payload_too_large` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `unsupported_media_type`: the body is not sent as application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description bad slot */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    feed_pet: {
        parameters: {
            query?: never;
            header?: {
                /** @description Replays the first answer */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FeedRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeedResponse"];
                };
            };
            /** @description `pet_is_egg`, `not_food` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `pet_not_found`, `item_not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `payload_too_large` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `unsupported_media_type`: the body is not sent as application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `invalid_body`, or `idempotency_key_reused`: the key was used with another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    hatch_pet: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["HatchRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HatchResponse"];
                };
            };
            /** @description `pet_already_hatched` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `pet_not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `payload_too_large` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `unsupported_media_type`: the body is not sent as application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description bad name */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    get_pet_stats: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description attack or defense */
                set_type: components["schemas"]["SetType"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Stats"];
                };
            };
            /** @description `invalid_path_parameter` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    unequip_pet: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PetUnequipRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PetEquipResponse"];
                };
            };
            /** @description `malformed_json`: the body is not JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `payload_too_large` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `unsupported_media_type`: the body is not sent as application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description bad slot */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    allocate_stats: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AllocateStatsRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AllocateStatsResponse"];
                };
            };
            /** @description `not_enough_stat_points` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `payload_too_large` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `unsupported_media_type`: the body is not sent as application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description negative points */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    get_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlayerResponse"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    get_progression: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProgressionResponse"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    get_progression_table: {
        parameters: {
            query?: {
                /** @description Last level listed (clamped to 1-100; default 20). */
                max_level?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LevelRow"][];
                };
            };
            /** @description `invalid_query` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    regenerate_stamina: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StaminaResponse"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    save_game: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SaveGameRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageResponse"];
                };
            };
            /** @description `malformed_json`: the body is not JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `payload_too_large` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `unsupported_media_type`: the body is not sent as application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description out-of-range fields */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    delete_game: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The in-game name */
                player_name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageResponse"];
                };
            };
            /** @description `invalid_path_parameter`, or `invalid_path` from the gateway: dot segments or encoded separators */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `save_not_found` (accounts) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    list_catalog: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogEntry"][];
                };
            };
            /** @description `admin_required` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    create_catalog_entry: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CatalogEntry"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogEntry"];
                };
            };
            /** @description `malformed_json`: the body is not JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `admin_required` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `catalog_item_exists` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `payload_too_large` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `unsupported_media_type`: the body is not sent as application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `validation_failed` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    replace_catalog_entry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Catalog id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CatalogEntry"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogEntry"];
                };
            };
            /** @description `malformed_json`: the body is not JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `admin_required` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `item_not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `payload_too_large` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `unsupported_media_type`: the body is not sent as application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `validation_failed` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    retire_catalog_entry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Catalog id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description retired */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description `invalid_path_parameter`, or `invalid_path` from the gateway: dot segments or encoded separators */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `admin_required` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `item_not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    get_shop_history: {
        parameters: {
            query?: {
                /** @description How many, 1-100 (default 50). */
                limit?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PurchaseRecord"][];
                };
            };
            /** @description `invalid_query` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description limit out of range */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    list_shop_items: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ShopResponse"];
                };
            };
        };
    };
    purchase_item: {
        parameters: {
            query?: never;
            header?: {
                /** @description Replays the first answer */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PurchaseRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PurchaseResponse"];
                };
            };
            /** @description `level_too_low`, `not_for_sale` (no price in the named currency), `invalid_idempotency_key` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `item_not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `insufficient_funds` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `payload_too_large` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `unsupported_media_type`: the body is not sent as application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `idempotency_key_reused`, `invalid_body` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    list_furniture: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FurnitureView"][];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    buy_furniture: {
        parameters: {
            query?: never;
            header?: {
                /** @description Replays the first answer */
                "Idempotency-Key"?: string | null;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BuyFurnitureRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FurniturePurchaseResponse"];
                };
            };
            /** @description `level_too_low`, `invalid_idempotency_key`, `not_for_sale` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `item_not_found`: the shop sells no furniture of this type */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `insufficient_funds` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `payload_too_large` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `unsupported_media_type`: the body is not sent as application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `validation_failed`, `idempotency_key_reused` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    get_wallet: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WalletResponse"];
                };
            };
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    admin_grant: {
        parameters: {
            query?: never;
            header: {
                /** @description 1-200 visible ASCII characters */
                "Idempotency-Key": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdminGrantRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransactionResponse"];
                };
            };
            /** @description `idempotency_key_required`, `invalid_idempotency_key` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `admin_required` */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `payload_too_large` */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `unsupported_media_type`: the body is not sent as application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description `validation_failed`, `idempotency_key_reused` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    list_ledger: {
        parameters: {
            query?: {
                /** @description `next_cursor` of the previous page. */
                cursor?: string | null;
                /** @description Entries per page, 1-100 (default 50). */
                limit?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LedgerPage"];
                };
            };
            /** @description `invalid_query` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description bad limit or cursor */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    healthz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    readyz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Ready"];
                };
            };
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
}
