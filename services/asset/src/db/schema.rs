// @generated automatically by Diesel CLI.
// Kept by hand in exactly the form `diesel print-schema` writes for
// migrations/ (diesel_cli needs libpq, which the workspace does
// not link); `schema_rs_matches_the_migrated_database` in tests/api checks it.

diesel::table! {
    asset_versions (asset_id, version) {
        asset_id -> Uuid,
        version -> Int4,
        state -> Text,
        filename -> Text,
        declared_content_type -> Text,
        declared_size -> Nullable<Int8>,
        declared_sha256 -> Nullable<Text>,
        storage_key -> Text,
        content_type -> Nullable<Text>,
        size -> Nullable<Int8>,
        sha256 -> Nullable<Text>,
        upload_expires_at -> Timestamptz,
        created_at -> Timestamptz,
        completed_at -> Nullable<Timestamptz>,
        thumbnail_key -> Nullable<Text>,
    }
}

diesel::table! {
    assets (id) {
        id -> Uuid,
        owner_id -> Uuid,
        asset_type -> Text,
        category -> Text,
        is_public -> Bool,
        current_version -> Nullable<Int4>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        deleted_at -> Nullable<Timestamptz>,
        purged_at -> Nullable<Timestamptz>,
        service_key -> Nullable<Text>,
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

diesel::joinable!(asset_versions -> assets (asset_id));

diesel::allow_tables_to_appear_in_same_query!(event_outbox, asset_versions, assets,);
