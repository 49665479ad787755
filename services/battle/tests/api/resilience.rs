//! Inventory unreachable in the middle of a claim: 503, then the retry pays exactly once.

use reqwest::StatusCode;
use serde_json::json;

use testkit::faults::LinkMode;

use crate::helpers::{Stack, settings, spawn_custom, spawn_settling};

#[tokio::test]
async fn a_claim_retried_after_inventory_was_down_pays_exactly_once() {
    let app = spawn_custom(settings(), |s| s.http.internal_retries = 0).await;
    let id = app.standard_battle().await;
    app.set_enemies(id, 1, 0).await;
    let player = app.user();
    app.join(&player, id).await;
    let info = app.info(&player, id).await;
    for enemy in info["enemies"].as_array().unwrap() {
        let enemy = enemy["id"].as_i64().unwrap();
        Stack::json(
            app.attack(&player, id, enemy, "quick").await,
            StatusCode::OK,
        )
        .await;
    }
    let gold_before = app.wallet(&player).await["gold"].as_i64().unwrap();

    app.forwarder.set(LinkMode::Refuse);
    let path = format!("/api/battles/{id}/claim-loot");
    let res = app.post(&player, &path, &json!({})).await;
    crate::helpers::assert_problem(
        res,
        StatusCode::SERVICE_UNAVAILABLE,
        "dependency_unavailable",
    )
    .await;
    app.forwarder.set(LinkMode::Up);

    let loot = Stack::json(app.post(&player, &path, &json!({})).await, StatusCode::OK).await;
    assert_eq!(loot["gold"], 120);
    let gold_after = app.wallet(&player).await["gold"].as_i64().unwrap();
    assert_eq!(gold_after - gold_before, 120);
    let again = app.post(&player, &path, &json!({})).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(
        app.wallet(&player).await["gold"].as_i64().unwrap(),
        gold_after
    );
}

#[tokio::test]
async fn stamina_debited_for_an_attack_whose_answer_was_lost_is_given_back_once() {
    let app = spawn_settling().await;
    // One good attack first, so the lost call is the debit.
    let (player, id, enemy) = app.warm_arena().await;
    let before = app.wallet(&player).await["stamina"].as_i64().unwrap();

    // Inventory takes the stamina; battle never hears back.
    app.forwarder.set(LinkMode::LoseAnswers);
    let res = app.attack(&player, id, enemy, "normal").await;
    assert!(res.status().is_server_error(), "{}", res.status());
    app.forwarder.set(LinkMode::Up);
    assert_eq!(
        app.wallet(&player).await["stamina"].as_i64().unwrap(),
        before - 10
    );

    // The reconciler replays the debit under its key (no second debit) and refunds it.
    testkit::eventually(std::time::Duration::from_secs(10), || async {
        let stamina = app.wallet(&player).await["stamina"].as_i64().unwrap();
        (stamina == before).then_some(())
    })
    .await;
    let left: i64 = {
        use diesel_async::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let mut conn = app.battle.db.as_ref().unwrap().conn().await;
        diesel::sql_query("SELECT count(*) AS n FROM battle_attacks")
            .get_result::<Count>(&mut conn)
            .await
            .unwrap()
            .n
    };
    assert_eq!(left, 0);
    // The hit was never applied: one attack counted, and later sweeps change nothing.
    let info = app.info(&player, id).await;
    assert_eq!(info["participants"][0]["attacks_count"], 1);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        app.wallet(&player).await["stamina"].as_i64().unwrap(),
        before
    );
}
