//! The economy core: `/internal/transactions` atomicity, CHECK constraints, idempotent
//! replays, concurrency on one wallet, and retries after a connection dropped mid-flight.

use std::time::Duration;

use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Integer};
use diesel_async::{RunQueryDsl, SimpleAsyncConnection};
use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::{Value, json};
use testkit::conformance::assert_problem;
use tokio::io::AsyncWriteExt;
use uuid::Uuid;

use crate::helpers::{ledger_sum, no_usernames, spawn, spawn_with};

fn tx(user: Uuid, key: &str) -> Value {
    json!({ "idempotency_key": key, "user_id": user, "reason": "gacha_pull" })
}

#[tokio::test]
async fn a_transaction_applies_debits_credits_grants_and_consumes_with_a_ledger_row_each() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    inv.set_wallet(user, 1000, 300).await;
    let brick = inv.buy(user, "furniture_brick").await; // 10 gold

    let mut body = tx(user, "pull-1");
    body["debits"] = json!([{ "currency": "gems", "amount": 160 }]);
    body["credits"] = json!([{ "currency": "gold", "amount": 25 }]);
    body["grants"] = json!([{ "catalog_id": "blade_eclipse" }, { "catalog_id": "potion_stamina_sip", "quantity": 3 }, { "catalog_id": "egg_wolf" }]);
    body["consumes"] = json!([{ "item_id": brick }]);
    let res = inv.transaction(&body).await;
    assert_eq!(res.status(), StatusCode::OK);
    let answer: Value = res.json().await.unwrap();
    assert_eq!(answer["replayed"], false);
    assert_eq!(answer["balances"]["gems"], 140);
    assert_eq!(answer["balances"]["gold"], 1000 - 10 + 25);
    let granted = answer["granted"].as_array().unwrap();
    assert_eq!(granted.len(), 3);
    assert_eq!(granted[1]["quantity"], 3);
    assert_eq!(granted[2]["is_pet"], true);
    assert_eq!(answer["consumed"][0]["furniture_type"], "brick");
    assert_eq!(answer["consumed"][0]["remaining"], 0);

    let items = inv.get_json("/api/inventory/", user).await;
    let names: Vec<&str> = items["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["catalog_id"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"blade_eclipse") && names.contains(&"potion_stamina_sip"));
    assert!(!names.contains(&"furniture_brick"), "consumed to zero");
    let pets = inv.get_json("/api/pets/", user).await;
    assert_eq!(pets["pets"][0]["is_egg"], true);

    // The player's clients hear about it on their private topic.
    let mut events = Vec::new();
    for _ in 0..50 {
        events = inv
            .app
            .context
            .events
            .replay(&contracts::Topic::user(user), "0-0", 10)
            .await
            .unwrap();
        if events.len() == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let event: Value = serde_json::from_str(events.last().unwrap()).unwrap();
    assert_eq!(event["type"], "items_granted");
    assert_eq!(event["data"]["transaction_id"], answer["transaction_id"]);

    let ledger = inv.ledger(user).await;
    let this_tx: Vec<&Value> = ledger
        .iter()
        .filter(|r| r["transaction_id"] == answer["transaction_id"])
        .collect();
    // gems, gold, brick, blade, potion stack, egg.
    assert_eq!(this_tx.len(), 6);
    assert!(this_tx.iter().all(|r| r["reason"] == "gacha_pull"));
}

#[tokio::test]
async fn a_short_balance_answers_409_and_changes_nothing() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    inv.set_wallet(user, 100, 50).await;
    let mut body = tx(user, "pull-short");
    body["debits"] =
        json!([{ "currency": "gold", "amount": 10 }, { "currency": "gems", "amount": 160 }]);
    body["grants"] = json!([{ "catalog_id": "blade_eclipse" }]);
    let problem = assert_problem(
        inv.transaction(&body).await,
        StatusCode::CONFLICT,
        "insufficient_funds",
    )
    .await;
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("need 160, have 50")
    );
    let wallet = inv.wallet(user).await;
    assert_eq!(
        (wallet["gold"].as_i64(), wallet["gems"].as_i64()),
        (Some(100), Some(50))
    );
    assert!(
        inv.get_json("/api/inventory/", user).await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(inv.ledger(user).await.is_empty());
}

#[tokio::test]
async fn balances_cannot_go_negative_even_through_sql() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    inv.set_wallet(user, 5, 0).await;
    let mut conn = inv.db().await;
    for column in ["gold", "gems", "stamina"] {
        let err = conn
            .batch_execute(&format!(
                "UPDATE players SET {column} = -1 WHERE user_id = '{user}'"
            ))
            .await
            .unwrap_err();
        assert!(err.to_string().contains("non_negative"), "{column}: {err}");
    }
    let err = conn.batch_execute("UPDATE items SET quantity = -1").await;
    assert!(err.is_ok(), "no items yet, nothing to violate");
}

#[tokio::test]
async fn a_replayed_key_returns_the_first_answer_and_changes_nothing() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    inv.set_wallet(user, 1000, 500).await;
    let mut body = tx(user, "pull-replay");
    body["debits"] = json!([{ "currency": "gems", "amount": 160 }]);
    body["grants"] = json!([{ "catalog_id": "egg_fox" }]);
    let first: Value = inv.transaction(&body).await.json().await.unwrap();
    for _ in 0..3 {
        let again = inv.transaction(&body).await;
        assert_eq!(again.status(), StatusCode::OK);
        let mut again: Value = again.json().await.unwrap();
        assert_eq!(again["replayed"], true);
        again["replayed"] = json!(false);
        assert_eq!(again, first);
    }
    assert_eq!(inv.wallet(user).await["gems"], 340);
    assert_eq!(
        inv.get_json("/api/pets/", user).await["pets"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(ledger_sum(&inv.ledger(user).await, "gems"), -160);

    // The same key for a different request is refused, not silently replayed.
    body["debits"][0]["amount"] = json!(1);
    assert_problem(
        inv.transaction(&body).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
    )
    .await;
}

#[tokio::test]
async fn idempotency_keys_are_scoped_to_the_calling_service() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    inv.set_wallet(user, 1000, 0).await;
    let mut body = tx(user, "shared-key");
    body["debits"] = json!([{ "currency": "gold", "amount": 100 }]);
    assert_eq!(inv.transaction(&body).await.status(), StatusCode::OK);
    let battle =
        common::auth::ServiceTokens::new("battle", &inv.app.context.settings.internal_token_secret);
    let res = inv
        .http
        .post(inv.url("/internal/transactions"))
        .bearer_auth(battle.sign().unwrap())
        .json(&body)
        .send()
        .await
        .unwrap();
    let answer: Value = res.json().await.unwrap();
    assert_eq!(answer["replayed"], false);
    assert_eq!(inv.wallet(user).await["gold"], 800);
}

#[tokio::test]
async fn internal_endpoints_need_a_service_token() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    let body = tx(user, "k");
    let res = inv
        .http
        .post(inv.url("/internal/transactions"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::UNAUTHORIZED, "missing_service_token").await;
    let res = inv
        .http
        .post(inv.url("/internal/transactions"))
        .bearer_auth(inv.token(user))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::UNAUTHORIZED, "invalid_service_token").await;
}

#[tokio::test]
async fn malformed_and_out_of_range_transactions_answer_4xx_problems() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    let mut zero = tx(user, "k1");
    zero["debits"] = json!([{ "currency": "gold", "amount": 0 }]);
    assert_problem(
        inv.transaction(&zero).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let mut negative = tx(user, "k2");
    negative["credits"] = json!([{ "currency": "gems", "amount": -5 }]);
    assert_problem(
        inv.transaction(&negative).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let mut bad_currency = tx(user, "k3");
    bad_currency["debits"] = json!([{ "currency": "diamonds", "amount": 5 }]);
    assert_problem(
        inv.transaction(&bad_currency).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_body",
    )
    .await;
    let empty_key = tx(user, "");
    assert_problem(
        inv.transaction(&empty_key).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let mut unknown = tx(user, "k4");
    unknown["grants"] = json!([{ "catalog_id": "no_such_item" }]);
    assert_problem(
        inv.transaction(&unknown).await,
        StatusCode::NOT_FOUND,
        "item_not_found",
    )
    .await;
    let res = inv
        .http
        .post(inv.url("/internal/transactions"))
        .bearer_auth(inv.service_token())
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::BAD_REQUEST, "malformed_json").await;
}

#[tokio::test]
async fn consuming_another_players_item_is_404_and_too_many_is_409() {
    let inv = spawn().await;
    let (alice, bob) = (Uuid::new_v4(), Uuid::new_v4());
    let chair = inv.buy(alice, "furniture_chair").await;
    let mut body = tx(bob, "place-1");
    body["consumes"] = json!([{ "item_id": chair }]);
    assert_problem(
        inv.transaction(&body).await,
        StatusCode::NOT_FOUND,
        "item_not_found",
    )
    .await;
    let mut body = tx(alice, "place-2");
    body["consumes"] = json!([{ "item_id": chair, "quantity": 2 }]);
    assert_problem(
        inv.transaction(&body).await,
        StatusCode::CONFLICT,
        "insufficient_quantity",
    )
    .await;
    let mut body = tx(alice, "place-3");
    body["reason"] = json!("place_object");
    body["consumes"] = json!([{ "item_id": chair }]);
    let answer: Value = inv.transaction(&body).await.json().await.unwrap();
    assert_eq!(answer["consumed"][0]["furniture_type"], "chair");
}

#[tokio::test]
async fn of_200_concurrent_purchases_from_a_wallet_for_50_exactly_50_succeed() {
    // 200 requests at once keep a debug build's workers busy with token checks; eight
    // workers share the burst, the Redis pool is opened before it, and pool waits are long
    // enough for the whole burst.
    let inv = spawn_with(no_usernames(), |s| {
        s.redis.pool_size = 8;
        s.http.workers = 8;
        s.redis.timeout = Duration::from_secs(20);
        if let Some(db) = s.database.as_mut() {
            db.acquire_timeout = Duration::from_secs(20);
        }
    })
    .await;
    let started = std::time::Instant::now();
    let user = Uuid::new_v4();
    // A brick costs 10 gold: 500 gold buys exactly 50.
    inv.set_wallet(user, 500, 0).await;
    join_all((0..16).map(|_| inv.wallet(user))).await;
    let brick = json!({ "item_id": "furniture_brick" });
    let token = inv.token(user);
    // Each purchase carries its own idempotency key and, like a real client, retries a 503
    // with it (a starved debug-build worker can fail the token's Redis revocation check):
    // with the key a retry can never buy twice.
    let requests = (0..200).map(|i| {
        let (inv, token, brick) = (&inv, &token, &brick);
        async move {
            for _ in 0..10 {
                let res = inv
                    .http
                    .post(inv.url("/api/shop/purchase"))
                    .bearer_auth(token)
                    .header("Idempotency-Key", format!("burst-{i}"))
                    .json(brick)
                    .send()
                    .await
                    .unwrap();
                if res.status() != StatusCode::SERVICE_UNAVAILABLE {
                    return res.status();
                }
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
            StatusCode::SERVICE_UNAVAILABLE
        }
    });
    let statuses: Vec<StatusCode> = join_all(requests).await;
    eprintln!("200 purchases answered in {:?}", started.elapsed());
    let ok = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::CONFLICT)
        .count();
    assert_eq!((ok, refused), (50, 150), "{statuses:?}");
    assert_eq!(inv.wallet(user).await["gold"], 0);
    let ledger = inv.ledger(user).await;
    assert_eq!(ledger_sum(&ledger, "gold"), -500);
    assert_eq!(ledger_sum(&ledger, "item:furniture_brick"), 50);
    let items = inv.get_json("/api/inventory/", user).await;
    assert_eq!(items["items"][0]["quantity"], 50);
    let history = inv.get_json("/api/shop/history?limit=100", user).await;
    assert_eq!(history.as_array().unwrap().len(), 50);
}

#[tokio::test]
async fn concurrent_replays_of_one_key_apply_once() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    inv.set_wallet(user, 1000, 0).await;
    let mut body = tx(user, "burst");
    body["debits"] = json!([{ "currency": "gold", "amount": 7 }]);
    let answers: Vec<Value> = join_all(
        (0..30).map(|_| async { inv.transaction(&body).await.json::<Value>().await.unwrap() }),
    )
    .await;
    let ids: std::collections::HashSet<String> = answers
        .iter()
        .map(|a| a["transaction_id"].to_string())
        .collect();
    assert_eq!(ids.len(), 1);
    assert_eq!(answers.iter().filter(|a| a["replayed"] == false).count(), 1);
    assert_eq!(inv.wallet(user).await["gold"], 993);
}

/// Holds the player's row lock from a test connection so a request blocks mid-transaction.
async fn hold_player_lock(
    inv: &crate::helpers::Inv,
    user: Uuid,
) -> diesel_async::AsyncPgConnection {
    let mut conn = inv.db().await;
    conn.batch_execute(&format!(
        "BEGIN; SELECT 1 FROM players WHERE user_id = '{user}' FOR UPDATE;"
    ))
    .await
    .unwrap();
    conn
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Waits until a connection of the service is blocked on a lock; returns its pid.
async fn blocked_backend(inv: &crate::helpers::Inv) -> i32 {
    #[derive(QueryableByName)]
    struct Pid {
        #[diesel(sql_type = Integer)]
        pid: i32,
    }
    let db = inv.app.db.as_ref().unwrap().name().to_owned();
    let mut conn = inv.db().await;
    for _ in 0..100 {
        let rows: Vec<Pid> = diesel::sql_query(
            "SELECT pid FROM pg_stat_activity WHERE datname = $1 \
             AND application_name = 'inventory' AND wait_event_type = 'Lock'",
        )
        .bind::<diesel::sql_types::Text, _>(&db)
        .load(&mut conn)
        .await
        .unwrap();
        if let Some(row) = rows.into_iter().next() {
            return row.pid;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no inventory backend waited on the lock");
}

#[tokio::test]
async fn a_purchase_retried_after_the_client_dropped_mid_transaction_doubles_nothing() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    inv.set_wallet(user, 1000, 0).await;
    let mut lock = hold_player_lock(&inv, user).await;

    // The client sends the purchase, the server blocks inside the transaction, and the client
    // gives up and closes the connection.
    let body = json!({ "item_id": "blade_tinker" }).to_string();
    let request = format!(
        "POST /api/shop/purchase HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {}\r\n\
         Idempotency-Key: drop-1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        inv.token(user),
        body.len()
    );
    let mut socket = tokio::net::TcpStream::connect(("127.0.0.1", inv.app.port))
        .await
        .unwrap();
    socket.write_all(request.as_bytes()).await.unwrap();
    blocked_backend(&inv).await;
    drop(socket);
    tokio::time::sleep(Duration::from_millis(100)).await;
    lock.batch_execute("COMMIT").await.unwrap();

    let retry = inv
        .post_keyed(
            "/api/shop/purchase",
            user,
            Some(&json!({ "item_id": "blade_tinker" })),
            Some("drop-1"),
        )
        .await;
    assert_eq!(retry.status(), StatusCode::OK);
    assert_eq!(retry.headers()["idempotent-replayed"], "true");
    let answer: Value = retry.json().await.unwrap();
    let wallet = inv.wallet(user).await;
    assert_eq!(wallet["gold"], 1000 - 120);
    assert_eq!(answer["gold_remaining"], wallet["gold"]);
    assert_eq!(ledger_sum(&inv.ledger(user).await, "gold"), -120);
    let items = inv.get_json("/api/inventory/", user).await;
    assert_eq!(items["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_transaction_whose_database_connection_died_mid_flight_applies_once_on_retry() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    inv.set_wallet(user, 1000, 400).await;
    let mut lock = hold_player_lock(&inv, user).await;
    let mut body = tx(user, "killed-1");
    body["debits"] = json!([{ "currency": "gems", "amount": 160 }]);
    let first = {
        let http = inv.http.clone();
        let url = inv.url("/internal/transactions");
        let token = inv.service_token();
        let body = body.clone();
        tokio::spawn(async move {
            http.post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap()
                .status()
        })
    };
    let pid = blocked_backend(&inv).await;
    let mut admin = inv.db().await;
    admin
        .batch_execute(&format!("SELECT pg_terminate_backend({pid})"))
        .await
        .unwrap();
    lock.batch_execute("COMMIT").await.unwrap();
    assert!(first.await.unwrap().is_server_error());

    let retry = inv.transaction(&body).await;
    assert_eq!(retry.status(), StatusCode::OK);
    assert_eq!(inv.wallet(user).await["gems"], 240);
    let count: Count = diesel::sql_query(
        "SELECT count(*) AS n FROM transactions WHERE idempotency_key = 'killed-1'",
    )
    .get_result(&mut admin)
    .await
    .unwrap();
    assert_eq!(count.n, 1);
    // And a further replay is a replay.
    let again: Value = inv.transaction(&body).await.json().await.unwrap();
    assert_eq!(again["replayed"], true);
    assert_eq!(inv.wallet(user).await["gems"], 240);
}

#[tokio::test]
async fn xp_grants_level_up_refill_stamina_and_replay_without_granting_twice() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    inv.get_json("/api/player/me", user).await;
    inv.sql(&format!(
        "UPDATE players SET stamina = 10 WHERE user_id = '{user}'"
    ))
    .await;
    let body = json!({ "idempotency_key": "battle-7-xp", "amount": 215, "source": "battle" });
    let path = format!("/internal/players/{user}/xp");
    let res: Value = inv.internal(&path, &body).await.json().await.unwrap();
    assert_eq!(res["old_level"], 1);
    assert_eq!(res["new_level"], 3);
    assert_eq!(res["stat_points_earned"], 6);
    assert_eq!(res["leveled_up"], true);
    let replay: Value = inv.internal(&path, &body).await.json().await.unwrap();
    assert_eq!(replay["replayed"], true);
    assert_eq!(replay["total_xp"], 215);
    let me = inv.get_json("/api/player/me", user).await;
    assert_eq!(
        (
            me["level"].as_i64(),
            me["exp"].as_i64(),
            me["exp_max"].as_i64()
        ),
        (Some(3), Some(0), Some(132))
    );
    assert_eq!(me["stamina"], 100);
    assert_eq!(me["unspent_stat_points"], 6);
    let bad = json!({ "idempotency_key": "x", "amount": 0 });
    assert_problem(
        inv.internal(&path, &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn xp_rides_in_a_transaction_with_gold_and_replays_without_granting_twice() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    let gold_before = inv.wallet(user).await["gold"].as_i64().unwrap();
    let body = json!({
        "idempotency_key": "battle:loot:42",
        "user_id": user,
        "reason": "battle_loot",
        "credits": [{ "currency": "gold", "amount": 120 }],
        "xp": 215,
    });
    let res: Value = inv.transaction(&body).await.json().await.unwrap();
    assert_eq!(res["outcome"]["old_level"], 1);
    assert_eq!(res["outcome"]["new_level"], 3);
    assert_eq!(res["outcome"]["xp_gained"], 215);
    let replay: Value = inv.transaction(&body).await.json().await.unwrap();
    assert_eq!(replay["replayed"], true);
    assert_eq!(replay["outcome"]["new_level"], 3);
    let me = inv.get_json("/api/player/me", user).await;
    assert_eq!(me["level"], 3);
    assert_eq!(
        inv.wallet(user).await["gold"].as_i64().unwrap() - gold_before,
        120
    );
    for bad in [0, -5, 1_000_001] {
        let body = json!({ "idempotency_key": format!("bad-{bad}"), "user_id": user,
            "reason": "battle_loot", "xp": bad });
        let res = inv.transaction(&body).await;
        assert!(res.status().is_client_error(), "{bad}: {}", res.status());
    }
    assert_eq!(inv.get_json("/api/player/me", user).await["level"], 3);
}

#[tokio::test]
async fn combat_stats_sum_base_attack_set_pets_and_boosts() {
    let inv = spawn().await;
    let user = Uuid::new_v4();
    inv.set_wallet(user, 10_000, 0).await;
    let blade = inv.buy(user, "blade_tinker").await;
    inv.post_ok(
        "/api/inventory/equip",
        user,
        Some(&json!({ "item_id": blade, "set_type": "attack", "slot": "weapon" })),
    )
    .await;
    let egg = inv.buy(user, "egg_wolf").await;
    inv.post_ok(
        "/api/pets/hatch",
        user,
        Some(&json!({ "pet_id": egg, "name": "Rex" })),
    )
    .await;
    inv.post_ok(
        "/api/pets/equip",
        user,
        Some(&json!({ "pet_id": egg, "set_type": "attack", "slot": 1 })),
    )
    .await;
    let brew = inv.buy(user, "potion_fury_brew").await;
    inv.post_ok(&format!("/api/inventory/use-potion/{brew}"), user, None)
        .await;

    let res = inv
        .http
        .get(inv.url(&format!("/internal/players/{user}/combat-stats")))
        .bearer_auth(inv.service_token())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let stats: Value = res.json().await.unwrap();
    let blade_attack = inv.get_json(&format!("/api/inventory/{blade}"), user).await["attack_bonus"]
        .as_i64()
        .unwrap();
    assert_eq!(stats["base"]["attack"], 10);
    assert_eq!(stats["equipment"]["attack"], blade_attack);
    assert_eq!(stats["pets"]["attack"], 8, "a balanced pet gives 8 attack");
    assert_eq!(stats["attack_multiplier"], 1.1);
    let expected = ((10 + blade_attack + 8) as f64 * 1.1) as i64;
    assert_eq!(stats["total"]["attack"], expected);
    assert_eq!(stats["active_buffs"], json!(["attack_boost"]));
}
