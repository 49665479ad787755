//! Job endpoints with the offline generator: the seed's shape, results, validation,
//! ownership, listing, quotas, cancelling and idempotency.

use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{assert_problem, settings, spawn, spawn_with};

#[tokio::test]
async fn a_question_set_job_is_accepted_in_the_seed_shape_and_completed_with_an_event() {
    let app = spawn().await;
    let user = Uuid::new_v4();
    let began = std::time::Instant::now();
    let job = app
        .create(
            user,
            json!({"job_type": "question_set", "parameters": {"count": 7, "theme": "space"}}),
        )
        .await;
    for field in [
        "job_id",
        "job_type",
        "status",
        "created_at",
        "completed_at",
        "result",
    ] {
        assert!(job.get(field).is_some(), "missing {field}: {job}");
    }
    assert_eq!(job["job_type"], "question_set");
    assert_eq!(job["status"], "queued");
    assert_eq!(job["result"], Value::Null);
    assert_eq!(job["model"], "offline_text_v1");
    let id = job["job_id"].as_str().unwrap();

    let done = app.wait_for(user, id, "completed").await;
    // Straight from the stream, not through the sweeper's safety net (a visibility timeout).
    assert!(
        began.elapsed() < std::time::Duration::from_millis(1000),
        "{:?}",
        began.elapsed()
    );
    let questions = done["result"]["questions"].as_array().unwrap();
    assert_eq!(questions.len(), 7);
    assert!(done["completed_at"].is_string());
    assert_eq!(done["result"]["model_version"], "offline-1");
    assert_eq!(done["attempts"], 1);
    let events = app.events_once(user, id, "job_completed").await;
    assert_eq!(events, ["job_progress", "job_completed"]);
}

#[tokio::test]
async fn text_jobs_use_their_parameters() {
    let app = spawn().await;
    let user = Uuid::new_v4();
    let item = app
        .create(user, json!({"job_type": "item_description",
            "parameters": {"item_name": "Ember Fang", "item_type": "sword", "rarity": "legendary"}}))
        .await;
    let bio = app
        .create(
            user,
            json!({"job_type": "character_bio",
            "parameters": {"name": "Mira", "class": "ranger", "traits": ["headstrong", "kind"]}}),
        )
        .await;
    let item = app
        .wait_for(user, item["job_id"].as_str().unwrap(), "completed")
        .await;
    let text = item["result"]["text"].as_str().unwrap();
    assert!(
        text.contains("Ember Fang") && text.contains("legendary sword"),
        "{text}"
    );
    let bio = app
        .wait_for(user, bio["job_id"].as_str().unwrap(), "completed")
        .await;
    let text = bio["result"]["text"].as_str().unwrap();
    assert!(
        text.contains("Mira") && text.contains("headstrong and kind"),
        "{text}"
    );
}

#[tokio::test]
async fn a_character_art_job_produces_a_png_stored_in_the_asset_service() {
    let app = spawn().await;
    let user = Uuid::new_v4();
    let job = app
        .create(user, json!({"job_type": "character_art", "parameters": {"prompt": "a green goblin bard", "size": 64}}))
        .await;
    let id = job["job_id"].as_str().unwrap();
    let done = app.wait_for(user, id, "completed").await;
    let url = done["result"]["image_url"].as_str().unwrap();
    assert!(
        url.starts_with("http://cdn.test.invalid/cdn/"),
        "a CDN URL of the asset service: {url}"
    );
    assert_eq!(done["result"]["prompt_used"], "a green goblin bard");
    // The asset service serves the bytes at that URL (its public origin is fake).
    let cdn = reqwest::Url::parse(url).unwrap();
    let res = app
        .http
        .get(format!("{}{}", app.asset.address, cdn.path()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/png");
    let bytes = res.bytes().await.unwrap();
    assert_eq!(ai::domain::output::png_dimensions(&bytes), Some((64, 64)));
    // The asset is the player's and known to asset under the job's key.
    let asset_id = done["result"]["asset_id"].as_str().unwrap();
    let meta = app
        .asset
        .get_as(
            &app.asset.auth.token_for(user),
            &format!("/api/assets/{asset_id}"),
        )
        .await;
    assert_eq!(meta.status(), StatusCode::OK);

    // The old path answers with a redirect to the CDN URL.
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let old = no_redirects
        .get(format!("{}/api/ai/images/{id}.png", app.ai.address))
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(old.headers()["location"], url);

    let missing = app
        .ai
        .get(&format!("/api/ai/images/{}.png", Uuid::new_v4()))
        .await;
    assert_problem(missing, StatusCode::NOT_FOUND, "image_not_found").await;
    let garbage = app.ai.get("/api/ai/images/..%2Fetc.png").await;
    assert_eq!(garbage.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn unknown_types_bad_parameters_and_models_are_422_naming_the_field() {
    let app = spawn().await;
    let user = Uuid::new_v4();
    let cases = [
        (json!({"job_type": "song"}), "job_type"),
        (json!({"parameters": {}}), "job_type"),
        (
            json!({"job_type": "question_set", "parameters": {"count": 51}}),
            "parameters.count",
        ),
        (
            json!({"job_type": "character_art", "parameters": {}}),
            "parameters.prompt",
        ),
        (
            json!({"job_type": "character_art", "parameters": {"prompt": "x", "webhook": "http://x"}}),
            "parameters.webhook",
        ),
        (
            json!({"job_type": "character_bio", "parameters": {"name": "x".repeat(61)}}),
            "parameters.name",
        ),
        (
            json!({"job_type": "question_set", "model": "gpt-9"}),
            "model",
        ),
        (
            json!({"job_type": "question_set", "model": "offline_art_v1"}),
            "model",
        ),
    ];
    for (body, field) in cases {
        let res = app.post("/api/ai/jobs", user, &body).await;
        let problem =
            assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(problem["errors"][0]["field"], field, "{body} -> {problem}");
    }
    let list = app
        .get("/api/ai/jobs", user)
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(list["total"], 0, "nothing was created");
    let anonymous = app
        .http
        .post(app.ai.url("/api/ai/jobs"))
        .json(&json!({"job_type": "question_set"}))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn another_users_job_is_404_and_lists_are_per_user_filtered_and_paged() {
    let mut s = settings();
    s.workers = 0;
    s.max_in_flight = 50;
    let app = spawn_with(s, false).await;
    let (alice, bob) = (Uuid::new_v4(), Uuid::new_v4());
    let mut ids = Vec::new();
    for i in 0..5 {
        let job_type = if i % 2 == 0 {
            "question_set"
        } else {
            "character_bio"
        };
        let params = if i % 2 == 0 {
            json!({})
        } else {
            json!({"name": "N"})
        };
        let job = app
            .create(alice, json!({"job_type": job_type, "parameters": params}))
            .await;
        ids.push(job["job_id"].as_str().unwrap().to_owned());
    }
    let res = app.get(&format!("/api/ai/jobs/{}", ids[0]), bob).await;
    assert_problem(res, StatusCode::NOT_FOUND, "job_not_found").await;
    let res = app.delete(&format!("/api/ai/jobs/{}", ids[0]), bob).await;
    assert_problem(res, StatusCode::NOT_FOUND, "job_not_found").await;
    let res = app.get("/api/ai/jobs/not-a-uuid", alice).await;
    assert_problem(res, StatusCode::NOT_FOUND, "job_not_found").await;
    let bobs: Value = app.get("/api/ai/jobs", bob).await.json().await.unwrap();
    assert_eq!(bobs["total"], 0);

    let page: Value = app
        .get("/api/ai/jobs?job_type=question_set&status=queued", alice)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 3);
    assert!(
        page["jobs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|j| j["job_type"] == "question_set")
    );

    let mut seen = Vec::new();
    let mut path = "/api/ai/jobs?limit=2".to_owned();
    loop {
        let page: Value = app.get(&path, alice).await.json().await.unwrap();
        assert_eq!(page["total"], 5);
        seen.extend(
            page["jobs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|j| j["job_id"].as_str().unwrap().to_owned()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/api/ai/jobs?limit=2&cursor={c}"),
            None => break,
        }
    }
    ids.reverse();
    assert_eq!(seen, ids, "newest first, each once");

    for bad in ["status=done", "job_type=song", "cursor=zzz"] {
        let res = app.get(&format!("/api/ai/jobs?{bad}"), alice).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    for bad in ["limit=0", "limit=101"] {
        let res = app.get(&format!("/api/ai/jobs?{bad}"), alice).await;
        assert_problem(res, StatusCode::BAD_REQUEST, "invalid_query").await;
    }
}

#[tokio::test]
async fn a_queued_job_is_cancelled_once_and_never_runs() {
    let mut s = settings();
    s.workers = 0;
    let app = spawn_with(s, false).await;
    let user = Uuid::new_v4();
    let job = app.create(user, json!({"job_type": "question_set"})).await;
    let id = job["job_id"].as_str().unwrap();
    let res = app.delete(&format!("/api/ai/jobs/{id}"), user).await;
    assert_eq!(res.status(), StatusCode::OK);
    let cancelled: Value = res.json().await.unwrap();
    assert_eq!(cancelled["status"], "cancelled");
    assert!(cancelled["completed_at"].is_string());
    let again = app.delete(&format!("/api/ai/jobs/{id}"), user).await;
    assert_problem(again, StatusCode::CONFLICT, "job_not_cancellable").await;

    // A worker that still receives its stream entry drops it.
    let state = app.state();
    let entries = state
        .queue
        .read("late", 10, std::time::Duration::from_millis(100))
        .await
        .unwrap();
    assert_eq!(entries.len(), 1);
    ai::app::runner::handle(&state, "late", &entries[0])
        .await
        .unwrap();
    assert_eq!(app.job(user, id).await["status"], "cancelled");
    assert_eq!(app.events(user, id).await, ["job_cancelled"]);
}

#[tokio::test]
async fn a_repeated_idempotency_key_returns_the_same_job() {
    let app = spawn().await;
    let user = Uuid::new_v4();
    let send = || {
        app.http
            .post(app.ai.url("/api/ai/jobs"))
            .bearer_auth(app.token(user))
            .header("Idempotency-Key", "make-me-one")
            .json(&json!({"job_type": "question_set"}))
            .send()
    };
    let a: Value = send().await.unwrap().json().await.unwrap();
    let b: Value = send().await.unwrap().json().await.unwrap();
    assert_eq!(a["job_id"], b["job_id"]);
    let list: Value = app.get("/api/ai/jobs", user).await.json().await.unwrap();
    assert_eq!(list["total"], 1);
    let bad = app
        .http
        .post(app.ai.url("/api/ai/jobs"))
        .bearer_auth(app.token(user))
        .header("Idempotency-Key", "has space")
        .json(&json!({"job_type": "question_set"}))
        .send()
        .await
        .unwrap();
    assert_problem(bad, StatusCode::BAD_REQUEST, "invalid_idempotency_key").await;
}

#[tokio::test]
async fn the_model_catalogue_has_the_seed_fields() {
    let app = spawn().await;
    let res = app.ai.get("/api/ai/models").await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    let models = body["models"].as_array().unwrap();
    let art = models
        .iter()
        .find(|m| m["id"] == "character_art_v1")
        .unwrap();
    assert_eq!(art["cost"], 10);
    assert_eq!(art["type"], "image");
    assert!(art["name"].is_string());
    let desc = models.iter().find(|m| m["id"] == "description_v1").unwrap();
    assert_eq!(desc["cost"], 5);
    assert_eq!(desc["type"], "text");
    assert_eq!(body["total"], models.len());
}
