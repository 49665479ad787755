//! `/api/inventory/*`: items, equipment sets and slots, starter items, potions, enhancement.

use reqwest::StatusCode;
use serde_json::{Value, json};
use testkit::conformance::assert_problem;
use uuid::Uuid;

use crate::helpers::{ledger_sum, spawn};

#[tokio::test]
async fn an_item_is_visible_to_its_owner_only() {
    let inv = spawn().await;
    let (alice, bob) = (Uuid::new_v4(), Uuid::new_v4());
    let blade = inv.buy(alice, "blade_tinker").await;
    let item = inv
        .get_json(&format!("/api/inventory/{blade}"), alice)
        .await;
    assert_eq!(item["item_id"], json!(blade));
    assert_eq!(item["item_type"], "weapon");
    assert_eq!(item["rarity"], "common");
    assert_eq!(item["stars"], 1);
    assert_eq!(item["level"], 1);
    assert_eq!(item["max_level"], 20);
    assert_eq!(item["stats"]["attack"], item["attack_bonus"]);
    let res = inv.get(&format!("/api/inventory/{blade}"), bob).await;
    assert_problem(res, StatusCode::NOT_FOUND, "item_not_found").await;
    let res = inv.get("/api/inventory/not-a-uuid", alice).await;
    assert_problem(res, StatusCode::BAD_REQUEST, "invalid_path_parameter").await;
    let listing = inv.get_json("/api/inventory/", bob).await;
    assert!(listing["items"].as_array().unwrap().is_empty());
    assert_eq!(listing["attack_set"]["weapon"], Value::Null);
}

#[tokio::test]
async fn the_listing_names_its_owner_and_takes_the_gacha_seeds_filters() {
    let inv = spawn().await;
    let alice = Uuid::new_v4();
    inv.set_wallet(alice, 100_000, 0).await;
    let blade = inv.buy(alice, "blade_tinker").await;
    inv.buy(alice, "band_tinker").await;
    let all = inv.get_json("/api/inventory/", alice).await;
    assert_eq!(all["user_id"], json!(alice));
    assert_eq!(all["total_items"], 2);
    let weapons = inv
        .get_json("/api/inventory/?item_type=weapon", alice)
        .await;
    assert_eq!(weapons["total_items"], 1);
    assert_eq!(weapons["items"][0]["item_id"], json!(blade));
    assert_eq!(
        weapons["items"][0]["item_name"],
        weapons["items"][0]["name"]
    );
    assert!(weapons["items"][0]["acquired_at"].is_string());
    for rarity in ["common", "1-star"] {
        let listing = inv
            .get_json(&format!("/api/inventory/?rarity={rarity}"), alice)
            .await;
        assert_eq!(listing["total_items"], 2, "{rarity}");
    }
    let none = inv.get_json("/api/inventory/?rarity=5-star", alice).await;
    assert_eq!(none["items"], json!([]));
}

#[tokio::test]
async fn equipping_follows_the_slot_and_level_rules() {
    let inv = spawn().await;
    let (alice, bob) = (Uuid::new_v4(), Uuid::new_v4());
    inv.set_wallet(alice, 100_000, 0).await;
    let blade = inv.buy(alice, "blade_tinker").await;
    let band = inv.buy(alice, "band_tinker").await;

    let equip = |item: Uuid, set: &str, slot: &str| json!({ "item_id": item, "set_type": set, "slot": slot });
    let res = inv
        .post(
            "/api/inventory/equip",
            alice,
            Some(&equip(blade, "attack", "helmet")),
        )
        .await;
    let problem = assert_problem(res, StatusCode::BAD_REQUEST, "wrong_slot").await;
    assert_eq!(problem["detail"], "Cannot equip weapon in helmet slot");
    // ring2 takes rings.
    let res = inv
        .post_ok(
            "/api/inventory/equip",
            alice,
            Some(&equip(band, "attack", "ring2")),
        )
        .await;
    assert_eq!(res["equipment_set"]["ring2"]["id"], json!(band));
    let res = inv
        .post_ok(
            "/api/inventory/equip",
            alice,
            Some(&equip(blade, "attack", "weapon")),
        )
        .await;
    assert_eq!(res["message"], "Item equipped successfully");
    let blade_attack = res["equipment_set"]["weapon"]["attack_bonus"]
        .as_i64()
        .unwrap();
    let band_attack = res["equipment_set"]["ring2"]["attack_bonus"]
        .as_i64()
        .unwrap();
    assert_eq!(res["stats"]["attack"], blade_attack + band_attack);
    assert_eq!(
        inv.get_json("/api/inventory/stats/attack", alice).await["attack"],
        blade_attack + band_attack
    );

    // Moving the blade to the defense set takes it out of the attack set.
    inv.post_ok(
        "/api/inventory/equip",
        alice,
        Some(&equip(blade, "defense", "weapon")),
    )
    .await;
    let listing = inv.get_json("/api/inventory/", alice).await;
    assert_eq!(listing["attack_set"]["weapon"], Value::Null);
    assert_eq!(listing["defense_set"]["weapon"]["id"], json!(blade));

    let res = inv
        .post_ok(
            "/api/inventory/unequip",
            alice,
            Some(&json!({ "set_type": "defense", "slot": "weapon" })),
        )
        .await;
    assert_eq!(res["message"], "Item unequipped successfully");
    assert_eq!(res["equipment_set"]["weapon"], Value::Null);

    // An item above the player's level: grant it (the shop would refuse to sell it).
    let grant = json!({ "idempotency_key": "g1", "user_id": alice, "reason": "loot",
                        "grants": [{ "catalog_id": "blade_eclipse" }] });
    let answer: Value = inv.transaction(&grant).await.json().await.unwrap();
    let eclipse = answer["granted"][0]["item_id"].clone();
    let res = inv
        .post(
            "/api/inventory/equip",
            alice,
            Some(&json!({ "item_id": eclipse, "set_type": "attack", "slot": "weapon" })),
        )
        .await;
    let problem = assert_problem(res, StatusCode::BAD_REQUEST, "level_too_low").await;
    assert_eq!(problem["detail"], "Player level 1 too low. Required: 30");

    // Another player's item, and bad enums.
    let res = inv
        .post(
            "/api/inventory/equip",
            bob,
            Some(&equip(blade, "attack", "weapon")),
        )
        .await;
    assert_problem(res, StatusCode::NOT_FOUND, "item_not_found").await;
    let res = inv
        .post(
            "/api/inventory/equip",
            alice,
            Some(&equip(blade, "attack", "ring3")),
        )
        .await;
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;
    let res = inv.get("/api/inventory/stats/offense", alice).await;
    assert_problem(res, StatusCode::BAD_REQUEST, "invalid_path_parameter").await;
}

#[tokio::test]
async fn starter_items_are_given_once_to_an_empty_inventory() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    let res = inv
        .post_ok("/api/inventory/starter-items", user, None)
        .await;
    assert_eq!(res["message"], "Starter items added to inventory");
    let types: Vec<&str> = res["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["item_type"].as_str().unwrap())
        .collect();
    assert_eq!(types.len(), 3);
    for t in ["weapon", "armor", "helmet"] {
        assert!(types.contains(&t), "{t}");
    }
    let res = inv.post("/api/inventory/starter-items", user, None).await;
    assert_problem(res, StatusCode::BAD_REQUEST, "player_has_items").await;
}

#[tokio::test]
async fn potions_restore_stamina_or_start_one_boost_of_each_kind() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    inv.set_wallet(user, 10_000, 0).await;
    inv.sql(&format!(
        "UPDATE players SET stamina = 10 WHERE user_id = '{user}'"
    ))
    .await;
    let sip = inv.buy(user, "potion_stamina_sip").await;
    assert_eq!(
        inv.buy(user, "potion_stamina_sip").await,
        sip,
        "potions stack"
    );
    let res = inv
        .post_ok(&format!("/api/inventory/use-potion/{sip}"), user, None)
        .await;
    assert_eq!(
        (res["stamina"].as_i64(), res["remaining_quantity"].as_i64()),
        (Some(35), Some(1))
    );
    assert_eq!(res["success"], true);

    let tonic = inv.buy(user, "potion_endurance_tonic").await;
    let res = inv
        .post_ok(&format!("/api/inventory/use-potion/{tonic}"), user, None)
        .await;
    assert_eq!(
        (res["stamina"].as_i64(), res["stamina_max"].as_i64()),
        (Some(150), Some(150))
    );
    assert_eq!(res["buff_applied"]["buff_type"], "stamina_boost");
    let tonic = inv.buy(user, "potion_endurance_tonic").await;
    let res = inv
        .post(&format!("/api/inventory/use-potion/{tonic}"), user, None)
        .await;
    assert_problem(res, StatusCode::BAD_REQUEST, "buff_already_active").await;
    let me = inv.get_json("/api/player/me", user).await;
    assert_eq!(me["active_buffs"][0]["buff_type"], "stamina_boost");

    // When the boost expires the old cap comes back.
    inv.sql(&format!(
        "UPDATE active_buffs SET expires_at = now() - interval '1 second' WHERE user_id = '{user}'"
    ))
    .await;
    let me = inv.get_json("/api/player/me", user).await;
    assert_eq!(
        (me["stamina"].as_i64(), me["stamina_max"].as_i64()),
        (Some(100), Some(100))
    );
    assert_eq!(me["active_buffs"], json!([]));

    let blade = inv.buy(user, "blade_tinker").await;
    let res = inv
        .post(&format!("/api/inventory/use-potion/{blade}"), user, None)
        .await;
    assert_problem(res, StatusCode::BAD_REQUEST, "not_a_potion").await;
    let res = inv
        .post(
            &format!("/api/inventory/use-potion/{}", Uuid::new_v4()),
            user,
            None,
        )
        .await;
    assert_problem(res, StatusCode::NOT_FOUND, "item_not_found").await;
}

#[tokio::test]
async fn enhancement_costs_more_each_level_and_is_idempotent_with_a_key() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    inv.set_wallet(user, 1000 + 120, 0).await;
    let blade = inv.buy(user, "blade_tinker").await;
    let path = format!("/api/inventory/{blade}/enhance");
    let first = inv.post_keyed(&path, user, None, Some("enh-1")).await;
    assert_eq!(first.status(), StatusCode::OK);
    let first: Value = first.json().await.unwrap();
    assert_eq!(
        (
            first["previous_level"].as_i64(),
            first["new_level"].as_i64()
        ),
        (Some(1), Some(2))
    );
    assert_eq!(first["gold_cost"], 100);
    assert_eq!(first["next_level_cost"], 300);
    assert!(first["stats_increased"]["attack"].as_i64().unwrap() >= 1);
    let replay = inv.post_keyed(&path, user, None, Some("enh-1")).await;
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    assert_eq!(replay.json::<Value>().await.unwrap(), first);
    assert_eq!(inv.wallet(user).await["gold"], 900);

    let second: Value = inv.post_ok(&path, user, None).await;
    assert_eq!(second["gold_cost"], 300);
    assert_eq!(second["gold_remaining"], 600);
    inv.sql(&format!(
        "UPDATE players SET gold = 10 WHERE user_id = '{user}'"
    ))
    .await;
    let res = inv.post(&path, user, None).await;
    assert_problem(res, StatusCode::CONFLICT, "insufficient_funds").await;
    assert_eq!(
        inv.get_json(&format!("/api/inventory/{blade}"), user).await["level"],
        3
    );
    assert_eq!(
        ledger_sum(&inv.ledger(user).await, "gold"),
        -120 - 100 - 300
    );

    inv.sql(&format!(
        "UPDATE items SET enhance_level = 20 WHERE id = '{blade}'"
    ))
    .await;
    inv.sql(&format!(
        "UPDATE players SET gold = 1000000 WHERE user_id = '{user}'"
    ))
    .await;
    let res = inv.post(&path, user, None).await;
    assert_problem(res, StatusCode::CONFLICT, "max_level_reached").await;
    let sip = inv.buy(user, "potion_stamina_sip").await;
    let res = inv
        .post(&format!("/api/inventory/{sip}/enhance"), user, None)
        .await;
    assert_problem(res, StatusCode::BAD_REQUEST, "not_enhanceable").await;
    let other = Uuid::new_v4();
    let res = inv.post(&path, other, None).await;
    assert_problem(res, StatusCode::NOT_FOUND, "item_not_found").await;
    let res = inv
        .post_keyed(&path, user, None, Some("bad key with spaces"))
        .await;
    assert_problem(res, StatusCode::BAD_REQUEST, "invalid_idempotency_key").await;
}
