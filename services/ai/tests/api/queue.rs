//! The Redis Streams queue: a worker that dies mid-job, retries, the dead-letter stream and
//! completing once.

use std::time::Duration;

use ai::app::runner;
use ai::db::queries;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{eventually, replica, settings, spawn_with, with_models};

#[tokio::test]
async fn a_job_held_by_a_dead_worker_is_reclaimed_by_another_replica_and_finished_once() {
    let mut s = settings();
    s.workers = 0;
    let app = spawn_with(s.clone(), false).await;
    let user = Uuid::new_v4();
    let job = app
        .create(
            user,
            json!({"job_type": "character_bio", "parameters": {"name": "Oda"}}),
        )
        .await;
    let id: Uuid = job["job_id"].as_str().unwrap().parse().unwrap();

    // A worker takes the entry, claims the job, and dies before finishing.
    let state = app.state();
    let entries = state
        .queue
        .read("ghost", 1, Duration::from_millis(200))
        .await
        .unwrap();
    assert_eq!(entries.len(), 1);
    let held = runner::claim(&state, id, "ghost").await.unwrap().unwrap();
    assert_eq!(app.job(user, &id.to_string()).await["status"], "processing");

    // A replica with live workers re-claims it once the visibility timeout passed.
    s.workers = 2;
    let _other = replica(&app.ai, s).await;
    let done = app.wait_for(user, &id.to_string(), "completed").await;
    assert_eq!(done["attempts"], 2);

    // The ghost comes back to life and finishes its run: the job does not change again.
    runner::run(&state, "ghost", held).await.unwrap();
    let after = app.job(user, &id.to_string()).await;
    assert_eq!(after["result"], done["result"]);
    assert_eq!(after["updated_at"], done["updated_at"]);
    let events = app
        .events_once(user, &id.to_string(), "job_completed")
        .await;
    assert_eq!(
        events.iter().filter(|e| *e == "job_completed").count(),
        1,
        "{events:?}"
    );

    let mut conn = state.db.get().await.unwrap();
    let attempts = queries::attempts_of(&mut conn, id).await.unwrap();
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[0].worker, "ghost");
    assert_eq!(attempts[1].outcome.as_deref(), Some("completed"));
    assert_ne!(attempts[1].worker, "ghost");
}

#[tokio::test]
async fn a_job_that_keeps_failing_is_retried_with_backoff_then_dead_lettered_and_failed() {
    let provider = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .respond_with(wiremock::ResponseTemplate::new(500))
        .expect(3)
        .mount(&provider)
        .await;
    let mut s = with_models(&format!(
        r#"[{{"id":"flaky","job_types":["character_bio"],"provider":"openai","base_url":"{}/v1","model":"m","fallback":false}}]"#,
        provider.uri()
    ));
    s.max_attempts = 3;
    let app = spawn_with(s, false).await;
    let user = Uuid::new_v4();
    let job = app
        .create(
            user,
            json!({"job_type": "character_bio", "parameters": {"name": "Oda"}}),
        )
        .await;
    let id = job["job_id"].as_str().unwrap().to_owned();
    let failed = app.wait_for(user, &id, "failed").await;
    assert_eq!(failed["attempts"], 3);
    assert!(
        failed["error"].as_str().unwrap().contains("unavailable"),
        "{failed}"
    );
    assert_eq!(failed["result"], Value::Null);

    let state = app.state();
    let dead = state.queue.dead_letter_key().to_owned();
    let entries: Vec<(String, Vec<(String, String)>)> = eventually(Duration::from_secs(5), || {
        let state = state.clone();
        let dead = dead.clone();
        async move {
            let mut conn = state.redis.conn().await.unwrap();
            let entries: Vec<(String, Vec<(String, String)>)> = redis::cmd("XRANGE")
                .arg(&dead)
                .arg("-")
                .arg("+")
                .query_async(&mut conn)
                .await
                .unwrap();
            (!entries.is_empty()).then_some(entries)
        }
    })
    .await;
    assert_eq!(entries.len(), 1);
    assert!(entries[0].1.contains(&("job".to_owned(), id.clone())));
    let events = eventually(Duration::from_secs(5), || async {
        let events = app.events(user, &id).await;
        events.contains(&"job_failed".to_owned()).then_some(events)
    })
    .await;
    assert_eq!(
        events,
        ["job_progress", "job_progress", "job_progress", "job_failed"]
    );

    let mut conn = state.db.get().await.unwrap();
    let attempts = queries::attempts_of(&mut conn, id.parse().unwrap())
        .await
        .unwrap();
    let outcomes: Vec<_> = attempts
        .iter()
        .map(|a| a.outcome.clone().unwrap())
        .collect();
    assert_eq!(outcomes, ["retry", "retry", "failed"]);
    // Backoff: each retry started no sooner than its delay after the previous run ended.
    for pair in attempts.windows(2) {
        let gap = pair[1].started_at - pair[0].finished_at.unwrap();
        assert!(gap >= chrono::Duration::milliseconds(45), "{gap:?}");
    }
}

#[tokio::test]
async fn a_job_whose_stream_was_lost_is_queued_again_from_its_outbox_time() {
    let mut s = settings();
    s.workers = 0;
    let app = spawn_with(s.clone(), false).await;
    let user = Uuid::new_v4();
    let job = app.create(user, json!({"job_type": "question_set"})).await;
    let id = job["job_id"].as_str().unwrap().to_owned();

    // Redis loses the stream and its group (a restart without persistence, a flush).
    let state = app.state();
    let mut conn = state.redis.conn().await.unwrap();
    let removed: i64 = redis::cmd("DEL")
        .arg(state.queue.stream_key())
        .query_async(&mut conn)
        .await
        .unwrap();
    assert_eq!(removed, 1);

    s.workers = 1;
    let _other = replica(&app.ai, s).await;
    let done = app.wait_for(user, &id, "completed").await;
    assert_eq!(done["attempts"], 1);
}

#[tokio::test]
async fn a_job_whose_worker_died_after_its_entry_was_acknowledged_is_recovered_by_the_sweeper() {
    let mut s = settings();
    s.workers = 0;
    let app = spawn_with(s.clone(), false).await;
    let user = Uuid::new_v4();
    let job = app.create(user, json!({"job_type": "question_set"})).await;
    let id: Uuid = job["job_id"].as_str().unwrap().parse().unwrap();
    let state = app.state();
    let entries = state
        .queue
        .read("ghost", 1, Duration::from_millis(200))
        .await
        .unwrap();
    runner::claim(&state, id, "ghost").await.unwrap().unwrap();
    // The entry is gone while the job is still held: no XAUTOCLAIM can find it.
    state.queue.ack(&entries[0].id).await.unwrap();

    s.workers = 1;
    let _other = replica(&app.ai, s).await;
    let done = app.wait_for(user, &id.to_string(), "completed").await;
    assert_eq!(done["attempts"], 2);
}
