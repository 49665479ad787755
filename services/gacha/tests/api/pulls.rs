//! Pulls through the API: paid through inventory, idempotent, concurrent, refused cleanly.

use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{assert_problem, spawn};

#[tokio::test]
async fn a_ten_pull_debits_1600_gems_grants_ten_items_and_is_in_history() {
    let app = spawn().await;
    let user = Uuid::new_v4();
    app.grant_gems(user, 2000).await;
    let body = app.pull_ok(user, "?count=10").await;
    let pulls = body["pulls"].as_array().unwrap();
    assert_eq!(pulls.len(), 10);
    for p in pulls {
        assert!(p["item_id"].as_str().is_some() && p["item_name"].as_str().is_some());
        let stars = p["stars"].as_i64().unwrap();
        assert_eq!(p["rarity"], format!("{stars}-star"));
        assert!(p["is_pity"].is_boolean() && p["is_featured"].is_boolean());
    }
    // The 4★ floor: ten pulls hold at least one 4★ or better.
    assert!(pulls.iter().any(|p| p["stars"].as_i64().unwrap() >= 4));
    assert_eq!(body["gems_spent"], 1600);
    assert_eq!(body["gems_remaining"], 400);
    assert_eq!(body["next_pity_at"], 90);
    assert_eq!(app.gems(user).await, 400);
    let mut granted = app.gacha_items(user).await;
    let mut pulled: Vec<String> = pulls
        .iter()
        .map(|p| p["item_id"].as_str().unwrap().to_owned())
        .collect();
    granted.sort();
    pulled.sort();
    assert_eq!(granted, pulled);
    // Each item points at the owned item, whose detail (gacha seed) inventory serves.
    let owned = pulls[0]["inventory_item_id"].as_str().unwrap();
    let detail: Value = app
        .http
        .get(app.inventory.url(&format!("/api/inventory/{owned}")))
        .bearer_auth(app.token(user))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(detail["catalog_id"], pulls[0]["item_id"]);
    assert_eq!(detail["stars"], pulls[0]["stars"]);
    let history = app.history(user).await;
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["pull_id"], body["pull_id"]);
    assert_eq!(history[0]["items"].as_array().unwrap().len(), 10);
    let pity = app.pity(user).await;
    assert_eq!(pity["pulls_since_five_star"], body["pity_counter"]);
    // A seed client's call: no body, no count.
    let single = app.pull_ok(user, "").await;
    assert_eq!(single["pulls"].as_array().unwrap().len(), 1);
    assert_eq!(single["gems_remaining"], 240);
}

#[tokio::test]
async fn a_pull_with_too_few_gems_returns_409_and_spends_nothing_and_keeps_the_pity() {
    let app = spawn().await;
    let user = Uuid::new_v4();
    app.grant_gems(user, 200).await;
    app.pull_ok(user, "?count=1").await;
    let before = app.pity(user).await;
    let res = app.pull(user, "?count=10", None, None).await;
    assert_problem(res, StatusCode::CONFLICT, "insufficient_funds").await;
    assert_eq!(app.gems(user).await, 40);
    assert_eq!(app.pity(user).await, before);
    assert_eq!(app.history(user).await.len(), 1);
    assert_eq!(app.gacha_items(user).await.len(), 1);
}

#[tokio::test]
async fn twenty_parallel_ten_pulls_by_a_player_who_can_afford_five_succeed_exactly_five_times() {
    let app = spawn().await;
    let user = Uuid::new_v4();
    app.grant_gems(user, 5 * 1600).await;
    let results = futures_util::future::join_all(
        (0..20).map(|_| async { app.pull(user, "?count=10", None, None).await }),
    )
    .await;
    let mut ok = 0;
    for res in results {
        match res.status() {
            StatusCode::OK => ok += 1,
            StatusCode::CONFLICT => {
                let body: Value = res.json().await.unwrap();
                assert_eq!(body["code"], "insufficient_funds", "{body}");
            }
            other => panic!("unexpected {other}: {}", res.text().await.unwrap()),
        }
    }
    assert_eq!(ok, 5);
    assert_eq!(app.gems(user).await, 0);
    let history = app.history(user).await;
    assert_eq!(history.len(), 5);
    assert_eq!(app.gacha_items(user).await.len(), 50);
    // History and pity agree: replaying the 50 items oldest first gives the pity counter.
    let mut since_five = 0;
    for pull in history.iter().rev() {
        for item in pull["items"].as_array().unwrap() {
            since_five = if item["stars"] == 5 {
                0
            } else {
                since_five + 1
            };
        }
    }
    let pity = app.pity(user).await;
    assert_eq!(pity["pulls_since_five_star"], since_five);
    assert_eq!(history[0]["pity_counter"], since_five);
}

#[tokio::test]
async fn the_same_idempotency_key_twice_charges_once_and_returns_the_same_pull() {
    let app = spawn().await;
    let user = Uuid::new_v4();
    app.grant_gems(user, 4000).await;
    let first = app.pull(user, "?count=10", Some("pull-abc"), None).await;
    assert_eq!(first.status(), StatusCode::OK);
    let first: Value = first.json().await.unwrap();
    let again = app.pull(user, "?count=10", Some("pull-abc"), None).await;
    assert_eq!(again.status(), StatusCode::OK);
    let again: Value = again.json().await.unwrap();
    assert_eq!(first["pull_id"], again["pull_id"]);
    assert_eq!(first["pulls"], again["pulls"]);
    assert_eq!(app.gems(user).await, 2400);
    assert_eq!(app.history(user).await.len(), 1);
    // Concurrent repeats of a new key also charge once.
    let results = futures_util::future::join_all(
        (0..5).map(|_| async { app.pull(user, "?count=1", Some("pull-def"), None).await }),
    )
    .await;
    let mut ids = Vec::new();
    for res in results {
        assert_eq!(res.status(), StatusCode::OK);
        let body: Value = res.json().await.unwrap();
        ids.push(body["pull_id"].clone());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1);
    assert_eq!(app.gems(user).await, 2240);
    // The key used for another request is refused.
    let res = app.pull(user, "?count=1", Some("pull-abc"), None).await;
    assert_problem(
        res,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
    )
    .await;
}

#[tokio::test]
async fn pity_carries_across_banners_of_a_type_and_not_across_types() {
    let app = spawn().await;
    let user = Uuid::new_v4();
    app.grant_gems(user, 10_000).await;
    let weapon = app.banner_of("weapon_event").await;
    let body = app
        .pull(
            user,
            "?count=10",
            None,
            Some(&json!({ "banner_id": weapon })),
        )
        .await;
    assert_eq!(body.status(), StatusCode::OK);
    let body: Value = body.json().await.unwrap();
    assert_eq!(body["banner_type"], "weapon_event");
    assert_eq!(body["next_pity_at"], 80);
    // The character pity did not move.
    assert_eq!(app.pity(user).await["pulls_since_five_star"], 0);
    let rates = app
        .get_json(&format!("/api/gacha/rates?banner_id={weapon}"), user)
        .await;
    assert_eq!(
        rates["your_pity"]["pulls_since_five_star"],
        body["pity_counter"]
    );
    // Query parameter form.
    let standard = app.banner_of("standard").await;
    let body = app
        .pull_ok(user, &format!("?count=1&banner_id={standard}"))
        .await;
    assert_eq!(body["banner_type"], "standard");
    assert_eq!(body["pulls"][0]["is_featured"], false);
}

#[tokio::test]
async fn bad_count_unknown_or_closed_banner_and_bad_input_are_4xx_problems() {
    let app = spawn().await;
    let user = Uuid::new_v4();
    app.grant_gems(user, 10_000).await;
    for q in [
        "?count=5",
        "?count=0",
        "?count=abc",
        "?count=-1",
        "?count=100000000000",
    ] {
        let res = app.pull(user, q, None, None).await;
        let body = assert_problem(res, StatusCode::BAD_REQUEST, "invalid_count").await;
        assert_eq!(body["detail"], "Count must be 1 or 10");
    }
    let unknown = Uuid::new_v4();
    let res = app
        .pull(
            user,
            "?count=1",
            None,
            Some(&json!({ "banner_id": unknown })),
        )
        .await;
    assert_problem(res, StatusCode::NOT_FOUND, "banner_not_found").await;
    let res = app.pull(user, "?banner_id=not-a-uuid", None, None).await;
    assert_problem(res, StatusCode::BAD_REQUEST, "invalid_query").await;
    let res = app
        .http
        .post(app.gacha.url("/api/gacha/pull"))
        .bearer_auth(app.token(user))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::BAD_REQUEST, "invalid_body").await;
    let res = app
        .pull(user, "?count=1", Some("bad key with spaces"), None)
        .await;
    assert_problem(res, StatusCode::BAD_REQUEST, "invalid_idempotency_key").await;
    // A retired banner takes no pulls.
    let standard = app.banner_of("standard").await;
    let res = app
        .http
        .delete(
            app.gacha
                .url(&format!("/api/gacha/admin/banners/{standard}")),
        )
        .bearer_auth(app.admin_token())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app
        .pull(
            user,
            "?count=1",
            None,
            Some(&json!({ "banner_id": standard })),
        )
        .await;
    assert_problem(res, StatusCode::CONFLICT, "banner_closed").await;
    // Without a token.
    let res = app
        .http
        .post(app.gacha.url("/api/gacha/pull"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.gems(user).await, 10_000);
}

#[tokio::test]
async fn another_players_history_is_never_visible() {
    let app = spawn().await;
    let (alice, bob) = (Uuid::new_v4(), Uuid::new_v4());
    app.grant_gems(alice, 1600).await;
    app.pull_ok(alice, "?count=10").await;
    assert_eq!(app.history(alice).await.len(), 1);
    assert!(app.history(bob).await.is_empty());
    // There is no parameter that names another player; unknown ones are ignored and the
    // answer is still the caller's own.
    let page = app
        .get_json(&format!("/api/gacha/history?user_id={alice}"), bob)
        .await;
    assert!(page["pulls"].as_array().unwrap().is_empty());
    for q in [
        "?limit=0",
        "?limit=1000",
        "?banner_type=nope",
        "?cursor=xyz",
        "?limit=x",
    ] {
        let res = app.get(&format!("/api/gacha/history{q}"), alice).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{q}");
    }
    let res = app
        .http
        .get(app.gacha.url("/api/gacha/history"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn history_pages_newest_first_and_filters_by_banner_type() {
    let app = spawn().await;
    let user = Uuid::new_v4();
    app.grant_gems(user, 160 * 5).await;
    let mut ids = Vec::new();
    for _ in 0..4 {
        ids.push(app.pull_ok(user, "?count=1").await["pull_id"].clone());
    }
    let standard = app.banner_of("standard").await;
    app.pull_ok(user, &format!("?banner_id={standard}")).await;
    let page = app
        .get_json(
            "/api/gacha/history?limit=3&banner_type=character_event",
            user,
        )
        .await;
    let got: Vec<Value> = page["pulls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["pull_id"].clone())
        .collect();
    assert_eq!(got, vec![ids[3].clone(), ids[2].clone(), ids[1].clone()]);
    let cursor = page["next_cursor"].as_str().unwrap();
    let next = app
        .get_json(
            &format!("/api/gacha/history?limit=3&banner_type=character_event&cursor={cursor}"),
            user,
        )
        .await;
    assert_eq!(next["pulls"].as_array().unwrap().len(), 1);
    assert!(next["next_cursor"].is_null());
    assert_eq!(app.history(user).await.len(), 5);
}

#[tokio::test]
async fn a_pull_is_announced_to_the_player_and_a_five_star_to_everyone() {
    let app = spawn().await;
    let user = Uuid::new_v4();
    app.grant_gems(user, 1600).await;
    // A banner whose every pull is a 5★.
    let banner = json!({
        "banner_type": "character_event",
        "name": "Always Gold",
        "pool": {
            "five": ["char_aurelia", "char_kestrel"],
            "four": ["char_brann"],
            "three": ["weapon_tin_dagger"],
            "featured": ["char_aurelia"]
        },
        "rates": {
            "five_base_ppm": 1000000, "five_soft_pity_start": 74, "five_soft_pity_step_ppm": 60000,
            "five_hard_pity": 90, "four_base_ppm": 0, "four_soft_pity_start": 0,
            "four_soft_pity_step_ppm": 0, "four_hard_pity": 10, "featured_ppm": 500000
        }
    });
    let res = app
        .http
        .post(app.gacha.url("/api/gacha/admin/banners"))
        .bearer_auth(app.admin_token())
        .json(&banner)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "{}",
        res.text().await.unwrap()
    );
    let created: Value = app.get_json("/api/gacha/banner", user).await;
    assert_eq!(created["name"], "Always Gold");
    let body = app.pull_ok(user, "?count=1").await;
    assert_eq!(body["pulls"][0]["stars"], 5);
    let events = &app.gacha.context.events;
    let mine = crate::helpers::eventually(std::time::Duration::from_secs(5), || async {
        let got = events
            .replay(&contracts::Topic::user(user), "0-0", 50)
            .await
            .ok()?;
        got.into_iter()
            .find(|e| e.contains(r#""type":"gacha_pull""#))
    })
    .await;
    assert!(mine.contains(body["pull_id"].as_str().unwrap()));
    let global = crate::helpers::eventually(std::time::Duration::from_secs(5), || async {
        let got = events
            .replay(&contracts::Topic::global(), "0-0", 50)
            .await
            .ok()?;
        got.into_iter()
            .find(|e| e.contains(r#""type":"legendary_pull""#))
    })
    .await;
    assert!(global.contains(&user.to_string()));
    assert!(global.contains(body["pulls"][0]["item_id"].as_str().unwrap()));
}

#[tokio::test]
async fn pity_carries_over_to_the_next_banner_of_the_same_type() {
    let app = spawn().await;
    let user = Uuid::new_v4();
    app.grant_gems(user, 320).await;
    let first = app.pull_ok(user, "?count=1").await;
    let banner = json!({
        "banner_type": "character_event",
        "name": "Second Character Event",
        "pool": {
            "five": ["char_kestrel", "char_maelis"],
            "four": ["char_brann", "char_elka"],
            "three": ["weapon_tin_dagger"],
            "featured": ["char_kestrel"]
        }
    });
    let res = app
        .http
        .post(app.gacha.url("/api/gacha/admin/banners"))
        .bearer_auth(app.admin_token())
        .json(&banner)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = res.json().await.unwrap();
    let second = app
        .pull(
            user,
            "?count=1",
            None,
            Some(&json!({ "banner_id": created["banner_id"] })),
        )
        .await;
    assert_eq!(second.status(), StatusCode::OK);
    let second: Value = second.json().await.unwrap();
    let expected = if second["pulls"][0]["stars"] == 5 {
        0
    } else {
        first["pity_counter"].as_i64().unwrap() + 1
    };
    assert_eq!(second["pity_counter"], expected);
    assert_eq!(
        second["guaranteed_featured"].as_bool().unwrap(),
        second["pulls"][0]["stars"] == 5 && second["pulls"][0]["is_featured"] == false
            || (second["pulls"][0]["stars"] != 5 && first["guaranteed_featured"] == true)
    );
}
