//! API3:2023 Broken Object Property Level Authorization: mass assignment and excessive data
//! exposure. Every body a player sends is tried with properties only the server may set
//! (`role`, `gold`, `gems`, `owner_id`, `user_id`, `price`, `xp_amount`, `status`...): each is
//! refused or ignored, and the player's role, wallet and ownership are what the server says.
//! Answers about other players never carry their email, password hash or tokens.

use reqwest::{Method, StatusCode};
use seed_clients::{PASSWORD, Stack, StackOptions};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::support::{Api, lean};

/// Properties no client may set, added to every body below.
fn privileged(victim: Uuid) -> Value {
    json!({
        "role": "admin", "is_admin": true, "admin": true, "gold": 999_999, "gems": 999_999,
        "owner_id": victim, "user_id": victim, "host_id": victim, "id": victim,
        "price": 0, "cost": 0, "level": 99, "xp": 999_999, "xp_amount": 999_999,
        "status": "completed", "email_verified": true, "email": "stolen@game.test",
        "charged": false, "is_public": true, "rarity": 5, "stat_points": 999,
    })
}

fn with(mut body: Value, extra: &Value) -> Value {
    for (k, v) in extra.as_object().unwrap() {
        body.as_object_mut()
            .unwrap()
            .entry(k.clone())
            .or_insert(v.clone());
    }
    body
}

async fn privileged_properties_in_bodies_are_refused_or_ignored(stack: &Stack) {
    let api = Api::new(stack);
    let me = stack.register(&api.http).await;
    let victim = stack.register(&stack.browser()).await;
    stack.grant(me.id, 1_000, 100).await;
    let extra = privileged(victim.id);
    let t = me.token.as_str();
    let wallet_before = api.get("/api/wallet", t).await;

    let n = Uuid::new_v4().simple().to_string();
    let save = format!("Mass{}", &n[..8]);
    let bodies: Vec<(Method, String, Value)> = vec![
        (
            Method::PATCH,
            "/api/auth/me".into(),
            json!({ "username": format!("m{}", &n[..10]) }),
        ),
        (
            Method::POST,
            "/api/player/allocate-stats".into(),
            json!({ "attack": 0, "defense": 0, "max_stamina": 0 }),
        ),
        (
            Method::POST,
            "/api/player/regenerate-stamina".into(),
            json!({}),
        ),
        (
            Method::POST,
            "/api/inventory/starter-items".into(),
            json!({}),
        ),
        (
            Method::POST,
            "/api/shop/purchase".into(),
            json!({ "item_id": "potion_stamina_sip", "currency": "gold" }),
        ),
        (
            Method::POST,
            "/api/save_game".into(),
            json!({ "player_name": save, "level": 1, "score": 1, "lives": 1, "health": 1, "coins": 1, "weapon": "w" }),
        ),
        (
            Method::POST,
            "/api/scores".into(),
            json!({ "score": 10, "coins": 1, "enemies_defeated": 1, "distance": 1, "level": 1, "game_mode": "endless" }),
        ),
        (
            Method::POST,
            "/api/rooms".into(),
            json!({ "kind": "voting", "max_players": 4 }),
        ),
        (
            Method::POST,
            "/api/ai/jobs".into(),
            json!({ "job_type": "item_description", "parameters": { "item_name": "Edge" } }),
        ),
        (
            Method::POST,
            "/api/assets/upload".into(),
            json!({ "filename": "a.png", "content_type": "image/png", "size": 10, "asset_type": "image", "category": "character" }),
        ),
        (
            Method::POST,
            "/api/v1/inventory/".into(),
            json!({ "type": "chair", "quantity": 1 }),
        ),
    ];
    let mut answers = Vec::new();
    for (method, path, body) in bodies {
        let (status, answer) = api
            .call(method.clone(), &path, Some(t), Some(with(body, &extra)))
            .await;
        assert!(
            status.is_success() || status.is_client_error(),
            "{method} {path} with privileged properties: {status} {answer}"
        );
        assert!(
            !answer.to_string().contains(&victim.id.to_string()),
            "{method} {path} took the victim's id: {answer}"
        );
        answers.push((path, status, answer));
    }

    // Still a player: a fresh login carries the role the server keeps.
    let me_now = api.get("/api/auth/me", t).await;
    assert_ne!(me_now["role"], "admin", "{me_now}");
    assert_ne!(me_now["email"], "stolen@game.test", "{me_now}");
    let (status, _) = api
        .call(Method::GET, "/api/gacha/admin/banners", Some(t), None)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, login) = api
        .call(
            Method::POST,
            "/api/auth/login",
            None,
            Some(json!({ "email": me.email, "password": PASSWORD })),
        )
        .await;
    assert_eq!(
        login["user"]["role"].as_str().unwrap_or("player"),
        "player",
        "{login}"
    );

    // The wallet moved only by what was bought, never up to what was asked for.
    let wallet = api.get("/api/wallet", t).await;
    for currency in ["gold", "gems"] {
        assert!(
            wallet[currency].as_i64() <= wallet_before[currency].as_i64(),
            "{currency}: {wallet_before} -> {wallet}"
        );
    }
    let profile = api.get("/api/player/me", t).await;
    assert!(profile["level"].as_i64().unwrap_or(1) < 99, "{profile}");

    // What was created belongs to the caller.
    for (path, status, answer) in &answers {
        if status.is_success() {
            for field in ["owner_id", "user_id", "host_id"] {
                if let Some(owner) = answer.get(field).and_then(Value::as_str) {
                    assert_eq!(owner, me.id.to_string(), "{path}: {field} in {answer}");
                }
            }
        }
    }
    let victim_saves = api
        .call(
            Method::GET,
            &format!("/api/load_game/{save}"),
            Some(&victim.token),
            None,
        )
        .await;
    assert_eq!(
        victim_saves.0,
        StatusCode::NOT_FOUND,
        "the save went to the victim: {}",
        victim_saves.1
    );
    let (_, jobs) = api
        .call(Method::GET, "/api/ai/jobs", Some(&victim.token), None)
        .await;
    assert_eq!(
        jobs["total"].as_i64().unwrap_or(0),
        0,
        "a job went to the victim: {jobs}"
    );
}

async fn client_chosen_pet_xp_and_registration_roles_are_ignored(stack: &Stack) {
    let api = Api::new(stack);
    // Registration with a role and a wallet asks for them: the account is a plain player.
    let n = Uuid::new_v4().simple().to_string();
    let (status, reg) = api
        .call(
            Method::POST,
            "/api/auth/register",
            None,
            Some(json!({ "email": format!("r{}@game.test", &n[..10]), "password": PASSWORD, "username": format!("r{}", &n[..10]), "role": "admin", "gold": 1_000_000, "email_verified": true })),
        )
        .await;
    assert!(
        status == StatusCode::CREATED || status.is_client_error(),
        "{status} {reg}"
    );
    if status.is_success() {
        let token = reg["access_token"].as_str().unwrap();
        let (status, _) = api
            .call(Method::GET, "/api/wallet/admin/grant", Some(token), None)
            .await;
        assert_ne!(status, StatusCode::OK);
        let (status, _) = api
            .call(Method::GET, "/api/gacha/admin/banners", Some(token), None)
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "registered as an admin");
        let wallet = api.get("/api/wallet", token).await;
        assert!(wallet["gold"].as_i64().unwrap() < 1_000_000, "{wallet}");
    }
}

async fn answers_about_other_players_expose_no_private_fields(stack: &Stack) {
    let api = Api::new(stack);
    let me = stack.register(&api.http).await;
    let other = stack.register(&stack.browser()).await;
    let room = api
        .post(
            "/api/rooms",
            &other.token,
            json!({ "kind": "voting", "max_players": 4 }),
        )
        .await;
    let code = room["code"]
        .as_str()
        .or_else(|| room["room"]["code"].as_str())
        .unwrap()
        .to_owned();
    api.post("/api/rooms/join", &me.token, json!({ "code": code }))
        .await;
    api.post(
        "/api/scores",
        &other.token,
        json!({ "score": 77, "coins": 1, "enemies_defeated": 1, "distance": 1, "level": 1, "game_mode": "endless", "player_name": other.username }),
    )
    .await;

    let mut seen = Vec::new();
    for path in [
        format!("/api/users/{}", other.id),
        format!("/api/rooms/{code}"),
        format!("/api/game/{code}"),
        "/api/rooms/all".to_owned(),
        "/api/scores/leaderboard?game_mode=endless".to_owned(),
        format!("/api/scores/player/{}", other.username),
    ] {
        let (status, body) = api.call(Method::GET, &path, Some(&me.token), None).await;
        assert!(status.is_success(), "{path}: {status} {body}");
        seen.push((path, body));
    }
    for (path, body) in &seen {
        let text = body.to_string().to_ascii_lowercase();
        assert!(
            !text.contains(&other.email.to_ascii_lowercase()),
            "{path} shows the email: {body}"
        );
        for secret in [
            "password",
            "argon2",
            "refresh_token",
            "access_token",
            "token_hash",
        ] {
            assert!(!text.contains(secret), "{path} shows {secret}: {body}");
        }
    }
}

/// One stack for the checks above.
#[tokio::test]
async fn property_level_authorization_holds() {
    let stack = Stack::spawn_with(lean(StackOptions::default())).await;
    privileged_properties_in_bodies_are_refused_or_ignored(&stack).await;
    client_chosen_pet_xp_and_registration_roles_are_ignored(&stack).await;
    answers_about_other_players_expose_no_private_fields(&stack).await;
}
