//! The web game's vanilla-JS client (CLIENTS.md "Web game") replayed call by call through the
//! gateway: its `apiClient.request` sends `Content-Type: application/json` and the Bearer
//! token on every call, parses every answer as JSON (an empty body threw) and shows errors
//! from `detail`. Each step asserts the fields that client reads.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use reqwest::{Method, StatusCode};
use seed_clients::reads;
use seed_clients::{PASSWORD, Stack};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use uuid::Uuid;

/// The seed's `APIClient`: one browser tab with its token in `localStorage`.
struct WebClient<'s> {
    stack: &'s Stack,
    http: reqwest::Client,
    token: Option<String>,
}

impl<'s> WebClient<'s> {
    fn new(stack: &'s Stack) -> Self {
        WebClient {
            stack,
            http: stack.browser(),
            token: None,
        }
    }

    /// `apiClient.request`: the status and the body, which must parse as JSON whatever the
    /// status (the client calls `response.json()` before looking at it).
    async fn request(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self
            .http
            .request(method.clone(), self.stack.url(path))
            .header("Content-Type", "application/json");
        if let Some(token) = &self.token {
            req = req.bearer_auth(token);
        }
        if let Some(body) = body {
            req = req.body(body.to_string());
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        let parsed = serde_json::from_str(&text).unwrap_or_else(|e| {
            panic!("{method} {path} answered {status} with a body that is not JSON ({e}): {text:?}")
        });
        (status, parsed)
    }

    /// A call the journey expects to succeed.
    async fn ok(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        let (status, value) = self.request(method.clone(), path, body).await;
        assert!(status.is_success(), "{method} {path}: {status} {value}");
        value
    }

    async fn get(&self, path: &str) -> Value {
        self.ok(Method::GET, path, None).await
    }

    async fn post(&self, path: &str, body: Option<Value>) -> Value {
        self.ok(Method::POST, path, body).await
    }

    /// A refused call: the message the client would show is `detail`, a non-empty string.
    async fn refused(&self, path: &str, body: Option<Value>, status: StatusCode) -> String {
        let (got, value) = self.request(Method::POST, path, body).await;
        assert_eq!(got, status, "POST {path}: {value}");
        let detail = value["detail"].as_str().unwrap_or_default().to_owned();
        assert!(!detail.is_empty(), "no string detail to show: {value}");
        detail
    }
}

/// What `/api/player/me` answers and the header bar shows.
const PROFILE: &[&str] = &[
    "username",
    "level",
    "exp",
    "exp_max",
    "gold",
    "gems",
    "stamina",
    "stamina_max",
    "base_attack",
    "base_defense",
    "unspent_stat_points",
    "active_buffs",
];

const ITEM: &[&str] = &[
    "id",
    "item_type",
    "name",
    "rarity",
    "level_requirement",
    "attack_bonus",
    "defense_bonus",
    "hp_bonus",
    "quantity",
    "properties",
];

const BATTLE_CARD: &[&str] = &[
    "id",
    "name",
    "difficulty",
    "wave_number",
    "status",
    "required_level",
    "current_players",
    "max_players",
    "gold_reward",
    "exp_reward",
    "is_boss_raid",
    "battle_type",
];

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// The next frame of `type` on the battle socket (others are skipped, as the client's
/// handler ignores types it is not waiting for).
async fn frame_of(ws: &mut Ws, kind: &str) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let msg = tokio::time::timeout_at(deadline, ws.next())
            .await
            .unwrap_or_else(|_| panic!("no `{kind}` frame within 10 s"))
            .unwrap_or_else(|| panic!("socket closed before `{kind}`"))
            .unwrap();
        if let Message::Text(text) = msg {
            let frame: Value = serde_json::from_str(&text).unwrap();
            if frame["type"] == kind {
                return frame;
            }
        }
    }
}

#[tokio::test]
async fn the_web_games_client_plays_its_whole_journey_through_the_gateway() {
    let stack = Stack::spawn().await;
    let mut client = WebClient::new(&stack);

    // Register: the client keeps `access_token`.
    let n = Uuid::new_v4().simple().to_string();
    let username = format!("hero{}", &n[..10]);
    let reg = client
        .post(
            "/api/auth/register",
            Some(json!({ "email": format!("{username}@game.test"), "password": PASSWORD, "username": username })),
        )
        .await;
    client.token = Some(reg["access_token"].as_str().unwrap().to_owned());

    let me = client.get("/api/player/me").await;
    reads(&me, PROFILE);
    assert_eq!(me["username"], username.as_str());
    assert!(me["active_buffs"].is_array());

    let (inventory, shop, pets) = tokio::join!(
        client.get("/api/inventory/"),
        client.get("/api/shop/items"),
        client.get("/api/pets/"),
    );
    reads(&inventory, &["items", "attack_set", "defense_set"]);
    reads(&shop, &["equipment", "eggs", "food", "potions"]);
    assert!(pets.is_object(), "{pets}");

    // Starter items, then the weapon into the attack set.
    client.post("/api/inventory/starter-items", None).await;
    let inventory = client.get("/api/inventory/").await;
    let items = inventory["items"].as_array().unwrap();
    assert!(!items.is_empty(), "{inventory}");
    for item in items {
        reads(item, ITEM);
    }
    let weapon = items
        .iter()
        .find(|i| i["item_type"] == "weapon")
        .unwrap_or_else(|| panic!("no starter weapon: {inventory}"))
        .clone();
    client
        .post(
            "/api/inventory/equip",
            Some(json!({ "item_id": weapon["id"], "slot": "weapon", "set_type": "attack" })),
        )
        .await;
    let detail = client
        .refused(
            "/api/inventory/equip",
            Some(json!({ "item_id": weapon["id"], "slot": "helmet", "set_type": "attack" })),
            StatusCode::BAD_REQUEST,
        )
        .await;
    assert_eq!(detail, "Cannot equip weapon in helmet slot");

    let (battles, raids) = tokio::join!(
        client.get("/api/battles/available"),
        client.get("/api/battles/boss-raids/available"),
    );
    for card in battles
        .as_array()
        .unwrap()
        .iter()
        .chain(raids.as_array().unwrap())
    {
        reads(card, BATTLE_CARD);
    }
    let battle = battles
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["difficulty"] == "easy")
        .or_else(|| battles.as_array().unwrap().first())
        .unwrap_or_else(|| panic!("no battle available: {battles}"))
        .clone();
    let id = battle["id"].as_i64().unwrap();

    let joined = client.post(&format!("/api/battles/join/{id}"), None).await;
    reads(&joined, &["message"]);
    assert_eq!(joined["message"], "Joined battle successfully");

    let info = client.get(&format!("/api/battles/{id}")).await;
    reads(
        &info,
        &[
            "status",
            "enemies",
            "participants",
            "boss_current_phase",
            "boss_phase_count",
            "is_boss_raid",
        ],
    );
    for enemy in info["enemies"].as_array().unwrap() {
        reads(
            enemy,
            &[
                "id",
                "name",
                "level",
                "icon",
                "hp_current",
                "hp_max",
                "is_defeated",
            ],
        );
    }
    let me_in_battle = info["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["username"] == username.as_str())
        .unwrap_or_else(|| panic!("not among the participants: {info}"));
    reads(me_in_battle, &["username", "level"]);

    let token = client.token.clone().unwrap();
    let (mut ws, _) =
        tokio_tungstenite::connect_async(stack.ws_url(&format!("/ws/battle/{id}?token={token}")))
            .await
            .unwrap();
    let connected = frame_of(&mut ws, "connected").await;
    reads(&connected, &["message", "battle_id", "player_count"]);
    assert_eq!(connected["battle_id"], id);
    let joined = frame_of(&mut ws, "player_joined").await;
    reads(&joined, &["username", "player_count", "players"]);
    ws.send(Message::text(
        json!({ "type": "chat", "message": "hello" }).to_string(),
    ))
    .await
    .unwrap();
    let chat = frame_of(&mut ws, "chat").await;
    assert_eq!(
        (chat["username"].as_str(), chat["message"].as_str()),
        (Some(username.as_str()), Some("hello"))
    );

    // A friend joins from another tab: the socket tells of the join and, when the friend's
    // own socket closes, of the leave.
    let mut friend = WebClient::new(&stack);
    let friend_account = stack.register(&friend.http).await;
    friend.token = Some(friend_account.token.clone());
    friend.post(&format!("/api/battles/join/{id}"), None).await;
    let arrived = frame_of(&mut ws, "player_joined_battle").await;
    reads(&arrived, &["player_name", "player_level"]);
    assert_eq!(arrived["player_name"], friend_account.username.as_str());
    let (mut friend_ws, _) = tokio_tungstenite::connect_async(
        stack.ws_url(&format!("/ws/battle/{id}?token={}", friend_account.token)),
    )
    .await
    .unwrap();
    frame_of(&mut friend_ws, "connected").await;
    friend_ws.close(None).await.unwrap();
    let left = frame_of(&mut ws, "player_left").await;
    assert_eq!(left["username"], friend_account.username.as_str());

    reads(&client.get("/api/player/me").await, PROFILE);

    // Arrange: enemies this starter character can beat on one stamina bar (the pool's are
    // sized for many sessions of regenerating stamina).
    stack
        .battle
        .db
        .as_ref()
        .unwrap()
        .exec(&format!(
            "UPDATE battle_enemies SET hp_max = 5, hp_current = 5, defense = 0 WHERE battle_id = {id}"
        ))
        .await;

    // Attack the first enemy still standing until the battle is over.
    let mut completed = false;
    for _ in 0..20 {
        let info = client.get(&format!("/api/battles/{id}")).await;
        let Some(enemy) = info["enemies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["is_defeated"] == false)
        else {
            break;
        };
        let hit = client
            .post(
                &format!("/api/battles/{id}/attack"),
                Some(json!({ "enemy_id": enemy["id"], "attack_type": "normal" })),
            )
            .await;
        reads(&hit, &["stamina_remaining", "battle_completed"]);
        assert!(hit["stamina_remaining"].is_i64(), "{hit}");
        if hit["battle_completed"] == true {
            completed = true;
            break;
        }
    }
    assert!(completed, "the battle never completed");
    let attack = frame_of(&mut ws, "attack").await;
    reads(
        &attack,
        &[
            "damage",
            "is_critical",
            "enemy_id",
            "enemy_hp_remaining",
            "enemy_defeated",
        ],
    );
    assert!(
        attack.get("player_name").is_some() || attack.get("username").is_some(),
        "{attack}"
    );
    reads(
        &frame_of(&mut ws, "enemy_defeated").await,
        &["enemy_id", "defeated_by"],
    );
    reads(&frame_of(&mut ws, "battle_completed").await, &["message"]);

    let loot = client
        .post(&format!("/api/battles/{id}/claim-loot"), None)
        .await;
    reads(&loot, &["gold", "xp"]);
    let claimed = frame_of(&mut ws, "loot_claimed").await;
    reads(&claimed, &["player_name", "gold", "xp"]);
    assert_eq!(claimed["gold"], loot["gold"]);
    let detail = client
        .refused(
            &format!("/api/battles/{id}/claim-loot"),
            None,
            StatusCode::CONFLICT,
        )
        .await;
    assert!(!detail.is_empty());

    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis();
    let me = client.get(&format!("/api/player/me?_={now_ms}")).await;
    reads(&me, PROFILE);
    let gold = me["gold"].as_i64().unwrap();
    assert!(gold >= 1000 + loot["gold"].as_i64().unwrap(), "{me} {loot}");

    // The shop, paid in gold as the client always asks.
    let bought = client
        .post(
            "/api/shop/purchase",
            Some(json!({ "item_id": "potion_stamina_sip", "currency": "gold" })),
        )
        .await;
    assert_eq!(bought["item_name"], "Stamina Sip");
    let me = client.get("/api/player/me").await;
    assert_eq!(me["gold"].as_i64().unwrap(), gold - 80);
    let inventory = client.get("/api/inventory/").await;
    let potion = inventory["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "Stamina Sip")
        .unwrap_or_else(|| panic!("the potion is not in the inventory: {inventory}"))
        .clone();
    reads(&potion, ITEM);

    // The "also" calls.
    let unequipped = client
        .post(
            "/api/inventory/unequip",
            Some(json!({ "slot": "weapon", "set_type": "attack" })),
        )
        .await;
    reads(&unequipped, &["message"]);
    let drunk = client
        .post(
            &format!(
                "/api/inventory/use-potion/{}",
                potion["id"].as_str().unwrap()
            ),
            None,
        )
        .await;
    reads(&drunk, &["success", "message"]);
    let history = client.get("/api/shop/history").await;
    assert_eq!(history[0]["item_name"], "Stamina Sip");

    let egg = client
        .post(
            "/api/shop/purchase",
            Some(json!({ "item_id": "egg_wolf", "currency": "gold" })),
        )
        .await;
    let pet_id = egg["item_id"].as_str().unwrap().to_owned();
    let hatched = client
        .post(
            "/api/pets/hatch",
            Some(json!({ "pet_id": pet_id, "name": "Rex" })),
        )
        .await;
    reads(&hatched, &["message"]);
    assert_eq!(hatched["pet"]["species"], "wolf");
    client
        .post(
            "/api/pets/equip",
            Some(json!({ "pet_id": pet_id, "slot": 1, "set_type": "attack" })),
        )
        .await;
    client
        .post(
            "/api/pets/unequip",
            Some(json!({ "slot": 1, "set_type": "attack" })),
        )
        .await;

    let me = client.get("/api/player/me").await;
    let points = me["unspent_stat_points"].as_i64().unwrap();
    if points > 0 {
        let allocated = client
            .post(
                "/api/player/allocate-stats",
                Some(json!({ "attack": 1, "defense": 0, "max_stamina": 0 })),
            )
            .await;
        reads(&allocated, &["message", "player"]);
    }
    let detail = client
        .refused(
            "/api/player/allocate-stats",
            Some(json!({ "attack": points + 1, "defense": 0, "max_stamina": 0 })),
            StatusCode::BAD_REQUEST,
        )
        .await;
    assert!(detail.starts_with("Not enough stat points"), "{detail}");

    // Logout answers JSON; the token is dead at once, and the 401 carries a detail too.
    let bye = client.post("/api/auth/logout", None).await;
    assert_eq!(bye["message"], "Successfully logged out");
    let (status, body) = client.request(Method::GET, "/api/player/me", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert!(body["detail"].is_string(), "{body}");

    // The client cleared its token on the 401 and shows its login form.
    client.token = None;
    let email = format!("{username}@game.test");
    let (status, wrong) = client
        .request(
            Method::POST,
            "/api/auth/login",
            Some(json!({ "email": email, "password": "not the password" })),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{wrong}");
    assert!(wrong["detail"].is_string(), "{wrong}");
    let login = client
        .post(
            "/api/auth/login",
            Some(json!({ "email": email, "password": PASSWORD })),
        )
        .await;
    client.token = Some(login["access_token"].as_str().unwrap().to_owned());
    let me = client.get("/api/player/me").await;
    assert_eq!(me["username"], username.as_str());
    drop(ws);
}
