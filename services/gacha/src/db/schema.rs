// @generated automatically by Diesel CLI.

diesel::table! {
    banner_versions (banner_id, version) {
        banner_id -> Uuid,
        version -> Int4,
        rates -> Jsonb,
        pool -> Jsonb,
        items -> Jsonb,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    banners (id) {
        id -> Uuid,
        seed_key -> Nullable<Text>,
        banner_type -> Text,
        name -> Text,
        description -> Text,
        starts_at -> Timestamptz,
        ends_at -> Nullable<Timestamptz>,
        cost_single -> Int8,
        cost_ten -> Int8,
        version -> Int4,
        active -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    pity (user_id, banner_type) {
        user_id -> Uuid,
        banner_type -> Text,
        since_five -> Int4,
        since_four -> Int4,
        guaranteed_featured -> Bool,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    pulls (id) {
        id -> Uuid,
        user_id -> Uuid,
        banner_id -> Uuid,
        banner_version -> Int4,
        banner_type -> Text,
        pull_count -> Int2,
        idempotency_key -> Nullable<Text>,
        status -> Text,
        pity_before -> Jsonb,
        pity_after -> Jsonb,
        draws -> Jsonb,
        results -> Jsonb,
        gems_cost -> Int8,
        gems_remaining -> Nullable<Int8>,
        granted_item_ids -> Nullable<Jsonb>,
        cancel_reason -> Nullable<Text>,
        attempts -> Int4,
        created_at -> Timestamptz,
        finished_at -> Nullable<Timestamptz>,
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

diesel::joinable!(banner_versions -> banners (banner_id));
diesel::joinable!(pulls -> banners (banner_id));

diesel::allow_tables_to_appear_in_same_query!(event_outbox, banner_versions, banners, pity, pulls,);
