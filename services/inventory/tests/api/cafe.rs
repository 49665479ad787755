//! `/api/v1/inventory/`: the cafe seed's "add to inventory" is a furniture purchase paid in
//! gold through the economy core (ledgered, idempotent), and the list shows furniture only.

use reqwest::StatusCode;
use serde_json::{Value, json};
use testkit::conformance::assert_problem;
use uuid::Uuid;

use crate::helpers::{ledger_sum, spawn};

const PATH: &str = "/api/v1/inventory/";

#[tokio::test]
async fn buying_a_chair_costs_its_gold_price_and_stacks_in_the_cafe_list() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    // Equipment and potions of its own, which the cafe list leaves out.
    inv.post_ok("/api/inventory/starter-items", user, None)
        .await;
    inv.set_wallet(user, 100, 0).await;
    let body = json!({ "type": "chair", "quantity": 1, "metadata": null });
    let first = inv.post_ok(PATH, user, Some(&body)).await;
    assert_eq!(first["type"], "chair");
    assert_eq!(first["quantity"], 1);
    assert_eq!(first["cost_gold"], 40);
    assert_eq!(first["gold_remaining"], 60);
    let second = inv.post_ok(PATH, user, Some(&body)).await;
    assert_eq!(second["id"], first["id"], "furniture of one type stacks");
    assert_eq!(second["quantity"], 2);
    assert_eq!(inv.wallet(user).await["gold"], 20);

    // The cafe list shows furniture only, in the seed's shape.
    let list: Vec<Value> = inv.get(PATH, user).await.json().await.unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["id"], first["id"]);
    assert_eq!(list[0]["type"], "chair");
    assert_eq!(list[0]["quantity"], 2);
    assert_eq!(list[0]["user_id"], user.to_string());

    // Every change is in the caller's ledger under the purchase's transaction.
    let ledger = inv.ledger(user).await;
    assert_eq!(ledger_sum(&ledger, "gold"), -80);
    assert_eq!(ledger_sum(&ledger, "item:furniture_chair"), 2);
    assert!(ledger.iter().any(|r| {
        r["transaction_id"] == first["transaction_id"]
            && r["asset"] == "gold"
            && r["reason"]
                .as_str()
                .unwrap()
                .contains("cafe_furniture_purchase")
    }));
}

#[tokio::test]
async fn buying_without_enough_gold_is_409_with_a_detail_and_changes_nothing() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    inv.set_wallet(user, 0, 500).await;
    let res = inv
        .post(PATH, user, Some(&json!({ "type": "chair", "quantity": 1 })))
        .await;
    let problem = assert_problem(res, StatusCode::CONFLICT, "insufficient_funds").await;
    assert!(problem["detail"].as_str().unwrap().len() > 5, "{problem}");
    // Gems are never taken for furniture.
    assert_eq!(inv.wallet(user).await["gems"], 500);
    inv.set_wallet(user, 100, 0).await;
    let res = inv
        .post(PATH, user, Some(&json!({ "type": "tool", "quantity": 1 })))
        .await;
    assert_problem(res, StatusCode::CONFLICT, "insufficient_funds").await;
    let list: Vec<Value> = inv.get(PATH, user).await.json().await.unwrap();
    assert!(list.is_empty());
    assert_eq!(inv.wallet(user).await["gold"], 100);
    assert_eq!(ledger_sum(&inv.ledger(user).await, "gold"), 0);
}

#[tokio::test]
async fn an_idempotency_key_replays_the_purchase_and_charges_once() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    inv.set_wallet(user, 1000, 0).await;
    let body = json!({ "type": "table", "quantity": 2 });
    let first = inv
        .post_keyed(PATH, user, Some(&body), Some("buy-tables-1"))
        .await;
    assert_eq!(first.status(), StatusCode::OK);
    let first: Value = first.json().await.unwrap();
    let again = inv
        .post_keyed(PATH, user, Some(&body), Some("buy-tables-1"))
        .await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let again: Value = again.json().await.unwrap();
    assert_eq!(again, first);
    assert_eq!(inv.wallet(user).await["gold"], 1000 - 160);
    let list: Vec<Value> = inv.get(PATH, user).await.json().await.unwrap();
    assert_eq!(list[0]["quantity"], 2);
    // The same key for another purchase is refused.
    let other = json!({ "type": "chair", "quantity": 1 });
    let res = inv
        .post_keyed(PATH, user, Some(&other), Some("buy-tables-1"))
        .await;
    assert_problem(
        res,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
    )
    .await;
}

#[tokio::test]
async fn concurrent_purchases_never_overspend() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    inv.set_wallet(user, 100, 0).await;
    let body = json!({ "type": "chair" });
    let answers =
        futures_util::future::join_all((0..5).map(|_| inv.post(PATH, user, Some(&body)))).await;
    let ok = answers
        .iter()
        .filter(|r| r.status() == StatusCode::OK)
        .count();
    assert_eq!(ok, 2, "40 gold each from 100");
    assert_eq!(inv.wallet(user).await["gold"], 20);
}

#[tokio::test]
async fn bad_purchases_are_refused_with_problems() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    for body in [
        json!({ "type": "sofa", "quantity": 1 }),
        json!({ "type": "chair", "quantity": 0 }),
        json!({ "type": "chair", "quantity": 100 }),
        json!({ "type": "chair", "metadata": { "note": "x".repeat(5000) } }),
    ] {
        let res = inv.post(PATH, user, Some(&body)).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
    let res = inv.post(PATH, user, Some(&json!({ "quantity": 1 }))).await;
    assert!(res.status().is_client_error());
    // A furniture type the shop stopped selling.
    inv.sql("UPDATE catalog_items SET in_shop = false WHERE id = 'furniture_chair'")
        .await;
    let res = inv
        .post(PATH, user, Some(&json!({ "type": "chair" })))
        .await;
    assert_problem(res, StatusCode::NOT_FOUND, "item_not_found").await;
    let anonymous = inv.app.get(PATH).await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}
