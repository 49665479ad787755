// @generated automatically by Diesel CLI.
// Kept by hand in exactly the form `diesel print-schema` writes for
// the migrations (diesel_cli needs libpq, which the workspace does
// not link); `schema_rs_matches_the_migrated_database` in tests/api checks it.

diesel::table! {
    key_scores (id) {
        id -> Int8,
        namespace -> Text,
        player_name -> Text,
        score -> Int8,
        coins -> Int8,
        enemies_defeated -> Int8,
        distance -> Int8,
        level -> Int8,
        game_mode -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    score_keys (user_id, idempotency_key) {
        user_id -> Uuid,
        idempotency_key -> Text,
        score_id -> Int8,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    scores (id) {
        id -> Int8,
        user_id -> Uuid,
        player_name -> Text,
        score -> Int8,
        coins -> Int8,
        enemies_defeated -> Int8,
        distance -> Int8,
        level -> Int8,
        game_mode -> Text,
        created_at -> Timestamptz,
    }
}

diesel::joinable!(score_keys -> scores (score_id));

diesel::allow_tables_to_appear_in_same_query!(key_scores, score_keys, scores,);
