//! Gacha-only catalog entries (characters and weapons, 3-5 stars, never in the shop; item
//! detail and enhancement work on them) and the operators' gem grant.

use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{ledger_sum, spawn};

async fn grant(inv: &crate::helpers::Inv, user: Uuid, catalog_id: &str) -> Value {
    let res = inv
        .transaction(&json!({
            "idempotency_key": format!("grant-{}", Uuid::new_v4()),
            "user_id": user,
            "reason": "gacha_pull",
            "grants": [{ "catalog_id": catalog_id }],
        }))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

#[tokio::test]
async fn gacha_entries_are_listed_internally_and_never_sold_in_the_shop() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    let res = inv
        .http
        .get(inv.url("/internal/catalog/gacha"))
        .bearer_auth(inv.service_token())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let entries: Vec<Value> = res.json().await.unwrap();
    assert_eq!(entries.len(), 35);
    assert!(
        entries
            .iter()
            .all(|e| (3..=5).contains(&e["stars"].as_i64().unwrap()))
    );
    assert!(
        entries
            .iter()
            .any(|e| e["kind"] == "character" && e["stars"] == 5)
    );
    let shop = inv.get_json("/api/shop/items", user).await;
    let text = shop.to_string();
    assert!(!text.contains("char_aurelia") && !text.contains("weapon_sunpiercer"));
    let buy = inv
        .post(
            "/api/shop/purchase",
            user,
            Some(&json!({ "item_id": "char_aurelia" })),
        )
        .await;
    assert_eq!(buy.status(), StatusCode::NOT_FOUND);
    // Without a service token the internal list is refused.
    let anon = inv
        .http
        .get(inv.url("/internal/catalog/gacha"))
        .send()
        .await
        .unwrap();
    assert_eq!(anon.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_granted_character_has_item_detail_and_can_be_enhanced() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    inv.set_wallet(user, 10_000, 0).await;
    let answer = grant(&inv, user, "char_aurelia").await;
    assert_eq!(answer["granted"][0]["kind"], "character");
    let id = answer["granted"][0]["item_id"].as_str().unwrap().to_owned();
    let item = inv.get_json(&format!("/api/inventory/{id}"), user).await;
    assert_eq!(item["item_name"], "Aurelia, Dawn Warden");
    assert_eq!(item["item_type"], "character");
    assert_eq!(item["stars"], 5);
    assert_eq!(item["level"], 1);
    let enhanced = inv
        .post_ok(&format!("/api/inventory/{id}/enhance"), user, None)
        .await;
    assert_eq!(enhanced["new_level"], 2);
    assert_eq!(enhanced["success"], true);
    assert!(enhanced["stats_increased"]["attack"].as_i64().unwrap() > 0);
    // Another player cannot see it.
    let other = inv
        .get(&format!("/api/inventory/{id}"), Uuid::new_v4())
        .await;
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_granted_weapon_has_three_to_five_stars_and_enhances() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    inv.set_wallet(user, 10_000, 0).await;
    let answer = grant(&inv, user, "weapon_tin_dagger").await;
    let id = answer["granted"][0]["item_id"].as_str().unwrap().to_owned();
    let item = inv.get_json(&format!("/api/inventory/{id}"), user).await;
    assert_eq!(
        (item["item_type"].as_str(), item["stars"].as_i64()),
        (Some("weapon"), Some(3))
    );
    let res = inv
        .post(&format!("/api/inventory/{id}/enhance"), user, None)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_admin_can_put_a_gacha_entry_in_the_catalog_but_not_in_the_shop() {
    let inv = spawn().await;
    let admin = Uuid::new_v4();
    let token = inv.app.auth.token_with_role(admin, "admin");
    let entry = json!({
        "id": "char_test_hero", "kind": "character", "item_type": "character",
        "name": "Test Hero", "description": "", "rarity": "epic", "attack": 10,
        "in_shop": false
    });
    let res = inv
        .http
        .post(inv.url("/api/shop/admin/items"))
        .bearer_auth(&token)
        .json(&entry)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let mut sold = entry.clone();
    sold["id"] = json!("char_test_sold");
    sold["in_shop"] = json!(true);
    sold["price_gems"] = json!(100);
    let res = inv
        .http
        .post(inv.url("/api/shop/admin/items"))
        .bearer_auth(&token)
        .json(&sold)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

async fn admin_grant(
    inv: &crate::helpers::Inv,
    token: &str,
    key: Option<&str>,
    body: &Value,
) -> reqwest::Response {
    let mut req = inv
        .http
        .post(inv.url("/api/wallet/admin/grant"))
        .bearer_auth(token)
        .json(body);
    if let Some(key) = key {
        req = req.header("Idempotency-Key", key);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn an_admin_grants_gems_once_per_key_and_it_is_ledgered() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    let admin = inv.app.auth.token_with_role(Uuid::new_v4(), "admin");
    let body =
        json!({ "user_id": user, "gems": 1600, "gold": 50, "reason": "outage compensation" });
    let first = admin_grant(&inv, &admin, Some("comp-1"), &body).await;
    assert_eq!(first.status(), StatusCode::OK);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["balances"]["gems"], 1600);
    let again = admin_grant(&inv, &admin, Some("comp-1"), &body).await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(again.headers()["Idempotent-Replayed"], "true");
    let wallet = inv.wallet(user).await;
    assert_eq!(wallet["gems"], 1600);
    let ledger = inv.ledger(user).await;
    assert_eq!(ledger_sum(&ledger, "gems"), 1600);
    assert!(
        ledger
            .iter()
            .any(|r| r["reason"] == "admin_grant:outage compensation")
    );
    // The same key for a different grant is refused.
    let other = json!({ "user_id": user, "gems": 1, "reason": "x" });
    let res = admin_grant(&inv, &admin, Some("comp-1"), &other).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_grant_is_for_admins_with_a_key_and_a_valid_body() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    let admin = inv.app.auth.token_with_role(Uuid::new_v4(), "admin");
    let body = json!({ "user_id": user, "gems": 10, "reason": "r" });
    let player = inv.token(user);
    let res = admin_grant(&inv, &player, Some("k"), &body).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = admin_grant(&inv, &admin, None, &body).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let problem: Value = res.json().await.unwrap();
    assert_eq!(problem["code"], "idempotency_key_required");
    for bad in [
        json!({ "user_id": user, "reason": "nothing" }),
        json!({ "user_id": user, "gems": 0, "reason": "zero" }),
        json!({ "user_id": user, "gems": -5, "reason": "negative" }),
        json!({ "user_id": user, "gems": 5, "reason": "" }),
        json!({ "user_id": user, "gold": 2_000_000_000i64, "reason": "too much" }),
    ] {
        let res = admin_grant(&inv, &admin, Some(&Uuid::new_v4().to_string()), &bad).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/problem+json")
        );
    }
    let res = admin_grant(&inv, &admin, Some("k2"), &json!({ "user_id": "nope" })).await;
    assert!(res.status().is_client_error());
    assert_eq!(inv.wallet(user).await["gems"], 0);
}
