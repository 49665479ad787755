//! The battle database's tables, written by hand to match the migrations.

diesel::table! {
    battle_templates (id) {
        id -> Int8,
        name -> Text,
        is_boss_raid -> Bool,
        difficulty -> Text,
        wave_number -> Int4,
        required_level -> Int4,
        min_players -> Int4,
        max_players -> Int4,
        boss_index -> Nullable<Int4>,
        created_by -> Uuid,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    battles (id) {
        id -> Int8,
        name -> Text,
        difficulty -> Text,
        wave_number -> Int4,
        is_boss_raid -> Bool,
        max_players -> Int4,
        min_players -> Int4,
        required_level -> Int4,
        stamina_cost -> Int8,
        boss_phase_count -> Int4,
        boss_current_phase -> Int4,
        gold_reward -> Int8,
        exp_reward -> Int8,
        gallery_index -> Nullable<Int4>,
        template_id -> Nullable<Int8>,
        from_pool -> Bool,
        status -> Text,
        next_strike_at -> Nullable<Timestamptz>,
        started_at -> Nullable<Timestamptz>,
        completed_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    battle_enemies (id) {
        id -> Int8,
        battle_id -> Int8,
        position -> Int4,
        enemy_type -> Text,
        name -> Text,
        level -> Int4,
        icon -> Text,
        hp_max -> Int8,
        hp_current -> Int8,
        attack -> Int8,
        defense -> Int8,
        is_defeated -> Bool,
        defeated_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    battle_participants (id) {
        id -> Int8,
        battle_id -> Int8,
        user_id -> Uuid,
        username -> Text,
        level -> Int4,
        battle_name -> Text,
        is_boss_raid -> Bool,
        gallery_index -> Nullable<Int4>,
        joined_at -> Timestamptz,
        left_at -> Nullable<Timestamptz>,
        is_active -> Bool,
        stamina_paid -> Bool,
        total_damage_dealt -> Int8,
        attacks_count -> Int4,
        hp_max -> Int8,
        hp_current -> Int8,
        defense -> Int8,
        is_dead -> Bool,
        death_timestamp -> Nullable<Timestamptz>,
        resurrection_count -> Int4,
        claim_state -> Nullable<Text>,
        has_claimed_loot -> Bool,
        claimed_at -> Nullable<Timestamptz>,
        rewards -> Nullable<Jsonb>,
    }
}

diesel::table! {
    battle_logs (id) {
        id -> Int8,
        battle_id -> Int8,
        user_id -> Nullable<Uuid>,
        username -> Nullable<Text>,
        log_type -> Text,
        message -> Text,
        enemy_id -> Nullable<Int8>,
        enemy_name -> Nullable<Text>,
        damage -> Nullable<Int8>,
        enemy_hp_remaining -> Nullable<Int8>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    battle_attacks (id) {
        id -> Uuid,
        battle_id -> Int8,
        enemy_id -> Int8,
        user_id -> Uuid,
        attack_type -> Text,
        stamina_cost -> Int8,
        state -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    battle_attack_keys (user_id, idempotency_key) {
        user_id -> Uuid,
        idempotency_key -> Text,
        attack_id -> Uuid,
        battle_id -> Int8,
        enemy_id -> Int8,
        attack_type -> Text,
        outcome -> Nullable<Text>,
        answer -> Nullable<Jsonb>,
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

diesel::joinable!(battle_attacks -> battles (battle_id));
diesel::joinable!(battle_enemies -> battles (battle_id));
diesel::joinable!(battle_logs -> battles (battle_id));

diesel::allow_tables_to_appear_in_same_query!(
    event_outbox,
    battle_templates,
    battles,
    battle_enemies,
    battle_participants,
    battle_logs,
    battle_attacks,
    battle_attack_keys,
);
