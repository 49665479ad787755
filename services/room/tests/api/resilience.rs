//! Dependencies failing: Redis lost (503 problems, then the member sets are rebuilt from
//! PostgreSQL) and inventory unreachable (503, nothing placed, the key reusable).

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;
use testkit::{RedisProcess, spawn_app_with};
use uuid::Uuid;

use crate::helpers::{Stack, settings};

#[tokio::test]
async fn a_lost_redis_gives_503_then_the_member_sets_are_rebuilt() {
    let mut server = RedisProcess::start().await;
    let url = server.url();
    let room = spawn_app_with(room::service(Some(settings())), |s| {
        s.redis.url = url.clone().into();
        s.redis.timeout = Duration::from_millis(500);
    })
    .await;
    let app = Stack {
        room,
        inventory: None,
        http: reqwest::Client::new(),
    };
    let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
    let created = app.create(a, json!({ "kind": "coop" })).await;
    let code = created["code"].as_str().unwrap().to_owned();
    app.join(b, &code).await;

    server.stop();
    let res = app.get(&format!("/api/rooms/{code}"), a).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/problem+json")
    );

    // A fresh, empty Redis: the sweeper writes the sets back from PostgreSQL.
    server.restart().await;
    let mut expected = vec![a.to_string(), b.to_string()];
    expected.sort();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let members = async {
            let client = redis::Client::open(server.url()).ok()?;
            let mut conn = client.get_multiplexed_async_connection().await.ok()?;
            let topic = contracts::Topic::room(&code).ok()?;
            let key = app
                .room
                .context
                .redis
                .keys()
                .key(&contracts::events::members_key(&topic));
            let mut m: Vec<String> = redis::cmd("SMEMBERS")
                .arg(key)
                .query_async(&mut conn)
                .await
                .ok()?;
            m.sort();
            Some(m)
        }
        .await;
        if members.as_ref() == Some(&expected) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "member set not rebuilt: {members:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        app.get(&format!("/api/rooms/{code}"), a).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_unreachable_inventory_gives_503_and_places_nothing() {
    let room = spawn_app_with(room::service(Some(settings())), |s| {
        s.peers[common::ServiceName::Inventory.index()] =
            url::Url::parse("http://127.0.0.1:1").unwrap();
        s.http.internal_retries = 0;
    })
    .await;
    let app = Stack {
        room,
        inventory: None,
        http: reqwest::Client::new(),
    };
    let owner = Uuid::new_v4();
    let created = app.create(owner, json!({ "kind": "space" })).await;
    let code = created["code"].as_str().unwrap();
    let body = json!({ "inventory_item_id": Uuid::new_v4(), "x": 1, "y": 1 });
    let res = app
        .post(&format!("/api/rooms/{code}/objects"), owner, &body)
        .await;
    crate::helpers::assert_problem(
        res,
        StatusCode::SERVICE_UNAVAILABLE,
        "dependency_unavailable",
    )
    .await;
    let objects: serde_json::Value = app
        .get(&format!("/api/rooms/{code}/objects"), owner)
        .await
        .json()
        .await
        .unwrap();
    assert!(objects.as_array().unwrap().is_empty());
}
