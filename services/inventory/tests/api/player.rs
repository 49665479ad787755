//! `/api/player/*` and `/api/wallet*`: profile on first use, progression, stat allocation,
//! lazy stamina regeneration, the ledger's pagination, and the username from auth.

use reqwest::StatusCode;
use serde_json::{Value, json};
use testkit::conformance::assert_problem;
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{spawn, spawn_with};

#[tokio::test]
async fn the_first_request_makes_a_profile_with_the_seeds_defaults() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    let me = inv.get_json("/api/player/me", user).await;
    assert_eq!(me["id"], json!(user));
    assert_eq!(me["user_id"], json!(user));
    for (field, value) in [
        ("level", 1),
        ("exp", 0),
        ("exp_max", 100),
        ("gold", 1000),
        ("gems", 0),
        ("stamina", 100),
        ("stamina_max", 100),
        ("base_attack", 10),
        ("base_defense", 10),
        ("base_hp", 100),
        ("unspent_stat_points", 0),
    ] {
        assert_eq!(me[field], value, "{field}");
    }
    assert!(me["username"].as_str().unwrap().starts_with("player-"));
    assert_eq!(me["active_buffs"], json!([]));
}

#[tokio::test]
async fn player_routes_need_a_valid_token() {
    let inv = spawn().await;
    let res = inv
        .http
        .get(inv.url("/api/player/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = inv
        .http
        .get(inv.url("/api/wallet"))
        .bearer_auth("not.a.token")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_username_comes_from_auths_public_profile() {
    let auth = MockServer::start().await;
    let user = Uuid::new_v4();
    Mock::given(method("GET"))
        .and(path(format!("/api/users/{user}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": user, "username": "quinn", "avatar_url": null, "role": "player",
            "is_guest": false, "created_at": "2026-01-01T00:00:00Z"
        })))
        .mount(&auth)
        .await;
    let url = auth.uri();
    let inv = spawn_with(inventory::InventorySettings::default(), move |s| {
        s.peers[common::ServiceName::Auth.index()] = format!("{url}/").parse().unwrap();
    })
    .await;
    assert_eq!(
        inv.get_json("/api/player/me", user).await["username"],
        "quinn"
    );
}

#[tokio::test]
async fn stamina_regenerates_lazily_ten_percent_per_interval() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    inv.get_json("/api/player/me", user).await;
    inv.sql(&format!(
        "UPDATE players SET stamina = 20, last_stamina_regen = now() - interval '35 seconds' \
         WHERE user_id = '{user}'"
    ))
    .await;
    let res = inv
        .post_ok("/api/player/regenerate-stamina", user, None)
        .await;
    assert_eq!(res, json!({ "stamina": 50, "stamina_max": 100 }));
    // The partial interval was dropped: nothing more right away.
    assert_eq!(inv.wallet(user).await["stamina"], 50);
    inv.sql(&format!(
        "UPDATE players SET last_stamina_regen = now() - interval '1 hour' WHERE user_id = '{user}'"
    ))
    .await;
    assert_eq!(inv.get_json("/api/player/me", user).await["stamina"], 100);
}

#[tokio::test]
async fn stat_points_are_spent_and_over_spending_is_refused() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    inv.get_json("/api/player/me", user).await;
    inv.sql(&format!(
        "UPDATE players SET unspent_stat_points = 5, stamina = 40 WHERE user_id = '{user}'"
    ))
    .await;
    let res = inv
        .post(
            "/api/player/allocate-stats",
            user,
            Some(&json!({ "attack": 4, "defense": 2, "max_stamina": 0 })),
        )
        .await;
    let problem = assert_problem(res, StatusCode::BAD_REQUEST, "not_enough_stat_points").await;
    assert_eq!(
        problem["detail"],
        "Not enough stat points. Available: 5, Requested: 6"
    );
    let res = inv
        .post_ok(
            "/api/player/allocate-stats",
            user,
            Some(&json!({ "attack": 2, "defense": 1, "max_stamina": 2 })),
        )
        .await;
    assert_eq!(res["message"], "Stats allocated successfully");
    let p = &res["player"];
    assert_eq!(
        (p["base_attack"].as_i64(), p["base_defense"].as_i64()),
        (Some(12), Some(11))
    );
    assert_eq!(
        (p["stamina_max"].as_i64(), p["stamina"].as_i64()),
        (Some(102), Some(102))
    );
    assert_eq!(p["unspent_stat_points"], 0);
    let res = inv
        .post(
            "/api/player/allocate-stats",
            user,
            Some(&json!({ "attack": -1 })),
        )
        .await;
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let res = inv
        .post(
            "/api/player/allocate-stats",
            user,
            Some(&json!({ "attack": "lots" })),
        )
        .await;
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;
}

#[tokio::test]
async fn progression_reports_progress_within_the_level_and_the_table() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    inv.get_json("/api/player/me", user).await;
    inv.sql(&format!(
        "UPDATE players SET level = 2, total_xp = 150 WHERE user_id = '{user}'"
    ))
    .await;
    let p = inv.get_json("/api/player/progression", user).await;
    assert_eq!(p["current_level"], 2);
    assert_eq!(p["xp_in_current_level"], 50);
    assert_eq!(p["xp_for_next_level"], 115);
    assert_eq!(p["xp_to_next_level"], 65);
    assert_eq!(p["progress_percent"], 43.48);
    assert_eq!(
        p["next_level_rewards"],
        json!({ "stat_points": 3, "is_milestone": false })
    );
    let table = inv
        .get_json("/api/player/progression/table?max_level=10", user)
        .await;
    let table = table.as_array().unwrap();
    assert_eq!(table.len(), 10);
    assert_eq!(
        table[1],
        json!({ "level": 2, "xp_required": 100, "total_xp": 100, "stat_points_reward": 3 })
    );
    assert_eq!(table[9]["xp_required"], 305);
    assert_eq!(table[9]["stat_points_reward"], 8);
    let clamped = inv
        .get_json("/api/player/progression/table?max_level=500", user)
        .await;
    assert_eq!(clamped.as_array().unwrap().len(), 100);
    let res = inv
        .get("/api/player/progression/table?max_level=abc", user)
        .await;
    assert_problem(res, StatusCode::BAD_REQUEST, "invalid_query").await;
}

#[tokio::test]
async fn the_ledger_is_the_callers_own_and_pages_with_a_cursor() {
    let inv = spawn().await;
    let (alice, bob) = (Uuid::new_v4(), Uuid::new_v4());
    for _ in 0..3 {
        inv.buy(alice, "furniture_balloon").await;
    }
    inv.buy(bob, "furniture_pot").await;
    let page: Value = inv.get_json("/api/wallet/ledger?limit=4", alice).await;
    let entries = page["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 4);
    assert!(
        entries[0]["id"].as_i64() > entries[1]["id"].as_i64(),
        "newest first"
    );
    let cursor = page["next_cursor"].as_str().unwrap();
    let rest = inv
        .get_json(
            &format!("/api/wallet/ledger?limit=4&cursor={cursor}"),
            alice,
        )
        .await;
    assert_eq!(rest["entries"].as_array().unwrap().len(), 2);
    assert_eq!(rest["next_cursor"], Value::Null);
    let all = inv.ledger(alice).await;
    assert!(
        all.iter().all(|r| r["asset"] != "item:furniture_pot"),
        "bob's rows are not shown"
    );
    assert_eq!(inv.wallet(alice).await["gold"], 1000 - 45);
    for bad in ["limit=0", "limit=101", "cursor=abc", "limit=x"] {
        let res = inv.get(&format!("/api/wallet/ledger?{bad}"), alice).await;
        assert!(res.status().is_client_error(), "{bad}");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
    }
}
