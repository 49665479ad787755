//! The load: players registered through auth and paid through the admin grant, then each
//! buying, pulling, fighting and posting scores at random until told to stop (the rooms'
//! part is in `rooms.rs`). What was acknowledged is kept for the checks.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use rand::Rng;
use reqwest::Method;
use serde_json::{Value, json};
use tokio::sync::watch;
use uuid::Uuid;

use crate::client::{Api, Call, Outcome};

/// Password of every chaos account.
const PASSWORD: &str = "chaos horse battery";

/// A registered player.
#[derive(Clone, Debug)]
pub struct Player {
    /// Id.
    pub id: Uuid,
    /// Email.
    pub email: String,
    /// Access token.
    pub token: String,
}

/// What the load had acknowledged, for the checks.
#[derive(Default, Debug)]
pub struct Acked {
    /// `(user, idempotency key)` of acknowledged purchases.
    pub purchases: Vec<(Uuid, String)>,
    /// `(user, idempotency key, pull id)` of acknowledged pulls.
    pub pulls: Vec<(Uuid, String, Uuid)>,
    /// `(battle, user)` of acknowledged loot claims.
    pub claims: Vec<(i64, Uuid)>,
    /// `(user, distance)` of acknowledged scores (the distance is unique per op).
    pub scores: Vec<(Uuid, i64)>,
    /// `(user, idempotency key)` of acknowledged attacks.
    pub attacks: Vec<(Uuid, String)>,
    /// `(round, user)` of acknowledged answers.
    pub answers: Vec<(Uuid, Uuid)>,
    /// `(round, voter)` of acknowledged votes.
    pub votes: Vec<(Uuid, Uuid)>,
}

/// Shared by every actor.
pub struct Load {
    /// The client.
    pub api: Arc<Api>,
    /// What was acknowledged.
    pub acked: Mutex<Acked>,
}

pub(crate) fn call<'a>(
    kind: &'static str,
    method: Method,
    path: String,
    token: &'a str,
) -> Call<'a> {
    Call {
        kind,
        method,
        path,
        token: Some(token),
        key: None,
        body: None,
        done_codes: &[],
    }
}

impl Load {
    /// Registers a player (a retried registration that finds the name taken logs in).
    pub async fn register(&self) -> anyhow::Result<Player> {
        let n = Uuid::new_v4().simple().to_string();
        let email = format!("c{}@chaos.test", &n[..12]);
        let body =
            json!({ "email": email, "password": PASSWORD, "username": format!("c{}", &n[..12]) });
        let out = self
            .api
            .call(Call {
                kind: "register",
                method: Method::POST,
                path: "/api/auth/register".into(),
                token: None,
                key: None,
                body: Some(body),
                done_codes: &["email_taken", "username_taken", "conflict"],
            })
            .await;
        let mut value = match out {
            Outcome::Ok(v) => v,
            other => anyhow::bail!("register: {other:?}"),
        };
        if value["access_token"].as_str().is_none() {
            value = self.login(&email).await?;
        }
        let token = value["access_token"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let id = value["user"]["id"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| anyhow::anyhow!("no user id in {value}"))?;
        Ok(Player { id, email, token })
    }

    /// Logs in again (an admin after promotion).
    pub async fn login(&self, email: &str) -> anyhow::Result<Value> {
        self.api
            .call(Call {
                kind: "login",
                method: Method::POST,
                path: "/api/auth/login".into(),
                token: None,
                key: None,
                body: Some(json!({ "email": email, "password": PASSWORD })),
                done_codes: &[],
            })
            .await
            .ok()
            .ok_or_else(|| anyhow::anyhow!("login failed"))
    }

    /// Grants `player` gold and gems as `admin` (ledgered, under one key).
    pub async fn grant(&self, admin: &str, player: &Player) -> anyhow::Result<()> {
        let mut c = call(
            "grant",
            Method::POST,
            "/api/wallet/admin/grant".into(),
            admin,
        );
        c.key = Some(Uuid::new_v4().to_string());
        c.body = Some(
            json!({ "user_id": player.id, "gold": 10_000_000, "gems": 10_000_000, "reason": "chaos" }),
        );
        self.api
            .call(c)
            .await
            .ok()
            .map(|_| ())
            .ok_or_else(|| anyhow::anyhow!("grant failed"))
    }

    async fn purchase(&self, p: &Player, item: &str) {
        let key = Uuid::new_v4().to_string();
        let mut c = call(
            "purchase",
            Method::POST,
            "/api/shop/purchase".into(),
            &p.token,
        );
        c.key = Some(key.clone());
        c.body = Some(json!({ "item_id": item, "currency": "gold" }));
        if self.api.call(c).await.ok().is_some() {
            self.lock().purchases.push((p.id, key));
        }
    }

    async fn pull(&self, p: &Player) {
        let key = Uuid::new_v4().to_string();
        let count = if rand::thread_rng().gen_bool(0.2) {
            10
        } else {
            1
        };
        let mut c = call(
            "pull",
            Method::POST,
            format!("/api/gacha/pull?count={count}"),
            &p.token,
        );
        c.key = Some(key.clone());
        if let Some(v) = self.api.call(c).await.ok()
            && let Some(id) = v["pull_id"].as_str().and_then(|s| s.parse().ok())
        {
            self.lock().pulls.push((p.id, key, id));
        }
    }

    async fn score(&self, p: &Player) {
        let distance = rand::thread_rng().gen_range(1..1_000_000_000i64);
        let mut c = call("score", Method::POST, "/api/scores".into(), &p.token);
        c.key = Some(Uuid::new_v4().to_string());
        c.body = Some(
            json!({ "player_name": format!("chaos-{}", &p.id.simple().to_string()[..8]),
            "score": distance % 100_000, "coins": 1, "enemies_defeated": 1, "distance": distance,
            "level": 1, "game_mode": "endless" }),
        );
        if self.api.call(c).await.ok().is_some() {
            self.lock().scores.push((p.id, distance));
        }
    }

    /// One step of a battle: join one when in none, attack while it lasts, claim the loot
    /// when it is won. Returns the battle the player is in afterwards.
    async fn battle_step(&self, p: &Player, current: Option<i64>) -> Option<i64> {
        let Some(id) = current else {
            return self.join_battle(p).await;
        };
        let c = call(
            "battle_state",
            Method::GET,
            format!("/api/battles/{id}"),
            &p.token,
        );
        let state = self.api.call(c).await.ok()?;
        if state["status"] == "completed" {
            let mut c = call(
                "claim_loot",
                Method::POST,
                format!("/api/battles/{id}/claim-loot"),
                &p.token,
            );
            c.key = Some(Uuid::new_v4().to_string());
            c.done_codes = &["already_claimed"];
            if self.api.call(c).await.ok().is_some() {
                self.lock().claims.push((id, p.id));
            }
            return None;
        }
        let enemy = state["enemies"].as_array().and_then(|e| {
            e.iter()
                .find(|e| e["hp_current"].as_i64().unwrap_or(0) > 0)
                .and_then(|e| e["id"].as_i64())
        })?;
        let mut c = call(
            "attack",
            Method::POST,
            format!("/api/battles/{id}/attack"),
            &p.token,
        );
        let key = Uuid::new_v4().to_string();
        c.key = Some(key.clone());
        c.body = Some(json!({ "enemy_id": enemy, "attack_type": "normal" }));
        // A refusal (out of stamina, the enemy fell to someone else) is part of the game.
        if self.api.call(c).await.ok().is_some() {
            self.lock().attacks.push((p.id, key));
        }
        Some(id)
    }

    async fn join_battle(&self, p: &Player) -> Option<i64> {
        let c = call(
            "list_battles",
            Method::GET,
            "/api/battles/available".into(),
            &p.token,
        );
        let list = self.api.call(c).await.ok()?;
        let battle = list.as_array().and_then(|l| {
            l.iter()
                .filter(|b| b["status"] != "completed")
                .min_by_key(|b| b["required_level"].as_i64().unwrap_or(99))
                .cloned()
        })?;
        let id = battle["id"].as_i64()?;
        let mut c = call(
            "join_battle",
            Method::POST,
            format!("/api/battles/join/{id}"),
            &p.token,
        );
        c.key = Some(Uuid::new_v4().to_string());
        self.api.call(c).await.ok().map(|_| id)
    }

    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, Acked> {
        self.acked.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// One player's loop of random ops.
    pub async fn player(
        self: Arc<Self>,
        p: Player,
        items: Vec<String>,
        stop: watch::Receiver<bool>,
    ) {
        let mut battle = None;
        while !*stop.borrow() {
            let roll = rand::thread_rng().gen_range(0..100);
            match roll {
                0..30 => {
                    let i = rand::thread_rng().gen_range(0..items.len().max(1));
                    if let Some(item) = items.get(i) {
                        self.purchase(&p, item).await;
                    }
                }
                30..55 => self.pull(&p).await,
                55..75 => battle = self.battle_step(&p, battle).await,
                _ => self.score(&p).await,
            }
            let pause = rand::thread_rng().gen_range(50..250);
            tokio::time::sleep(Duration::from_millis(pause)).await;
        }
    }

    /// The shop's gold-priced item ids.
    pub async fn shop_items(&self, p: &Player) -> Vec<String> {
        let c = call("shop_list", Method::GET, "/api/shop/items".into(), &p.token);
        let Some(shop) = self.api.call(c).await.ok() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        if let Some(groups) = shop.as_object() {
            for list in groups.values() {
                for item in list.as_array().into_iter().flatten() {
                    if item["price"].as_i64().unwrap_or(0) > 0
                        && item["level"].as_i64().unwrap_or(99) <= 1
                        && let Some(id) = item["id"].as_str()
                    {
                        out.push(id.to_owned());
                    }
                }
            }
        }
        out
    }
}
