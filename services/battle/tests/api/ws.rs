//! The web game's `/ws/battle/{id}` dialect end to end through a real gateway: the seed's
//! greeting (logs, `connected`, `player_joined`), a forged `damage` ignored, chat, refusals and
//! `player_left`.

use std::time::Duration;

use common::ServiceName;
use serde_json::json;
use testkit::ws::{connect, expect, next_close, send, until};
use testkit::{TestApp, spawn_app_with};

use crate::helpers::spawn;

async fn gateway(battle: &TestApp, inventory: &TestApp) -> TestApp {
    let prefix = battle.context.settings.redis.prefix.clone();
    let jwks = battle.context.settings.jwt.jwks_url.clone();
    let battle_url = url::Url::parse(&battle.address).unwrap();
    let inv_url = url::Url::parse(&inventory.address).unwrap();
    let settings =
        gateway::settings::GatewaySettings::load(&common::settings::env_map(&[])).unwrap();
    spawn_app_with(gateway::service(Some(settings)), move |s| {
        s.redis.prefix = prefix;
        s.jwt.jwks_url = jwks;
        s.peers[ServiceName::Battle.index()] = battle_url;
        s.peers[ServiceName::Inventory.index()] = inv_url;
    })
    .await
}

#[tokio::test]
async fn the_battle_socket_greets_relays_server_attacks_and_chat_and_says_goodbye() {
    let app = spawn().await;
    let gw = gateway(&app.battle, &app.inventory).await;
    let id = app.standard_battle().await;
    app.set_enemies(id, 100_000, 1).await;
    let (a, b, outsider) = (app.user(), app.user(), app.user());
    app.join(&a, id).await;
    app.join(&b, id).await;
    let enemy = app.info(&a, id).await["enemies"][0]["id"].as_i64().unwrap();
    let path = format!("/ws/battle/{id}");

    // Past logs first (oldest first), then `connected`, then everyone's `player_joined`.
    let mut sa = connect(&gw, &path, &a.token).await;
    let first = expect(&mut sa, "type", "join").await;
    assert_eq!(first["battle_id"], id);
    expect(&mut sa, "type", "join").await;
    let connected = expect(&mut sa, "type", "connected").await;
    assert_eq!(connected["message"], format!("Connected to battle {id}"));
    assert_eq!(connected["player_count"], 1);
    let joined = expect(&mut sa, "type", "player_joined").await;
    assert_eq!(joined["player_count"], 1);

    let mut sb = connect(&gw, &path, &b.token).await;
    let connected = until(&mut sb, "type", "connected").await;
    assert_eq!(connected["player_count"], 2);
    let seen = expect(&mut sa, "type", "player_joined").await;
    assert_eq!(seen["player_count"], 2);
    assert_eq!(seen["players"].as_array().unwrap().len(), 2);

    // A forged damage is ignored: the server rolls it (base attack 10, defense 0).
    send(
        &mut sa,
        json!({ "type": "attack", "damage": 99_999, "enemy_id": enemy, "timestamp": 1 }),
    )
    .await;
    for socket in [&mut sa, &mut sb] {
        let hit = until(socket, "type", "attack").await;
        let dmg = hit["damage"].as_i64().unwrap();
        assert!((9..=22).contains(&dmg), "{hit}");
        assert_eq!(hit["enemy_hp_remaining"], 100_000 - dmg);
        assert!(hit["username"].is_string());
    }
    let hp = app.info(&a, id).await["enemies"][0]["hp_current"]
        .as_i64()
        .unwrap();
    assert!(hp > 99_970);

    send(&mut sb, json!({ "type": "chat", "message": "hello" })).await;
    let chat = until(&mut sa, "type", "chat").await;
    assert_eq!(chat["message"], "hello");
    send(&mut sb, json!({ "type": "attack", "enemy_id": 999_999 })).await;
    let refused = until(&mut sb, "type", "error").await;
    assert_eq!(refused["message"], "Enemy not found");

    // Someone who never joined is refused and closed.
    let mut sc = connect(&gw, &path, &outsider.token).await;
    let refused = expect(&mut sc, "type", "error").await;
    assert_eq!(refused["code"], "not_in_battle");
    assert_eq!(u16::from(next_close(&mut sc).await.unwrap().code), 1008);

    drop(sb);
    let left = until(&mut sa, "type", "player_left").await;
    assert_eq!(left["player_count"], 1);
    tokio::time::sleep(Duration::from_millis(50)).await;
}
