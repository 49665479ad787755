//! API6:2023 Unrestricted Access to Sensitive Business Flows: the flows worth automating
//! (claiming starter items, pulling, buying, answering and voting) done faster than a human,
//! all at once, are each bounded: one claim, pulls and purchases never past the wallet, an
//! `Idempotency-Key` replayed charges once, and a round takes one answer per player.

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
