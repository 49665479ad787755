//! Background workers survive outages: after both of the AI service's links were down, its
//! queue consumers pick up and finish new jobs again, with no restart.

use std::time::{Duration, Instant};

use common::ServiceName;
use seed_clients::{Account, Stack};
use serde_json::{Value, json};
use testkit::faults::LinkMode;
use uuid::Uuid;

use crate::harness::stack_with_player;

/// A job must finish within this once the service is back (the offline model takes
/// milliseconds; consumers block on the queue for at most a second between reads).
const FINISH_BOUND: Duration = Duration::from_secs(20);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ai_consumers_finish_new_jobs_after_their_database_and_redis_come_back() {
    let (stack, player) = stack_with_player().await;
    job_completes(&stack, &player, Instant::now()).await;

    let links = &stack.links[&ServiceName::Ai];
    links.set_all(LinkMode::Refuse);
    tokio::time::sleep(Duration::from_secs(3)).await;
    links.set_all(LinkMode::Up);
    let back = Instant::now();
    job_completes(&stack, &player, back).await;
    println!(
        "a job created and completed {:?} after the outage",
        back.elapsed()
    );
}

/// Creates a job (retrying while the service refuses) and waits for it to complete, both
/// within [`FINISH_BOUND`] of `started`.
async fn job_completes(stack: &Stack, player: &Account, started: Instant) {
    let client = stack.browser();
    let id = loop {
        let res = client
            .post(stack.url("/api/ai/jobs"))
            .bearer_auth(&player.token)
            .header("Idempotency-Key", Uuid::new_v4().to_string())
            .json(&json!({ "job_type": "item_description",
                           "parameters": { "item_name": "Sword", "rarity": "rare" } }))
            .send()
            .await
            .unwrap();
        if res.status().is_success() {
            let job: Value = res.json().await.unwrap();
            break job["job_id"].as_str().unwrap().to_owned();
        }
        assert!(
            started.elapsed() < FINISH_BOUND,
            "job refused: {}",
            res.status()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let url = stack.url(&format!("/api/ai/jobs/{id}"));
    loop {
        let job: Value = client
            .get(&url)
            .bearer_auth(&player.token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if job["status"] == "completed" {
            return;
        }
        assert!(started.elapsed() < FINISH_BOUND, "job not completed: {job}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
