//! Twenty players attacking one boss at once: HP ends at exactly 0, one defeat, one
//! completion, and the contributions add up to the HP taken.

use futures_util::future::join_all;
use reqwest::StatusCode;

use crate::helpers::{Stack, spawn};

#[tokio::test]
async fn twenty_players_attacking_one_boss_defeat_it_exactly_once() {
    let app = spawn().await;
    let id = app.raid().await;
    let hp = 700;
    app.set_enemies(id, hp, 0).await;
    let players: Vec<_> = (0..20).map(|_| app.user()).collect();
    for p in &players {
        let joined = app.join(p, id).await;
        // A raid costs 20 stamina to join.
        assert_eq!(joined["stamina_remaining"], 80);
    }
    let boss = app.info(&players[0], id).await["enemies"][0]["id"]
        .as_i64()
        .unwrap();

    // Each player fires up to 8 normal attacks (80 stamina), all at once.
    let attacks = players
        .iter()
        .flat_map(|p| (0..8).map(move |_| p))
        .map(|p| {
            let app = &app;
            async move { app.attack(p, id, boss, "normal").await.status() }
        });
    let statuses = join_all(attacks).await;
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::OK || *s == StatusCode::CONFLICT),
        "{statuses:?}"
    );

    let info = app.info(&players[0], id).await;
    assert_eq!(info["enemies"][0]["hp_current"], 0);
    assert_eq!(info["status"], "completed");
    let dealt: i64 = info["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["total_damage_dealt"].as_i64().unwrap())
        .sum();
    assert_eq!(dealt, hp);

    let events = app.events(id).await;
    let count = |kind: &str| events.iter().filter(|(k, _)| k == kind).count();
    assert_eq!(count("enemy_defeated"), 1);
    assert_eq!(count("battle_completed"), 1);
    assert_eq!(
        count("attack"),
        statuses.iter().filter(|s| **s == StatusCode::OK).count()
    );
    // 700 HP crosses 75%, 50% and 25% once each (concurrent attacks publish after their
    // commits, so two of them may reach the stream in either order).
    let mut phases: Vec<i64> = events
        .iter()
        .filter(|(k, _)| k == "boss_phase_change")
        .map(|(_, d)| d["new_phase"].as_i64().unwrap())
        .collect();
    phases.sort_unstable();
    assert_eq!(phases, vec![2, 3, 4]);

    // Refused attacks gave their stamina back: everyone's stamina is 80 - 10 x successes.
    for p in &players {
        let mine = info["participants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["player_id"] == serde_json::json!(p.id))
            .unwrap()["attacks_count"]
            .as_i64()
            .unwrap();
        let stamina = app.wallet(p).await["stamina"].as_i64().unwrap();
        assert_eq!(stamina, 80 - 10 * mine, "{}", Stack::json_text(&info));
    }
}
