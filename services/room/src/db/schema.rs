// @generated automatically by Diesel CLI.

diesel::table! {
    chat_messages (id) {
        id -> Int8,
        room_id -> Uuid,
        user_id -> Uuid,
        display_name -> Text,
        message -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    game_answers (id) {
        id -> Uuid,
        round_id -> Uuid,
        user_id -> Uuid,
        author_name -> Text,
        content -> Text,
        submitted_at -> Timestamptz,
    }
}

diesel::table! {
    game_rounds (id) {
        id -> Uuid,
        room_id -> Uuid,
        round_number -> Int4,
        question -> Text,
        status -> Text,
        started_at -> Timestamptz,
        ends_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    game_votes (id) {
        id -> Uuid,
        round_id -> Uuid,
        voter_id -> Uuid,
        answer_id -> Uuid,
        author_id -> Uuid,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    object_placements (user_id, key) {
        user_id -> Uuid,
        key -> Text,
        room_id -> Uuid,
        inventory_item_id -> Uuid,
        x -> Int4,
        y -> Int4,
        rotation -> Float8,
        object_id -> Nullable<Uuid>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    room_members (room_id, user_id) {
        room_id -> Uuid,
        user_id -> Uuid,
        display_name -> Text,
        player_number -> Int4,
        is_ready -> Bool,
        x -> Int4,
        y -> Int4,
        reconnect_token -> Text,
        disconnected_at -> Nullable<Timestamptz>,
        joined_at -> Timestamptz,
    }
}

diesel::table! {
    room_objects (id) {
        id -> Uuid,
        room_id -> Uuid,
        owner_id -> Uuid,
        object_type -> Text,
        catalog_id -> Text,
        x -> Int4,
        y -> Int4,
        rotation -> Float8,
        metadata -> Jsonb,
        picked_up_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        owner_name -> Nullable<Text>,
    }
}

diesel::table! {
    rooms (id) {
        id -> Uuid,
        code -> Text,
        kind -> Text,
        name -> Text,
        host_id -> Uuid,
        status -> Text,
        max_players -> Int4,
        total_rounds -> Int4,
        current_round -> Int4,
        is_private -> Bool,
        seed -> Int4,
        game_start_ms -> Nullable<Int8>,
        delete_after -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        alias_id -> Int8,
    }
}

diesel::table! {
    tool_logs (id) {
        id -> Int8,
        room_id -> Uuid,
        user_id -> Uuid,
        target_object_id -> Uuid,
        action -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    voting_games (room_id) {
        room_id -> Uuid,
        answer_seconds -> Int4,
        vote_seconds -> Int4,
        questions -> Jsonb,
        question_source -> Text,
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

diesel::joinable!(chat_messages -> rooms (room_id));
diesel::joinable!(game_answers -> game_rounds (round_id));
diesel::joinable!(game_rounds -> rooms (room_id));
diesel::joinable!(game_votes -> game_rounds (round_id));
diesel::joinable!(object_placements -> rooms (room_id));
diesel::joinable!(room_members -> rooms (room_id));
diesel::joinable!(room_objects -> rooms (room_id));
diesel::joinable!(tool_logs -> rooms (room_id));
diesel::joinable!(voting_games -> rooms (room_id));

diesel::allow_tables_to_appear_in_same_query!(
    event_outbox,
    chat_messages,
    game_answers,
    game_rounds,
    game_votes,
    object_placements,
    room_members,
    room_objects,
    rooms,
    tool_logs,
    voting_games,
);
