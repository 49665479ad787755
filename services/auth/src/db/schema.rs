// @generated automatically by Diesel CLI.
// Kept by hand in exactly the form `diesel print-schema` writes for
// migrations/ (diesel_cli needs libpq, which the workspace does
// not link); `schema_matches_the_migrations` in tests/api checks the columns against the database.

diesel::table! {
    email_tokens (token_hash) {
        token_hash -> Bytea,
        user_id -> Uuid,
        purpose -> Text,
        email -> Text,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    known_devices (token_hash, user_id) {
        token_hash -> Bytea,
        user_id -> Uuid,
        created_at -> Timestamptz,
        last_used_at -> Timestamptz,
    }
}

diesel::table! {
    oauth_identities (provider, subject) {
        provider -> Text,
        subject -> Text,
        user_id -> Uuid,
        email -> Nullable<Text>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    refresh_tokens (token_hash) {
        token_hash -> Bytea,
        session_id -> Uuid,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    sessions (id) {
        id -> Uuid,
        user_id -> Uuid,
        created_at -> Timestamptz,
        revoked_at -> Nullable<Timestamptz>,
        revoked_reason -> Nullable<Text>,
        user_agent -> Nullable<Text>,
        ip -> Nullable<Text>,
        last_used_at -> Timestamptz,
    }
}

diesel::table! {
    signing_keys (kid) {
        kid -> Text,
        public_key -> Bytea,
        private_key_ciphertext -> Bytea,
        nonce -> Bytea,
        created_at -> Timestamptz,
        superseded_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    users (id) {
        id -> Uuid,
        email -> Nullable<Text>,
        username -> Text,
        password_hash -> Nullable<Text>,
        avatar_url -> Nullable<Text>,
        role -> Text,
        is_guest -> Bool,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        email_verified_at -> Nullable<Timestamptz>,
        passwordless -> Bool,
    }
}

diesel::joinable!(email_tokens -> users (user_id));
diesel::joinable!(known_devices -> users (user_id));
diesel::joinable!(oauth_identities -> users (user_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));
diesel::joinable!(sessions -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    email_tokens,
    known_devices,
    oauth_identities,
    refresh_tokens,
    sessions,
    signing_keys,
    users,
);
