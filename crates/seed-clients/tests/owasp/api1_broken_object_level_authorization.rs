//! API1:2023 Broken Object Level Authorization: every documented operation with a path
//! parameter is either owner-scoped, and then tried by another player on the owner's real
//! object (item, pet, save, job, asset, session, battle participation, placed object), or
//! declared public here with the reason. A new route with a parameter fails the test until it
//! is classified. Objects named in bodies (`item_id`, `pet_id`, `asset_id`...) are tried too,
//! and afterwards the owner still has everything.

use std::collections::HashMap;

use reqwest::{Method, StatusCode};
use seed_clients::{Account, Stack, StackOptions};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::support::{Api, Operation, lean, public_operations};

/// Operations whose parameters are not owner-scoped, and why another player may use them.
const PUBLIC: &[(&str, &str)] = &[
    (
        "GET /api/users/{id}",
        "public profile (API3 checks it hides private fields)",
    ),
    (
        "GET /api/scores/player/{player_name}",
        "the public leaderboard",
    ),
    ("GET /api/scores/rank/{score}", "a rank lookup, no object"),
    ("GET /api/bosses/images/{index}", "the shared boss gallery"),
    (
        "GET /api/ai/images/{file}",
        "generated art is public under an unguessable job id",
    ),
    (
        "GET /cdn/{asset_id}/{version}/{filename}",
        "public or signed CDN objects",
    ),
    (
        "GET /api/inventory/stats/{set_type}",
        "the caller's own sets; the parameter is a set name",
    ),
    (
        "GET /api/pets/stats/{set_type}",
        "the caller's own sets; the parameter is a set name",
    ),
    (
        "GET /api/battles/{id}",
        "battles are shared world state, joined from the public list",
    ),
    (
        "GET /api/battles/{id}/logs",
        "the battle's public combat log",
    ),
    (
        "POST /api/battles/join/{id}",
        "joining an open battle is the point",
    ),
    (
        "GET /api/rooms/{code}",
        "the join code is the capability to see a room",
    ),
    (
        "GET /api/v1/rooms/{room_id}",
        "cafe rooms are listed publicly; private ones are the code's",
    ),
    ("GET /api/game/{code}", "the join code is the capability"),
    (
        "GET /api/game/{code}/leaderboard",
        "the join code is the capability",
    ),
    (
        "POST /api/rooms/{code}/objects",
        "members place their own items; another's item is tried in the body checks",
    ),
    (
        "POST /api/rooms/{code}/tools/use",
        "the target object is in the body; another's is tried in the body checks",
    ),
    (
        "GET /api/rooms/{code}/tool-logs",
        "members see their room's log (the attacker is a member here)",
    ),
    (
        "GET /api/rooms/{code}/objects",
        "members see a room's furniture; the code is the capability",
    ),
];

/// What the owner made, by the placeholder each owner-scoped route takes.
struct Owned {
    values: HashMap<&'static str, String>,
}

/// Owner-scoped operations: (key, which owned object fills each parameter, a valid body).
fn owner_scoped() -> Vec<(&'static str, &'static [&'static str], Option<Value>)> {
    vec![
        ("GET /api/inventory/{item_id}", &["item"], None),
        (
            "POST /api/inventory/{item_id}/enhance",
            &["item"],
            Some(json!({})),
        ),
        (
            "POST /api/inventory/use-potion/{item_id}",
            &["item"],
            Some(json!({})),
        ),
        ("GET /api/load_game/{player_name}", &["save"], None),
        ("DELETE /api/save_game/{player_name}", &["save"], None),
        ("GET /api/ai/jobs/{id}", &["job"], None),
        ("DELETE /api/ai/jobs/{id}", &["job"], None),
        ("GET /api/assets/{asset_id}", &["asset"], None),
        ("DELETE /api/assets/{asset_id}", &["asset"], None),
        ("GET /api/assets/{asset_id}/versions", &["asset"], None),
        (
            "POST /api/assets/{asset_id}/versions/{version}/complete",
            &["asset", "version"],
            Some(json!({})),
        ),
        (
            "PUT /api/assets/{asset_id}/versions/{version}/content",
            &["asset", "version"],
            None,
        ),
        ("DELETE /api/auth/sessions/{id}", &["session"], None),
        (
            "POST /api/battles/{id}/attack",
            &["battle"],
            Some(json!({ "enemy_id": 1, "attack_type": "normal" })),
        ),
        (
            "POST /api/battles/attack/{id}",
            &["battle"],
            Some(json!({ "enemy_id": 1, "attack_type": "normal" })),
        ),
        (
            "POST /api/battles/{id}/claim-loot",
            &["battle"],
            Some(json!({})),
        ),
        (
            "POST /api/battles/{id}/resurrect",
            &["raid"],
            Some(json!({})),
        ),
        (
            "PATCH /api/rooms/{code}/objects/{id}",
            &["room", "object"],
            Some(json!({ "x": 1, "y": 1 })),
        ),
        (
            "DELETE /api/rooms/{code}/objects/{id}",
            &["room", "object"],
            None,
        ),
        ("GET /api/rooms/{code}/chat", &["voting"], None),
        (
            "POST /api/rooms/{code}/chat",
            &["voting"],
            Some(json!({ "message": "hi" })),
        ),
        ("DELETE /api/rooms/{code}/leave", &["voting"], None),
        ("POST /api/game/{code}/start", &["voting"], Some(json!({}))),
        ("POST /api/game/{code}/voting", &["voting"], Some(json!({}))),
        (
            "POST /api/game/{code}/end-round",
            &["voting"],
            Some(json!({})),
        ),
        (
            "POST /api/game/{code}/next-round",
            &["voting"],
            Some(json!({})),
        ),
        (
            "POST /api/game/rounds/{id}/answer",
            &["round"],
            Some(json!({ "content": "mine" })),
        ),
        ("GET /api/game/rounds/{id}/answers", &["round"], None),
        (
            "POST /api/game/rounds/{id}/vote",
            &["round"],
            Some(json!({ "answer_id": Uuid::new_v4() })),
        ),
        ("GET /api/gacha/admin/audit/{pull_id}", &["pull"], None),
    ]
}

#[tokio::test]
async fn another_player_reaches_none_of_an_owners_objects() {
    let stack = Stack::spawn_with(lean(StackOptions::default())).await;
    let api = Api::new(&stack);
    let ann = stack.register(&api.http).await;
    let bob = stack.register(&stack.browser()).await;
    let owned = make_owned(&api, &ann).await;
    // Bob sits in the same space room (as a guest, not its host) and the same voting lobby:
    // what he is refused is about whose object it is, not about membership.
    api.post(
        "/api/rooms/join",
        &bob.token,
        json!({ "code": owned.values["room"] }),
    )
    .await;

    let table = owner_scoped();
    let mut tried = 0;
    for op in public_operations(&stack).await {
        if op.path_params().is_empty() || (op.is_admin() && !op.path.contains("audit")) {
            continue;
        }
        let key = op.key();
        if PUBLIC.iter().any(|(k, _)| *k == key) {
            continue;
        }
        let (_, fills, body) = table.iter().find(|(k, _, _)| *k == key).unwrap_or_else(|| {
            panic!("{key} takes an id but is neither owner-scoped nor declared public in API1")
        });
        let mut path = fill(&op, fills, &owned);
        if op.path.ends_with("/content") {
            // The upload URL's signature is the capability: a forged one.
            path.push_str("?expires=9999999999&sig=forged");
        }
        let started = std::time::Instant::now();
        let (status, answer) = api
            .call(op.method.clone(), &path, Some(&bob.token), body.clone())
            .await;
        let took = started.elapsed();
        assert!(
            took < std::time::Duration::from_secs(3),
            "{key} ({path}) took {took:?}"
        );
        // 409: refused on the object's state before its owner is looked at (a battle not
        // yet won): still a refusal, and the state is public.
        assert!(
            matches!(
                status,
                StatusCode::FORBIDDEN | StatusCode::NOT_FOUND | StatusCode::CONFLICT
            ),
            "{key} as another player ({path}): {status} {answer}"
        );
        tried += 1;
    }
    assert!(tried >= 25, "only {tried} owner-scoped operations tried");

    refuses_objects_named_in_bodies(&api, &bob, &owned).await;
    the_owner_still_has_everything(&api, &ann, &owned).await;
}

/// Substitutes the owner's objects for the parameters, in order.
fn fill(op: &Operation, fills: &[&str], owned: &Owned) -> String {
    let mut next = fills.iter();
    op.concrete(|name| {
        let what = next
            .next()
            .unwrap_or_else(|| panic!("{}: no fixture for {name}", op.key()));
        owned.values[what].clone()
    })
}

async fn refuses_objects_named_in_bodies(api: &Api<'_>, bob: &Account, owned: &Owned) {
    let v = &owned.values;
    for (path, body) in [
        (
            "/api/inventory/equip",
            json!({ "item_id": v["item"], "slot": "weapon", "set_type": "attack" }),
        ),
        ("/api/pets/feed", json!({ "pet_id": v["pet"] })),
        (
            "/api/pets/equip",
            json!({ "pet_id": v["pet"], "slot": 1, "set_type": "attack" }),
        ),
        (
            "/api/assets/upload",
            json!({ "asset_id": v["asset"], "filename": "x.png", "content_type": "image/png", "size": 10, "asset_type": "image", "category": "character" }),
        ),
        (
            &format!("/api/rooms/{}/objects", v["room"]),
            json!({ "inventory_item_id": v["item"], "x": 5, "y": 5 }),
        ),
        (
            &format!("/api/rooms/{}/tools/use", v["room"]),
            json!({ "target_object_id": v["object"], "action": "destroy" }),
        ),
    ] {
        let (status, answer) = api
            .call(Method::POST, path, Some(&bob.token), Some(body))
            .await;
        assert!(
            matches!(
                status,
                StatusCode::FORBIDDEN
                    | StatusCode::NOT_FOUND
                    | StatusCode::CONFLICT
                    | StatusCode::BAD_REQUEST
            ),
            "POST {path} naming another player's object: {status} {answer}"
        );
    }
}

async fn the_owner_still_has_everything(api: &Api<'_>, ann: &Account, owned: &Owned) {
    let v = &owned.values;
    api.get(&format!("/api/inventory/{}", v["item"]), &ann.token)
        .await;
    api.get(&format!("/api/load_game/{}", v["save"]), &ann.token)
        .await;
    let job = api
        .get(&format!("/api/ai/jobs/{}", v["job"]), &ann.token)
        .await;
    assert_ne!(job["status"], "cancelled", "{job}");
    api.get(&format!("/api/assets/{}", v["asset"]), &ann.token)
        .await;
    api.get("/api/auth/me", &ann.token).await;
    let objects = api
        .get(&format!("/api/rooms/{}/objects", v["room"]), &ann.token)
        .await;
    assert!(objects.to_string().contains(&v["object"]), "{objects}");
    let pets = api.get("/api/pets/", &ann.token).await;
    assert!(pets.to_string().contains(&v["pet"]), "{pets}");
}

/// Ann's objects: an item, a pet, a save, an AI job, an unfinished private asset, her session,
/// a battle she joined, a space room with her chair in it, a voting lobby and a gacha pull.
async fn make_owned(api: &Api<'_>, ann: &Account) -> Owned {
    let stack = api.stack;
    stack.grant(ann.id, 5_000, 5_000).await;
    let t = ann.token.as_str();
    let mut values = HashMap::new();

    api.post("/api/inventory/starter-items", t, json!({})).await;
    let inventory = api.get("/api/inventory/", t).await;
    let item = inventory["items"][0]["id"].as_str().unwrap().to_owned();
    values.insert("item", item);

    let egg = api
        .post(
            "/api/shop/purchase",
            t,
            json!({ "item_id": "egg_wolf", "currency": "gold" }),
        )
        .await;
    let pet = egg["item_id"].as_str().unwrap().to_owned();
    api.post(
        "/api/pets/hatch",
        t,
        json!({ "pet_id": pet, "name": "Rex" }),
    )
    .await;
    values.insert("pet", pet);

    let save = format!("Ann{}", &Uuid::new_v4().simple().to_string()[..8]);
    api.post(
        "/api/save_game",
        t,
        json!({ "player_name": save, "level": 3, "score": 300, "lives": 3, "health": 100, "coins": 5, "weapon": "sword" }),
    )
    .await;
    values.insert("save", save);

    let job = api
        .post(
            "/api/ai/jobs",
            t,
            json!({ "job_type": "item_description", "parameters": { "item_name": "Edge" } }),
        )
        .await;
    values.insert("job", job["job_id"].as_str().unwrap().to_owned());

    let upload = api
        .post(
            "/api/assets/upload",
            t,
            json!({ "filename": "a.png", "content_type": "image/png", "size": 10, "asset_type": "image", "category": "character", "is_public": false }),
        )
        .await;
    values.insert("asset", upload["asset_id"].as_str().unwrap().to_owned());
    values.insert("version", upload["version"].to_string());

    let sessions = api.get("/api/auth/sessions", t).await;
    let session = sessions
        .as_array()
        .or_else(|| sessions["sessions"].as_array())
        .and_then(|s| s.first())
        .map(|s| s["id"].as_str().unwrap().to_owned());
    values.insert(
        "session",
        session.unwrap_or_else(|| panic!("no session: {sessions}")),
    );

    let battles = api.get("/api/battles/available", t).await;
    let battle = battles[0]["id"].to_string();
    api.post(&format!("/api/battles/join/{battle}"), t, json!({}))
        .await;
    values.insert("battle", battle);
    let raids = api.get("/api/battles/boss-raids/available", t).await;
    // Raids need level 10: Bob tries to resurrect in one he never joined.
    values.insert("raid", raids[0]["id"].to_string());

    let room = api
        .post(
            "/api/rooms",
            t,
            json!({ "kind": "space", "name": "Ann's", "max_players": 4 }),
        )
        .await;
    let code = room["code"]
        .as_str()
        .or_else(|| room["room"]["code"].as_str())
        .unwrap_or_else(|| panic!("{room}"))
        .to_owned();
    let chair = api
        .post(
            "/api/v1/inventory/",
            t,
            json!({ "type": "chair", "quantity": 1 }),
        )
        .await;
    let placed = api
        .post(
            &format!("/api/rooms/{code}/objects"),
            t,
            json!({ "inventory_item_id": chair["id"], "x": 10, "y": 10 }),
        )
        .await;
    let object = placed["id"]
        .as_str()
        .or_else(|| placed["object"]["id"].as_str())
        .unwrap_or_else(|| panic!("{placed}"))
        .to_owned();
    values.insert("room", code);
    values.insert("object", object);

    let lobby = api
        .post(
            "/api/rooms",
            t,
            json!({ "kind": "voting", "max_players": 4 }),
        )
        .await;
    let voting = lobby["code"]
        .as_str()
        .or_else(|| lobby["room"]["code"].as_str())
        .unwrap()
        .to_owned();
    values.insert("voting", voting);
    values.insert("round", Uuid::new_v4().to_string());

    let banner = api.get("/api/gacha/banner", t).await["banner_id"].clone();
    let pull = api
        .post("/api/gacha/pull?count=1", t, json!({ "banner_id": banner }))
        .await;
    let pull_id = pull["pulls"][0]["pull_id"]
        .as_str()
        .or_else(|| pull["pull_id"].as_str())
        .map(str::to_owned)
        .unwrap_or_else(|| Uuid::new_v4().to_string());
    values.insert("pull", pull_id);
    Owned { values }
}
