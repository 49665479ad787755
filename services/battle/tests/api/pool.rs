//! The pool keeper: three waiting standard battles and one raid, however many replicas run.

use std::time::Duration;

use diesel::QueryableByName;
use diesel::sql_types::BigInt;
use diesel_async::RunQueryDsl;
use reqwest::StatusCode;
use testkit::spawn_app_with;

use crate::helpers::{Stack, settings, spawn_with};

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[tokio::test]
async fn the_pool_keeps_three_battles_and_one_raid_even_with_two_replicas() {
    let pooled = battle::BattleSettings {
        pool_standard: 3,
        pool_raids: 1,
        pool_interval: Duration::from_millis(30),
        ..settings()
    };
    let app = spawn_with(pooled.clone()).await;
    let db_url = app.battle.db.as_ref().unwrap().url().to_owned();
    let prefix = app.battle.context.settings.redis.prefix.clone();
    let jwks = app.battle.context.settings.jwt.jwks_url.clone();
    let peers = app.battle.context.settings.peers.clone();
    let _replica = spawn_app_with(battle::service(Some(pooled)), move |s| {
        s.redis.prefix = prefix;
        s.jwt.jwks_url = jwks;
        s.peers = peers;
        if let Some(db) = s.database.as_mut() {
            db.url = db_url.into();
        }
    })
    .await;
    let player = app.user();
    let standard = testkit::eventually(Duration::from_secs(10), || async {
        let list = Stack::json(
            app.get(&player, "/api/battles/available").await,
            StatusCode::OK,
        )
        .await;
        (list.as_array().unwrap().len() == 3).then_some(list)
    })
    .await;
    let mut difficulties: Vec<&str> = standard
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["difficulty"].as_str().unwrap())
        .collect();
    difficulties.sort_unstable();
    assert!(difficulties.contains(&"easy") && difficulties.contains(&"medium"));
    let raids = Stack::json(
        app.get(&player, "/api/battles/boss-raids/available").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(raids.as_array().unwrap().len(), 1);
    assert_eq!(raids[0]["required_level"], 10);
    assert_eq!(raids[0]["battle_type"], "boss_raid");

    // A join takes a battle out of the pool; the keepers replace it, never more.
    let first = standard[0]["id"].as_i64().unwrap();
    app.join(&player, first).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    let mut conn = app.battle.db.as_ref().unwrap().conn().await;
    let waiting: Count = diesel::sql_query(
        "SELECT count(*) AS n FROM battles WHERE status = 'waiting' AND from_pool",
    )
    .get_result(&mut conn)
    .await
    .unwrap();
    assert_eq!(waiting.n, 4);
}
