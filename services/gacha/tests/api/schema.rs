//! The hand-kept `schema.rs` matches the migrated database, each `down.sql` reverts its
//! `up.sql`, the OpenAPI spec lists every endpoint, and the built-in pools name real
//! inventory catalog entries.

use serde_json::Value;

use crate::helpers::spawn;

#[tokio::test]
async fn schema_rs_matches_the_migrated_database() {
    let app = spawn().await;
    testkit::schema::assert_schema_matches(
        app.gacha.db.as_ref().unwrap().url(),
        include_str!("../../src/db/schema.rs"),
    )
    .await;
}

#[tokio::test]
async fn down_migrations_revert_their_up_migrations() {
    let app = testkit::spawn_app(gacha::service(Some(crate::helpers::settings()))).await;
    testkit::schema::assert_down_reverts_up(app.db.as_ref().unwrap().url(), || gacha::MIGRATIONS)
        .await;
}

#[tokio::test]
async fn the_openapi_spec_documents_every_gacha_endpoint() {
    let app = spawn().await;
    let spec: Value = app.gacha.get("/openapi.json").await.json().await.unwrap();
    for (path, method) in [
        ("/api/gacha/pull", "post"),
        ("/api/gacha/banners", "get"),
        ("/api/gacha/banner", "get"),
        ("/api/gacha/rates", "get"),
        ("/api/gacha/history", "get"),
        ("/api/gacha/admin/banners", "get"),
        ("/api/gacha/admin/banners", "post"),
        ("/api/gacha/admin/banners/{id}", "get"),
        ("/api/gacha/admin/banners/{id}", "put"),
        ("/api/gacha/admin/banners/{id}", "delete"),
        ("/api/gacha/admin/audit/{pull_id}", "get"),
    ] {
        assert!(
            spec["paths"][path][method].is_object(),
            "{method} {path} is not documented"
        );
    }
}

#[test]
fn the_built_in_gacha_catalog_matches_inventorys() {
    let inventory: Vec<_> = inventory::catalog::built_in()
        .unwrap()
        .into_iter()
        .filter(|e| e.is_gacha())
        .map(|e| {
            let stars = match e.rarity.as_str() {
                "rare" => 3,
                "epic" => 4,
                _ => 5,
            };
            (e.id, e.name, e.kind, stars)
        })
        .collect();
    let ours: Vec<_> = gacha::domain::defaults::CATALOG
        .iter()
        .map(|(id, name, kind, stars)| {
            (
                (*id).to_owned(),
                (*name).to_owned(),
                (*kind).to_owned(),
                *stars,
            )
        })
        .collect();
    assert_eq!(inventory, ours);
}
