//! The hand-kept `schema.rs` matches the migrated database, each `down.sql` reverts its
//! `up.sql`, and the OpenAPI spec lists every endpoint.

use serde_json::Value;

use crate::helpers::spawn;

#[tokio::test]
async fn schema_rs_matches_the_migrated_database() {
    let inv = spawn().await;
    testkit::schema::assert_schema_matches(
        inv.app.db.as_ref().unwrap().url(),
        include_str!("../../src/db/schema.rs"),
    )
    .await;
}

#[tokio::test]
async fn down_migrations_revert_their_up_migrations() {
    let inv = spawn().await;
    testkit::schema::assert_down_reverts_up(inv.app.db.as_ref().unwrap().url(), || {
        inventory::MIGRATIONS
    })
    .await;
}

#[tokio::test]
async fn the_openapi_spec_documents_every_inventory_endpoint() {
    let inv = spawn().await;
    let spec: Value = inv.app.get("/openapi.json").await.json().await.unwrap();
    for (path, method) in [
        ("/api/player/me", "get"),
        ("/api/player/allocate-stats", "post"),
        ("/api/player/regenerate-stamina", "post"),
        ("/api/player/progression", "get"),
        ("/api/player/progression/table", "get"),
        ("/api/inventory/", "get"),
        ("/api/inventory/{item_id}", "get"),
        ("/api/inventory/equip", "post"),
        ("/api/inventory/unequip", "post"),
        ("/api/inventory/stats/{set_type}", "get"),
        ("/api/inventory/starter-items", "post"),
        ("/api/inventory/use-potion/{item_id}", "post"),
        ("/api/inventory/{item_id}/enhance", "post"),
        ("/api/pets/", "get"),
        ("/api/pets/hatch", "post"),
        ("/api/pets/feed", "post"),
        ("/api/pets/equip", "post"),
        ("/api/pets/unequip", "post"),
        ("/api/pets/stats/{set_type}", "get"),
        ("/api/shop/items", "get"),
        ("/api/shop/purchase", "post"),
        ("/api/shop/history", "get"),
        ("/api/v1/inventory/", "get"),
        ("/api/v1/inventory/", "post"),
        ("/api/shop/admin/items", "get"),
        ("/api/shop/admin/items", "post"),
        ("/api/shop/admin/items/{id}", "put"),
        ("/api/shop/admin/items/{id}", "delete"),
        ("/api/wallet", "get"),
        ("/api/wallet/ledger", "get"),
        ("/api/save_game", "post"),
        ("/api/load_game/{player_name}", "get"),
        ("/api/save_game/{player_name}", "delete"),
        ("/internal/transactions", "post"),
        ("/internal/players/{id}/combat-stats", "get"),
        ("/internal/players/{id}/xp", "post"),
    ] {
        assert!(
            spec["paths"][path][method].is_object(),
            "{method} {path} is not documented"
        );
    }
    for schema in [
        "TransactionRequest",
        "TransactionResponse",
        "PlayerResponse",
        "CombatStats",
    ] {
        assert!(
            spec["components"]["schemas"][schema].is_object(),
            "{schema}"
        );
    }
}
