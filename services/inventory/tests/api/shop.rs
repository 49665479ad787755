//! `/api/shop/*`: the catalog as the seed's shop, purchases and their errors, history, and
//! the admin catalog endpoints.

use reqwest::StatusCode;
use serde_json::{Value, json};
use testkit::conformance::assert_problem;
use uuid::Uuid;

use crate::helpers::spawn;

#[tokio::test]
async fn the_shop_lists_the_seeded_catalog_in_the_seeds_shape() {
    let inv = spawn().await;
    let shop: Value = inv.app.get("/api/shop/items").await.json().await.unwrap();
    assert!(shop["equipment"].as_array().unwrap().len() >= 70);
    assert!(shop["eggs"].as_array().unwrap().len() >= 8);
    assert!(shop["food"].as_array().unwrap().len() >= 4);
    assert!(shop["potions"].as_array().unwrap().len() >= 10);
    assert_eq!(shop["furniture"].as_array().unwrap().len(), 9);
    let blade = shop["equipment"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "blade_tinker")
        .unwrap();
    assert_eq!(blade["type"], "WEAPON");
    assert_eq!(blade["rarity"], "COMMON");
    assert!(blade["stats"]["attack"].as_i64().unwrap() > 0);
    assert!(shop["food"][0]["pet_exp"].as_i64().is_some());
    assert!(shop["eggs"][0]["pet_stats"].is_object());
    assert!(shop["potions"][0]["potion_type"].is_string());
}

#[tokio::test]
async fn purchases_check_the_item_the_level_and_the_balance() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    let res = inv
        .post(
            "/api/shop/purchase",
            user,
            Some(&json!({ "item_id": "no_such_thing" })),
        )
        .await;
    assert_problem(res, StatusCode::NOT_FOUND, "item_not_found").await;
    let res = inv
        .post(
            "/api/shop/purchase",
            user,
            Some(&json!({ "item_id": "blade_eclipse" })),
        )
        .await;
    let problem = assert_problem(res, StatusCode::BAD_REQUEST, "level_too_low").await;
    assert!(problem["detail"].as_str().unwrap().contains("Required: 30"));
    inv.sql(&format!(
        "UPDATE players SET level = 30 WHERE user_id = '{user}'"
    ))
    .await;
    let res = inv
        .post(
            "/api/shop/purchase",
            user,
            Some(&json!({ "item_id": "blade_eclipse" })),
        )
        .await;
    let problem = assert_problem(res, StatusCode::CONFLICT, "insufficient_funds").await;
    assert_eq!(
        problem["detail"],
        "Insufficient gold (need 12500, have 1000)"
    );
    let res = inv
        .post(
            "/api/shop/purchase",
            user,
            Some(&json!({ "item_id": "blade_eclipse", "use_gems": true })),
        )
        .await;
    assert_problem(res, StatusCode::CONFLICT, "insufficient_funds").await;
    inv.sql(&format!(
        "UPDATE players SET gems = 200 WHERE user_id = '{user}'"
    ))
    .await;
    let res = inv
        .post_ok(
            "/api/shop/purchase",
            user,
            Some(&json!({ "item_id": "blade_eclipse", "use_gems": true })),
        )
        .await;
    assert_eq!(res["success"], true);
    assert_eq!(res["message"], "Purchased Eclipse Blade!");
    assert_eq!(
        (
            res["gold_remaining"].as_i64(),
            res["gems_remaining"].as_i64()
        ),
        (Some(1000), Some(20))
    );
    let history = inv.get_json("/api/shop/history", user).await;
    assert_eq!(history[0]["item_name"], "Eclipse Blade");
    assert_eq!(history[0]["cost_gems"], 180);
    for body in [json!({}), json!({ "item_id": 5 }), json!({ "item_id": "" })] {
        let res = inv.post("/api/shop/purchase", user, Some(&body)).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
    let res = inv.get("/api/shop/history?limit=500", user).await;
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
}

#[tokio::test]
async fn a_named_currency_is_the_one_paid_or_the_purchase_is_refused() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    // The web-game client's body: `{item_id, currency: "gold"}`; it shows `item_name`.
    let res = inv
        .post_ok(
            "/api/shop/purchase",
            user,
            Some(&json!({ "item_id": "potion_stamina_sip", "currency": "gold" })),
        )
        .await;
    assert_eq!(res["item_name"], "Stamina Sip");
    assert_eq!(res["cost_gold"], 80);
    assert_eq!(res["gold_remaining"], 920);
    inv.sql(&format!(
        "UPDATE players SET level = 30, gems = 1000 WHERE user_id = '{user}'"
    ))
    .await;
    // A gem-only egg is never paid in gold behind the buyer's back, nor gold-only potions in gems.
    let res = inv
        .post(
            "/api/shop/purchase",
            user,
            Some(&json!({ "item_id": "egg_enigma", "currency": "gold" })),
        )
        .await;
    let problem = assert_problem(res, StatusCode::BAD_REQUEST, "not_for_sale").await;
    assert_eq!(problem["detail"], "This item is not sold for gold");
    let res = inv
        .post(
            "/api/shop/purchase",
            user,
            Some(&json!({ "item_id": "potion_stamina_sip", "currency": "gems" })),
        )
        .await;
    assert_problem(res, StatusCode::BAD_REQUEST, "not_for_sale").await;
    let res = inv
        .post_ok(
            "/api/shop/purchase",
            user,
            Some(&json!({ "item_id": "blade_eclipse", "currency": "gems" })),
        )
        .await;
    assert_eq!(
        (res["cost_gems"].as_i64(), res["cost_gold"].as_i64()),
        (Some(180), Some(0))
    );
    for body in [
        json!({ "item_id": "potion_stamina_sip", "currency": "diamonds" }),
        json!({ "item_id": "potion_stamina_sip", "currency": "gold", "use_gems": true }),
    ] {
        let res = inv.post("/api/shop/purchase", user, Some(&body)).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
    let wallet = inv.get_json("/api/wallet", user).await;
    assert_eq!(
        (wallet["gold"].as_i64(), wallet["gems"].as_i64()),
        (Some(920), Some(820))
    );
}

#[tokio::test]
async fn a_purchase_replayed_with_its_key_returns_the_same_item_and_charges_once() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    let body = json!({ "item_id": "helm_tinker" });
    let first = inv
        .post_keyed("/api/shop/purchase", user, Some(&body), Some("buy-helm-1"))
        .await;
    assert_eq!(first.status(), StatusCode::OK);
    let first: Value = first.json().await.unwrap();
    let again = inv
        .post_keyed("/api/shop/purchase", user, Some(&body), Some("buy-helm-1"))
        .await;
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.json::<Value>().await.unwrap(), first);
    assert_eq!(
        inv.get_json("/api/inventory/", user).await["total_items"],
        1
    );
    let res = inv
        .post_keyed(
            "/api/shop/purchase",
            user,
            Some(&json!({ "item_id": "circlet_tinker" })),
            Some("buy-helm-1"),
        )
        .await;
    assert_problem(
        res,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
    )
    .await;
    // Another player's identical key is theirs alone.
    let other = Uuid::new_v4();
    let res = inv
        .post_keyed("/api/shop/purchase", other, Some(&body), Some("buy-helm-1"))
        .await;
    assert!(res.headers().get("idempotent-replayed").is_none());
}

#[tokio::test]
async fn admins_manage_the_catalog_and_players_cannot() {
    let inv = spawn().await;
    let admin = Uuid::new_v4();
    let admin_token = inv.app.auth.token_with_role(admin, "admin");
    let player = Uuid::new_v4();
    let entry = json!({
        "id": "lantern_test", "kind": "furniture", "item_type": "furniture",
        "name": "Paper Lantern", "description": "Glows softly.", "rarity": "common",
        "price_gold": 30, "stackable": true, "furniture_type": "plant"
    });
    let res = inv
        .post("/api/shop/admin/items", player, Some(&entry))
        .await;
    assert_problem(res, StatusCode::FORBIDDEN, "admin_required").await;
    let create = |body: &Value| {
        inv.http
            .post(inv.url("/api/shop/admin/items"))
            .bearer_auth(&admin_token)
            .json(body)
            .send()
    };
    let res = create(&entry).await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_problem(
        create(&entry).await.unwrap(),
        StatusCode::CONFLICT,
        "catalog_item_exists",
    )
    .await;
    let mut bad = entry.clone();
    bad["id"] = json!("Bad Id");
    bad["rarity"] = json!("mythic");
    let problem = assert_problem(
        create(&bad).await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(problem["errors"].as_array().unwrap().len(), 2);

    inv.buy(player, "lantern_test").await;
    let mut changed = entry.clone();
    changed["price_gold"] = json!(45);
    let res = inv
        .http
        .put(inv.url("/api/shop/admin/items/lantern_test"))
        .bearer_auth(&admin_token)
        .json(&changed)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = inv
        .http
        .delete(inv.url("/api/shop/admin/items/lantern_test"))
        .bearer_auth(&admin_token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = inv
        .post(
            "/api/shop/purchase",
            player,
            Some(&json!({ "item_id": "lantern_test" })),
        )
        .await;
    assert_problem(res, StatusCode::NOT_FOUND, "item_not_found").await;
    let all: Value = inv
        .http
        .get(inv.url("/api/shop/admin/items"))
        .bearer_auth(&admin_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let lantern = all
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "lantern_test")
        .unwrap();
    assert_eq!(
        (lantern["in_shop"].as_bool(), lantern["price_gold"].as_i64()),
        (Some(false), Some(45))
    );
    // The owned lantern still works as furniture.
    assert_eq!(
        inv.get_json("/api/inventory/", player).await["total_items"],
        1
    );
}

#[tokio::test]
async fn the_catalog_seed_command_is_idempotent() {
    let inv = spawn().await;
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_inventory"))
            .args(["catalog", "seed"])
            .env("DATABASE_URL", inv.app.db.as_ref().unwrap().url())
            .env("DATABASE_CREATE_IF_MISSING", "false")
            .env("LOG_FORMAT", "json")
            .output()
            .unwrap()
    };
    let out = run();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Start-up already seeded every entry, so nothing was written.
    assert!(String::from_utf8_lossy(&out.stdout).contains(", 0 written"));
}
