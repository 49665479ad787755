//! `/api/pets/*`: eggs from the shop, hatching, feeding with food items, pet sets.

use reqwest::StatusCode;
use serde_json::{Value, json};
use testkit::conformance::assert_problem;
use uuid::Uuid;

use crate::helpers::spawn;

#[tokio::test]
async fn an_egg_hatches_into_its_species_with_focus_bonuses() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    let egg = inv.buy(user, "egg_wolf").await;
    let pets = inv.get_json("/api/pets/", user).await;
    let listed = &pets["pets"][0];
    assert_eq!(listed["id"], json!(egg));
    assert_eq!(listed["is_egg"], true);
    assert_eq!(listed["name"], "Mystery Egg");
    assert_eq!(listed["species"], Value::Null);
    assert_eq!(listed["attack_bonus"], 0);

    let res = inv
        .post_ok(
            "/api/pets/hatch",
            user,
            Some(&json!({ "pet_id": egg, "name": "  Rex " })),
        )
        .await;
    assert_eq!(res["message"], "Congratulations! Your wolf has hatched!");
    let pet = &res["pet"];
    assert_eq!(
        (pet["name"].as_str(), pet["species"].as_str()),
        (Some("Rex"), Some("wolf"))
    );
    assert_eq!(pet["focus"], "balanced");
    assert_eq!(
        (
            pet["attack_bonus"].as_i64(),
            pet["defense_bonus"].as_i64(),
            pet["hp_bonus"].as_i64()
        ),
        (Some(8), Some(8), Some(15))
    );
    let res = inv
        .post(
            "/api/pets/hatch",
            user,
            Some(&json!({ "pet_id": egg, "name": "Again" })),
        )
        .await;
    assert_problem(res, StatusCode::BAD_REQUEST, "pet_already_hatched").await;
    let res = inv
        .post(
            "/api/pets/hatch",
            user,
            Some(&json!({ "pet_id": egg, "name": "" })),
        )
        .await;
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
}

#[tokio::test]
async fn a_mystery_egg_rolls_a_species_when_it_hatches() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    inv.set_wallet(user, 0, 1000).await;
    inv.sql(&format!(
        "UPDATE players SET level = 10 WHERE user_id = '{user}'"
    ))
    .await;
    let egg = inv.buy(user, "egg_enigma").await;
    assert_eq!(
        inv.wallet(user).await["gems"],
        800,
        "gem-only eggs cost gems"
    );
    let res = inv
        .post_ok(
            "/api/pets/hatch",
            user,
            Some(&json!({ "pet_id": egg, "name": "Nyx" })),
        )
        .await;
    assert!(res["pet"]["species"].is_string());
}

#[tokio::test]
async fn feeding_uses_the_food_items_xp_not_the_clients() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    inv.set_wallet(user, 10_000, 0).await;
    let egg = inv.buy(user, "egg_bear").await;
    let biscuit = inv.buy(user, "food_berry_biscuit").await; // 50 XP
    inv.buy(user, "food_berry_biscuit").await;
    let res = inv
        .post(
            "/api/pets/feed",
            user,
            Some(&json!({ "pet_id": egg, "food_item_id": biscuit })),
        )
        .await;
    assert_problem(res, StatusCode::BAD_REQUEST, "pet_is_egg").await;
    inv.post_ok(
        "/api/pets/hatch",
        user,
        Some(&json!({ "pet_id": egg, "name": "Bruno" })),
    )
    .await;

    // The seed's shape with a huge xp_amount: ignored.
    let res = inv
        .post_ok(
            "/api/pets/feed",
            user,
            Some(&json!({ "pet_id": egg, "xp_amount": 1_000_000, "food_item_id": biscuit })),
        )
        .await;
    assert_eq!(res["xp_gained"], 50);
    assert_eq!(
        (res["exp"].as_i64(), res["new_level"].as_i64()),
        (Some(50), Some(1))
    );
    assert_eq!(res["remaining_quantity"], 1);

    // Without a food id the player's least nourishing food is eaten; 100 XP levels up.
    let res = inv
        .post_ok(
            "/api/pets/feed",
            user,
            Some(&json!({ "pet_id": egg, "xp_amount": 5 })),
        )
        .await;
    assert_eq!(res["levels_gained"], 1);
    assert_eq!(
        (res["exp"].as_i64(), res["exp_max"].as_i64()),
        (Some(0), Some(150))
    );
    assert_eq!(res["stats"], json!({ "attack": 9, "defense": 9, "hp": 18 }));
    let res = inv
        .post("/api/pets/feed", user, Some(&json!({ "pet_id": egg })))
        .await;
    assert_problem(res, StatusCode::BAD_REQUEST, "not_food").await;

    let blade = inv.buy(user, "blade_tinker").await;
    let res = inv
        .post(
            "/api/pets/feed",
            user,
            Some(&json!({ "pet_id": egg, "food_item_id": blade })),
        )
        .await;
    assert_problem(res, StatusCode::BAD_REQUEST, "not_food").await;
    let other = Uuid::new_v4();
    let res = inv
        .post("/api/pets/feed", other, Some(&json!({ "pet_id": egg })))
        .await;
    assert_problem(res, StatusCode::NOT_FOUND, "pet_not_found").await;
}

#[tokio::test]
async fn pets_go_into_sets_of_three_and_only_their_owner_sees_them() {
    let inv = spawn().await;
    let (alice, bob) = (Uuid::new_v4(), Uuid::new_v4());
    inv.set_wallet(alice, 10_000, 0).await;
    let wolf = inv.buy(alice, "egg_wolf").await;
    let egg = inv.buy(alice, "egg_bear").await;
    inv.post_ok(
        "/api/pets/hatch",
        alice,
        Some(&json!({ "pet_id": wolf, "name": "Ash" })),
    )
    .await;
    let res = inv
        .post(
            "/api/pets/equip",
            alice,
            Some(&json!({ "pet_id": egg, "set_type": "attack", "slot": 1 })),
        )
        .await;
    assert_problem(res, StatusCode::BAD_REQUEST, "pet_is_egg").await;
    let res = inv
        .post(
            "/api/pets/equip",
            alice,
            Some(&json!({ "pet_id": wolf, "set_type": "attack", "slot": 4 })),
        )
        .await;
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let res = inv
        .post_ok(
            "/api/pets/equip",
            alice,
            Some(&json!({ "pet_id": wolf, "set_type": "attack", "slot": 2 })),
        )
        .await;
    assert_eq!(res["pet_set"]["pet_2"]["id"], json!(wolf));
    assert_eq!(res["stats"], json!({ "attack": 8, "defense": 8, "hp": 15 }));
    assert_eq!(
        inv.get_json("/api/pets/stats/attack", alice).await["hp"],
        15
    );
    let res = inv
        .post_ok(
            "/api/pets/equip",
            alice,
            Some(&json!({ "pet_id": wolf, "set_type": "defense", "slot": 1 })),
        )
        .await;
    assert_eq!(res["pet_set"]["pet_1"]["id"], json!(wolf));
    assert_eq!(
        inv.get_json("/api/pets/", alice).await["attack_set"]["pet_2"],
        Value::Null
    );
    let res = inv
        .post_ok(
            "/api/pets/unequip",
            alice,
            Some(&json!({ "set_type": "defense", "slot": 1 })),
        )
        .await;
    assert_eq!(res["stats"], json!({ "attack": 0, "defense": 0, "hp": 0 }));

    let res = inv
        .post(
            "/api/pets/equip",
            bob,
            Some(&json!({ "pet_id": wolf, "set_type": "attack", "slot": 1 })),
        )
        .await;
    assert_problem(res, StatusCode::NOT_FOUND, "pet_not_found").await;
    let res = inv
        .post(
            "/api/pets/hatch",
            bob,
            Some(&json!({ "pet_id": egg, "name": "Mine" })),
        )
        .await;
    assert_problem(res, StatusCode::NOT_FOUND, "pet_not_found").await;
    assert!(
        inv.get_json("/api/pets/", bob).await["pets"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}
