// @generated automatically by Diesel CLI.
// Kept by hand in exactly the form `diesel print-schema` writes for
// migrations/2026-03-01-000000_create_inventory (diesel_cli needs libpq, which the workspace
// does not link); `schema_rs_matches_the_migrated_database` in tests/api checks it.

diesel::table! {
    active_buffs (id) {
        id -> Uuid,
        user_id -> Uuid,
        buff_type -> Text,
        effect_value -> Int4,
        original_value -> Nullable<Int4>,
        applied_at -> Timestamptz,
        expires_at -> Timestamptz,
        source -> Text,
        source_id -> Nullable<Text>,
    }
}

diesel::table! {
    catalog_items (id) {
        id -> Text,
        kind -> Text,
        item_type -> Text,
        name -> Text,
        description -> Text,
        icon -> Nullable<Text>,
        rarity -> Text,
        level_requirement -> Int4,
        attack_bonus -> Int4,
        defense_bonus -> Int4,
        hp_bonus -> Int4,
        price_gold -> Nullable<Int8>,
        price_gems -> Nullable<Int8>,
        stackable -> Bool,
        pet_species -> Nullable<Text>,
        food_xp -> Nullable<Int4>,
        potion_type -> Nullable<Text>,
        effect_value -> Nullable<Int4>,
        duration_secs -> Nullable<Int4>,
        furniture_type -> Nullable<Text>,
        starter -> Bool,
        in_shop -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    equipped_items (user_id, set_type, slot) {
        user_id -> Uuid,
        set_type -> Text,
        slot -> Text,
        item_id -> Uuid,
    }
}

diesel::table! {
    equipped_pets (user_id, set_type, slot) {
        user_id -> Uuid,
        set_type -> Text,
        slot -> Int4,
        pet_id -> Uuid,
    }
}

diesel::table! {
    items (id) {
        id -> Uuid,
        user_id -> Uuid,
        catalog_id -> Text,
        item_type -> Text,
        name -> Text,
        rarity -> Text,
        level_requirement -> Int4,
        attack_bonus -> Int4,
        defense_bonus -> Int4,
        hp_bonus -> Int4,
        enhance_level -> Int4,
        stackable -> Bool,
        quantity -> Int4,
        properties -> Jsonb,
        acquired_at -> Timestamptz,
    }
}

diesel::table! {
    key_save_games (namespace, player_name) {
        namespace -> Text,
        player_name -> Text,
        level -> Int4,
        score -> Int8,
        lives -> Int4,
        health -> Int4,
        coins -> Int8,
        weapon -> Text,
        saved_at -> Timestamptz,
    }
}

diesel::table! {
    ledger_entries (id) {
        id -> Int8,
        transaction_id -> Uuid,
        user_id -> Uuid,
        asset -> Text,
        item_id -> Nullable<Uuid>,
        delta -> Int8,
        balance_after -> Int8,
        reason -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    pets (id) {
        id -> Uuid,
        user_id -> Uuid,
        catalog_id -> Nullable<Text>,
        name -> Nullable<Text>,
        species -> Nullable<Text>,
        focus -> Nullable<Text>,
        is_egg -> Bool,
        level -> Int4,
        exp -> Int8,
        exp_max -> Int8,
        base_attack -> Int4,
        base_defense -> Int4,
        base_hp -> Int4,
        attack_bonus -> Int4,
        defense_bonus -> Int4,
        hp_bonus -> Int4,
        hatched_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    players (user_id) {
        user_id -> Uuid,
        username -> Text,
        username_synced -> Bool,
        level -> Int4,
        total_xp -> Int8,
        gold -> Int8,
        gems -> Int8,
        stamina -> Int4,
        stamina_max -> Int4,
        base_attack -> Int4,
        base_defense -> Int4,
        base_hp -> Int4,
        unspent_stat_points -> Int4,
        last_stamina_regen -> Timestamptz,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    save_games (user_id, player_name) {
        user_id -> Uuid,
        player_name -> Text,
        level -> Int4,
        score -> Int8,
        lives -> Int4,
        health -> Int4,
        coins -> Int8,
        weapon -> Text,
        saved_at -> Timestamptz,
    }
}

diesel::table! {
    shop_purchases (id) {
        id -> Uuid,
        user_id -> Uuid,
        transaction_id -> Uuid,
        catalog_id -> Text,
        item_type -> Text,
        item_name -> Text,
        cost_gold -> Int8,
        cost_gems -> Int8,
        purchased_at -> Timestamptz,
    }
}

diesel::table! {
    transactions (id) {
        id -> Uuid,
        caller -> Text,
        idempotency_key -> Text,
        user_id -> Uuid,
        reason -> Text,
        request_hash -> Text,
        response -> Jsonb,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    event_outbox (id) {
        id -> Int8,
        topic -> Text,
        kind -> Text,
        body -> Text,
        created_at -> Timestamptz,
    }
}

diesel::joinable!(active_buffs -> players (user_id));
diesel::joinable!(equipped_items -> items (item_id));
diesel::joinable!(equipped_items -> players (user_id));
diesel::joinable!(equipped_pets -> pets (pet_id));
diesel::joinable!(equipped_pets -> players (user_id));
diesel::joinable!(items -> catalog_items (catalog_id));
diesel::joinable!(items -> players (user_id));
diesel::joinable!(ledger_entries -> transactions (transaction_id));
diesel::joinable!(pets -> catalog_items (catalog_id));
diesel::joinable!(pets -> players (user_id));
diesel::joinable!(shop_purchases -> players (user_id));
diesel::joinable!(shop_purchases -> transactions (transaction_id));

diesel::allow_tables_to_appear_in_same_query!(
    event_outbox,
    active_buffs,
    catalog_items,
    equipped_items,
    equipped_pets,
    items,
    key_save_games,
    ledger_entries,
    pets,
    players,
    save_games,
    shop_purchases,
    transactions,
);
