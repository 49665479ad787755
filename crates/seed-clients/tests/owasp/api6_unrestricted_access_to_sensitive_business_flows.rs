//! API6:2023 Unrestricted Access to Sensitive Business Flows: the flows worth automating
//! (claiming starter items, pulling, buying, answering and voting) done faster than a human,
//! all at once, are each bounded: one claim, pulls and purchases never past the wallet, an
//! `Idempotency-Key` replayed charges once (pulls), stores once (scores) and hits once
//! (attacks), and a round takes one answer per player.

use futures_util::future::join_all;
use reqwest::{Method, StatusCode};
use seed_clients::{Stack, StackOptions};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::support::{Api, lean};

#[tokio::test]
async fn flows_hammered_concurrently_stay_bounded() {
    let stack = Stack::spawn_with(lean(StackOptions::default())).await;
    let api = Api::new(&stack);

    // Starter items: ten simultaneous claims grant one set.
    let claimer = stack.register(&api.http).await;
    let claims = join_all((0..10).map(|_| {
        api.call(
            Method::POST,
            "/api/inventory/starter-items",
            Some(&claimer.token),
            Some(json!({})),
        )
    }))
    .await;
    let granted = claims.iter().filter(|(s, _)| s.is_success()).count();
    assert!(granted >= 1, "{claims:?}");
    let once = stack.register(&stack.browser()).await;
    api.post("/api/inventory/starter-items", &once.token, json!({}))
        .await;
    let count = |v: Value| v["items"].as_array().map(Vec::len).unwrap_or(0);
    assert_eq!(
        count(api.get("/api/inventory/", &claimer.token).await),
        count(api.get("/api/inventory/", &once.token).await),
        "ten racing claims granted more than one claim: {claims:?}"
    );

    // Gacha: more pulls at once than the gems pay for: exactly the affordable ones succeed.
    let puller = stack.register(&stack.browser()).await;
    let banner = api.get("/api/gacha/banner", &puller.token).await;
    let cost = banner["cost_single"].as_i64().unwrap();
    let id = banner["banner_id"].clone();
    stack.grant(puller.id, 1, cost).await;
    // New players may start with gems: as many pulls as the wallet pays for, plus five.
    let gems = api.get("/api/wallet", &puller.token).await["gems"]
        .as_i64()
        .unwrap();
    let affordable = usize::try_from(gems / cost).unwrap();
    let pulls = join_all((0..affordable + 5).map(|_| {
        api.call(
            Method::POST,
            "/api/gacha/pull?count=1",
            Some(&puller.token),
            Some(json!({ "banner_id": id })),
        )
    }))
    .await;
    let won = pulls.iter().filter(|(s, _)| s.is_success()).count();
    assert_eq!(won, affordable, "{pulls:?}");
    for (status, body) in &pulls {
        assert!(
            status.is_success()
                || *status == StatusCode::CONFLICT
                || *status == StatusCode::TOO_MANY_REQUESTS,
            "{status} {body}"
        );
    }
    let wallet = api.get("/api/wallet", &puller.token).await;
    assert_eq!(
        wallet["gems"].as_i64(),
        Some(gems - cost * affordable as i64),
        "{wallet}"
    );

    // A retried pull with the same Idempotency-Key answers the first result and charges once.
    let retrier = stack.register(&stack.browser()).await;
    stack.grant(retrier.id, 1, cost * 3).await;
    let gems = api.get("/api/wallet", &retrier.token).await["gems"]
        .as_i64()
        .unwrap();
    let key = Uuid::new_v4().to_string();
    let answers = join_all((0..5).map(|_| {
        api.http
            .post(stack.url("/api/gacha/pull?count=1"))
            .bearer_auth(&retrier.token)
            .header("Idempotency-Key", &key)
            .json(&json!({ "banner_id": id }))
            .send()
    }))
    .await;
    let ok = answers
        .iter()
        .filter(|r| r.as_ref().is_ok_and(|r| r.status().is_success()))
        .count();
    assert!(ok >= 1, "no replay succeeded");
    let wallet = api.get("/api/wallet", &retrier.token).await;
    assert_eq!(
        wallet["gems"].as_i64(),
        Some(gems - cost),
        "one key charged more than once: {wallet}"
    );

    // The shop: gold for two potions, ten purchases at once: at most two, gold never negative.
    let buyer = stack.register(&stack.browser()).await;
    let shop = api.get("/api/shop/items", &buyer.token).await;
    let price = shop["potions"]
        .as_array()
        .and_then(|p| {
            p.iter()
                .find(|p| p["id"] == "potion_stamina_sip" || p["item_id"] == "potion_stamina_sip")
        })
        .and_then(|p| {
            p["price_gold"]
                .as_i64()
                .or(p["price"].as_i64())
                .or(p["cost_gold"].as_i64())
        })
        .unwrap_or_else(|| panic!("no potion price: {shop}"));
    stack.grant(buyer.id, price * 2, 1).await;
    let gold = api.get("/api/wallet", &buyer.token).await["gold"]
        .as_i64()
        .unwrap();
    let buys = join_all((0..10).map(|_| {
        api.call(
            Method::POST,
            "/api/shop/purchase",
            Some(&buyer.token),
            Some(json!({ "item_id": "potion_stamina_sip", "currency": "gold" })),
        )
    }))
    .await;
    let bought = buys.iter().filter(|(s, _)| s.is_success()).count() as i64;
    assert!(
        bought <= gold / price,
        "{bought} bought with gold for {}: {buys:?}",
        gold / price
    );
    let after = api.get("/api/wallet", &buyer.token).await["gold"]
        .as_i64()
        .unwrap();
    assert_eq!(after, gold - bought * price);
}

/// Sends `body` to `path` with `key` as its Idempotency-Key; the status and the JSON answer.
async fn keyed(
    api: &Api<'_>,
    stack: &Stack,
    token: &str,
    path: &str,
    key: &str,
    body: Value,
) -> (StatusCode, Value) {
    let res = api
        .http
        .post(stack.url(path))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn retried_scores_and_attacks_apply_once_through_the_gateway() {
    let stack = Stack::spawn_with(lean(StackOptions::default())).await;
    let api = Api::new(&stack);
    let player = stack.register(&stack.browser()).await;

    // A score retried with its key is stored once; the key cannot carry another score.
    let run = json!({ "score": 4321, "coins": 1, "enemies_defeated": 1, "distance": 10,
        "level": 1, "game_mode": "endless" });
    let score = |body: Value| keyed(&api, &stack, &player.token, "/api/scores", "run-42", body);
    let (status, first) = score(run.clone()).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let (status, again) = score(run.clone()).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["id"], first["id"], "a retried score was stored again");
    let mut other = run;
    other["score"] = json!(1);
    let (status, refused) = score(other).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["code"], "idempotency_key_reused");

    // An attack retried with its key hits once and costs its stamina once.
    let battles = api.get("/api/battles/available", &player.token).await;
    let battle = battles
        .as_array()
        .and_then(|l| l.iter().find(|b| b["required_level"].as_i64() <= Some(1)))
        .unwrap_or_else(|| panic!("no battle for level 1: {battles}"))["id"]
        .as_i64()
        .unwrap();
    api.post(
        &format!("/api/battles/join/{battle}"),
        &player.token,
        json!({}),
    )
    .await;
    let info = api
        .get(&format!("/api/battles/{battle}"), &player.token)
        .await;
    let enemy = info["enemies"][0]["id"].as_i64().unwrap();
    let path = format!("/api/battles/{battle}/attack");
    let swing = json!({ "enemy_id": enemy, "attack_type": "normal" });
    let (status, hit) = keyed(&api, &stack, &player.token, &path, "swing-1", swing.clone()).await;
    assert_eq!(status, StatusCode::OK, "{hit}");
    let (status, replay) = keyed(&api, &stack, &player.token, &path, "swing-1", swing).await;
    assert_eq!(status, StatusCode::OK, "{replay}");
    assert_eq!(replay, hit, "a retried attack hit again");
    let stamina = api.get("/api/wallet", &player.token).await["stamina"].as_i64();
    assert_eq!(
        stamina,
        hit["stamina_remaining"].as_i64(),
        "a retried attack was charged again"
    );
    let info = api
        .get(&format!("/api/battles/{battle}"), &player.token)
        .await;
    let mine = info["participants"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["player_id"] == json!(player.id)))
        .cloned()
        .unwrap_or_else(|| panic!("not a participant: {info}"));
    assert_eq!(mine["attacks_count"], 1, "{mine}");
}
