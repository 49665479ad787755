//! Banners, the odds disclosure, the admin routes and the audit.

use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::{assert_problem, spawn};

#[tokio::test]
async fn the_default_banners_are_seeded_and_the_seed_shapes_are_kept() {
    let app = spawn().await;
    let user = Uuid::new_v4();
    let banners = app.get_json("/api/gacha/banners", user).await;
    let mut types: Vec<&str> = banners
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["banner_type"].as_str().unwrap())
        .collect();
    types.sort();
    assert_eq!(types, ["character_event", "standard", "weapon_event"]);
    let banner = app.get_json("/api/gacha/banner", user).await;
    assert_eq!(banner["banner_type"], "character_event");
    for field in [
        "banner_id",
        "name",
        "start_date",
        "end_date",
        "featured_items",
    ] {
        assert!(banner.get(field).is_some(), "{field}");
    }
    let featured = &banner["featured_items"][0];
    assert_eq!(featured["rarity"], "5-star");
    assert_eq!(featured["type"], "character");
    assert!(featured["name"].as_str().is_some());
}

#[tokio::test]
async fn rates_disclose_base_consolidated_and_item_odds_and_the_callers_pity() {
    let app = spawn().await;
    let user = Uuid::new_v4();
    let rates = app.get_json("/api/gacha/rates", user).await;
    assert_eq!(
        rates["rates"],
        json!({"5-star": "0.6%", "4-star": "5.1%", "3-star": "94.3%"})
    );
    assert_eq!(rates["pity"]["threshold"], 90);
    assert_eq!(rates["pity"]["guaranteed_5_star"], true);
    assert_eq!(
        rates["pity"]["description"],
        "Guaranteed 5-star at 90 pulls"
    );
    let five = rates["consolidated"]["five"].as_f64().unwrap();
    assert!((five - 0.016).abs() < 0.001, "{five}");
    let four = rates["consolidated"]["four"].as_f64().unwrap();
    assert!((four - 0.130).abs() < 0.003, "{four}");
    assert_eq!(rates["consolidated_rates"]["5-star"], "1.605%");
    let items = rates["items"].as_array().unwrap();
    let total: f64 = items
        .iter()
        .map(|i| i["probability"].as_f64().unwrap())
        .sum();
    assert!((total - 1.0).abs() < 1e-9, "{total}");
    let featured = items.iter().find(|i| i["is_featured"] == true).unwrap();
    assert!((featured["probability"].as_f64().unwrap() - five * 2.0 / 3.0).abs() < 1e-9);
    assert!(rates["pity"]["rules"].as_array().unwrap().len() >= 4);
    assert_eq!(
        rates["five_star_chance_by_pull"][0],
        json!({"pull": 74, "chance": "6.6%"})
    );
    assert_eq!(rates["your_pity"]["pulls_since_five_star"], 0);
    // Anonymous callers get the odds without a pity.
    let anon: Value = app
        .http
        .get(app.gacha.url("/api/gacha/rates"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(anon["your_pity"].is_null());
    let res = app.get("/api/gacha/rates?banner_id=nope", user).await;
    assert_problem(res, StatusCode::BAD_REQUEST, "invalid_query").await;
    let res = app
        .get(
            &format!("/api/gacha/rates?banner_id={}", Uuid::new_v4()),
            user,
        )
        .await;
    assert_problem(res, StatusCode::NOT_FOUND, "banner_not_found").await;
}

fn banner_body() -> Value {
    json!({
        "banner_type": "weapon_event",
        "name": "Tidal Armory",
        "pool": {
            "five": ["weapon_tidebreaker", "weapon_oathkeeper"],
            "four": ["weapon_galecutter", "weapon_emberfang"],
            "three": ["weapon_tin_dagger", "weapon_oak_staff"],
            "featured": ["weapon_tidebreaker"]
        }
    })
}

#[tokio::test]
async fn admins_create_update_and_retire_banners_and_players_cannot() {
    let app = spawn().await;
    let admin = app.admin_token();
    let player = app.token(Uuid::new_v4());
    for (method, path) in [
        (reqwest::Method::GET, "/api/gacha/admin/banners".to_owned()),
        (reqwest::Method::POST, "/api/gacha/admin/banners".to_owned()),
        (
            reqwest::Method::DELETE,
            format!("/api/gacha/admin/banners/{}", Uuid::new_v4()),
        ),
        (
            reqwest::Method::GET,
            format!("/api/gacha/admin/audit/{}", Uuid::new_v4()),
        ),
    ] {
        let res = app
            .http
            .request(method, app.gacha.url(&path))
            .bearer_auth(&player)
            .json(&banner_body())
            .send()
            .await
            .unwrap();
        assert_problem(res, StatusCode::FORBIDDEN, "admin_required").await;
    }
    let res = app
        .http
        .post(app.gacha.url("/api/gacha/admin/banners"))
        .bearer_auth(&admin)
        .json(&banner_body())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = res.json().await.unwrap();
    let id = created["banner_id"].as_str().unwrap().to_owned();
    assert_eq!(created["rate_table_version"], 1);
    assert_eq!(created["cost_ten"], 1600);
    // A new pool makes a new rate-table version.
    let mut changed = banner_body();
    changed["pool"]["four"] = json!(["weapon_galecutter"]);
    changed["name"] = json!("Tidal Armory II");
    let res = app
        .http
        .put(app.gacha.url(&format!("/api/gacha/admin/banners/{id}")))
        .bearer_auth(&admin)
        .json(&changed)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let updated: Value = res.json().await.unwrap();
    assert_eq!(updated["rate_table_version"], 2);
    assert_eq!(updated["name"], "Tidal Armory II");
    // Bad pools and rates.
    for (field, value) in [
        (
            "pool",
            json!({"five": ["char_nobody"], "four": ["weapon_galecutter"], "three": ["weapon_tin_dagger"], "featured": ["char_nobody"]}),
        ),
        (
            "pool",
            json!({"five": ["weapon_galecutter", "weapon_tidebreaker"], "four": ["weapon_emberfang"], "three": ["weapon_tin_dagger"], "featured": ["weapon_tidebreaker"]}),
        ),
        (
            "pool",
            json!({"five": ["weapon_tidebreaker"], "four": ["weapon_emberfang"], "three": ["weapon_tin_dagger"], "featured": ["weapon_tidebreaker"]}),
        ),
        (
            "rates",
            json!({"five_base_ppm": 900000, "five_soft_pity_start": 1, "five_soft_pity_step_ppm": 0, "five_hard_pity": 80, "four_base_ppm": 200000, "four_soft_pity_start": 0, "four_soft_pity_step_ppm": 0, "four_hard_pity": 10, "featured_ppm": 750000}),
        ),
        ("name", json!("")),
        ("cost_ten", json!(0)),
    ] {
        let mut body = banner_body();
        body[field] = value;
        let res = app
            .http
            .post(app.gacha.url("/api/gacha/admin/banners"))
            .bearer_auth(&admin)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    }
    let mut wrong_type = changed.clone();
    wrong_type["banner_type"] = json!("standard");
    wrong_type["pool"]["featured"] = json!([]);
    let res = app
        .http
        .put(app.gacha.url(&format!("/api/gacha/admin/banners/{id}")))
        .bearer_auth(&admin)
        .json(&wrong_type)
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let res = app
        .http
        .delete(app.gacha.url(&format!("/api/gacha/admin/banners/{id}")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let all: Value = app
        .http
        .get(app.gacha.url("/api/gacha/admin/banners"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let retired = all
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["banner_id"] == id.as_str())
        .unwrap();
    assert_eq!(retired["active"], false);
    let public = app.get_json("/api/gacha/banners", Uuid::new_v4()).await;
    assert!(!public.to_string().contains(&id));
}

#[tokio::test]
async fn an_audit_recomputes_a_pull_from_its_draws() {
    let app = spawn().await;
    let user = Uuid::new_v4();
    app.grant_gems(user, 1600).await;
    let body = app.pull_ok(user, "?count=10").await;
    let id = body["pull_id"].as_str().unwrap();
    let res = app
        .http
        .get(app.gacha.url(&format!("/api/gacha/admin/audit/{id}")))
        .bearer_auth(app.admin_token())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let audit: Value = res.json().await.unwrap();
    assert_eq!(audit["matches"], true);
    assert_eq!(audit["draws"].as_array().unwrap().len(), 10);
    let ids = |v: &Value| -> Vec<Value> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|p| p["item_id"].clone())
            .collect()
    };
    assert_eq!(ids(&audit["recomputed"]), ids(&body["pulls"]));
    assert_eq!(audit["rate_table_version"], 1);
    assert_eq!(audit["status"], "complete");
    // A tampered record no longer matches.
    use diesel_async::SimpleAsyncConnection;
    let mut conn = app.gacha.db.as_ref().unwrap().conn().await;
    conn.batch_execute(&format!(
        "UPDATE pulls SET results = jsonb_set(results, '{{0,item_id}}', '\"weapon_sunpiercer\"') WHERE id = '{id}'"
    ))
    .await
    .unwrap();
    let audit: Value = app
        .http
        .get(app.gacha.url(&format!("/api/gacha/admin/audit/{id}")))
        .bearer_auth(app.admin_token())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(audit["matches"], false);
    let res = app
        .http
        .get(
            app.gacha
                .url(&format!("/api/gacha/admin/audit/{}", Uuid::new_v4())),
        )
        .bearer_auth(app.admin_token())
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::NOT_FOUND, "pull_not_found").await;
}

#[tokio::test]
async fn pulls_older_than_the_retention_are_purged_and_newer_ones_kept() {
    let app = spawn().await;
    let user = Uuid::new_v4();
    app.grant_gems(user, 320).await;
    let old = app.pull_ok(user, "").await;
    app.pull_ok(user, "").await;
    use diesel_async::SimpleAsyncConnection;
    let mut conn = app.gacha.db.as_ref().unwrap().conn().await;
    conn.batch_execute(&format!(
        "UPDATE pulls SET created_at = now() - interval '91 days' WHERE id = '{}'",
        old["pull_id"].as_str().unwrap()
    ))
    .await
    .unwrap();
    let state = gacha::state::AppState {
        db: app.gacha.context.db.clone().unwrap(),
        events: app.gacha.context.events.clone(),
        outbox: common::outbox::Outbox::new(
            app.gacha.context.db.clone().unwrap(),
            app.gacha.context.events.clone(),
            "gacha",
        ),
        inventory: app.gacha.context.inventory(),
        internal: app.gacha.context.internal.clone(),
        settings: std::sync::Arc::new(crate::helpers::settings()),
        banners: Default::default(),
    };
    assert_eq!(gacha::app::history::purge(&state).await.unwrap(), 1);
    let history = app.history(user).await;
    assert_eq!(history.len(), 1);
    assert_ne!(history[0]["pull_id"], old["pull_id"]);
}
