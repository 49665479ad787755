//! Spawning the leaderboard with a settable clock and a wiremock auth, and typed requests.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use common::ServiceName;
use common::settings::env_map;
use leaderboard::{LeaderboardSettings, ManualClock};
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};
use testkit::{TestApp, spawn_app_with};
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A running leaderboard, its clock and the fake auth it asks for usernames.
pub struct Lb {
    pub app: TestApp,
    pub clock: ManualClock,
    pub auth: MockServer,
}

/// A player: id and access token (auth knows the player by the name it was created with).
pub struct Player {
    pub id: Uuid,
    pub token: String,
}

/// 2026-12-03 (a Thursday) 12:00 UTC, a fixed point the period tests reason from. Redis TTLs
/// are computed from the service clock, so a fixed future date is safe.
pub fn thursday_noon() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-03T12:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

pub async fn spawn_lb() -> Lb {
    spawn_lb_with(&[]).await
}

/// The service with extra `LEADERBOARD_*` settings; the top cache is off unless asked for, so
/// tests read what they just wrote.
pub async fn spawn_lb_with(extra: &[(&str, &str)]) -> Lb {
    spawn_lb_on(extra, None).await
}

/// Like [`spawn_lb_with`], on the Redis at `redis_url` when given (a private `RedisProcess`);
/// then start-up rebuilds are not awaited, since the helpers look at the shared Redis.
pub async fn spawn_lb_on(extra: &[(&str, &str)], redis_url: Option<String>) -> Lb {
    let mut pairs = vec![("LEADERBOARD_TOP_CACHE_MS", "0")];
    pairs.extend_from_slice(extra);
    let settings = LeaderboardSettings::load(&env_map(&pairs)).unwrap();
    let clock = ManualClock::new(thursday_noon());
    let auth = MockServer::start().await;
    let auth_url = format!("{}/", auth.uri());
    let private_redis = redis_url.is_some();
    let redis_url_for_settings = redis_url;
    let boards: Vec<String> = settings.boards.iter().map(|b| b.name.clone()).collect();
    let app = spawn_app_with(
        leaderboard::service(Some(settings), Arc::new(clock.clone())),
        move |s| {
            s.peers[ServiceName::Auth.index()] = auth_url.parse().unwrap();
            if let Some(url) = redis_url_for_settings {
                s.redis.url = url.into();
            }
        },
    )
    .await;
    let lb = Lb { app, clock, auth };
    if private_redis {
        return lb;
    }
    // Fetch the JWKS once, so a burst of first requests does not race the key fetch.
    let warm = lb.app.auth.token_for(Uuid::new_v4());
    let res = lb
        .get_as(&warm, &format!("/api/scores/me?game_mode={}", boards[0]))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // Start-up rebuilds every (empty) board in the background; wait, so ranks are trusted.
    for board in &boards {
        for period in leaderboard::domain::Period::ALL {
            lb.wait_ready(board, &period.window(thursday_noon()).id())
                .await;
        }
    }
    lb
}

impl Lb {
    /// A player auth knows as `name`.
    pub async fn player(&self, name: &str) -> Player {
        let id = Uuid::new_v4();
        Mock::given(method("GET"))
            .and(path(format!("/api/users/{id}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "id": id, "username": name, "avatar_url": null, "role": "player",
                "is_guest": false, "created_at": "2026-01-01T00:00:00Z"
            })))
            .mount(&self.auth)
            .await;
        Player {
            id,
            token: self.app.auth.token_for(id),
        }
    }

    pub async fn post(&self, token: &str, body: &Value) -> Response {
        self.app
            .client
            .post(self.app.url("/api/scores"))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// Submits `score` on `mode` with the username from auth; returns the 200 body.
    pub async fn submit(&self, player: &Player, mode: &str, score: i64) -> Value {
        let res = self.post(&player.token, &score_body(mode, score)).await;
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "{}",
            res.text().await.unwrap()
        );
        res.json().await.unwrap()
    }

    pub async fn get(&self, path: &str) -> Response {
        self.app.get(path).await
    }

    pub async fn get_json(&self, path: &str) -> Value {
        let res = self.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "GET {path}");
        res.json().await.unwrap()
    }

    pub async fn get_as(&self, token: &str, path: &str) -> Response {
        self.app
            .client
            .get(self.app.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    /// `(player_name, score, rank)` of each entry of a leaderboard read.
    pub async fn ranked(&self, query: &str) -> Vec<(String, i64, i64)> {
        let entries = self
            .get_json(&format!("/api/scores/leaderboard?{query}"))
            .await;
        entries
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["player_name"].as_str().unwrap().to_owned(),
                    e["score"].as_i64().unwrap(),
                    e["rank"].as_i64().unwrap(),
                )
            })
            .collect()
    }

    /// `(player_name, score)` of each entry of a leaderboard read, whose ranks must run 1..n.
    pub async fn board(&self, query: &str) -> Vec<(String, i64)> {
        let entries = self.ranked(query).await;
        let ranks: Vec<i64> = entries.iter().map(|(_, _, rank)| *rank).collect();
        assert_eq!(ranks, (1..=entries.len() as i64).collect::<Vec<_>>());
        entries
            .into_iter()
            .map(|(name, score, _)| (name, score))
            .collect()
    }

    /// Deletes every Redis key of this test's prefix (never the whole shared Redis).
    pub async fn flush_redis(&self) {
        let keys = self.app.redis.keys().await;
        if !keys.is_empty() {
            let mut conn = self.app.redis.conn().await;
            let _: () = redis::cmd("DEL")
                .arg(keys)
                .query_async(&mut conn)
                .await
                .unwrap();
        }
    }

    /// Whether the ranks of `board` in period occurrence `period_id` are trusted.
    pub async fn ranks_ready(&self, board: &str, period_id: &str) -> bool {
        let key = format!("{}lb:{board}:{period_id}:ok", self.app.redis.prefix());
        let mut conn = self.app.redis.conn().await;
        redis::cmd("EXISTS")
            .arg(key)
            .query_async(&mut conn)
            .await
            .unwrap()
    }

    /// Waits until a rebuild has made the ranks trusted again.
    pub async fn wait_ready(&self, board: &str, period_id: &str) {
        for _ in 0..200 {
            if self.ranks_ready(board, period_id).await {
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("ranks of {board} {period_id} were not rebuilt");
    }

    /// A direct connection to the service's database.
    pub async fn db(&self) -> diesel_async::AsyncPgConnection {
        self.app.db.as_ref().unwrap().conn().await
    }

    /// The events published on `topic` so far, as `(type, data)`.
    pub async fn events(&self, topic: &str) -> Vec<(String, Value)> {
        let mut conn = self.app.redis.conn().await;
        let key = format!("{}evs:{topic}", self.app.redis.prefix());
        let entries: Vec<(String, Vec<(String, String)>)> = redis::cmd("XRANGE")
            .arg(key)
            .arg("-")
            .arg("+")
            .query_async(&mut conn)
            .await
            .unwrap();
        entries
            .into_iter()
            .filter_map(|(id, fields)| {
                let body = fields.into_iter().find(|(k, _)| k == "b")?.1;
                let env: Value = serde_json::from_str(&format!("{{\"id\":\"{id}\",{body}")).ok()?;
                Some((env["type"].as_str()?.to_owned(), env["data"].clone()))
            })
            .collect()
    }

    /// Polls `events(topic)` until it holds `n` events (publishing happens in the background).
    pub async fn wait_events(&self, topic: &str, n: usize) -> Vec<(String, Value)> {
        for _ in 0..100 {
            let events = self.events(topic).await;
            if events.len() >= n {
                return events;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self.events(topic).await
    }
}

/// A submission body without `player_name` (the caller's username is used).
pub fn score_body(mode: &str, score: i64) -> Value {
    json!({
        "score": score, "coins": 3, "enemies_defeated": 2, "distance": 120,
        "level": 1, "game_mode": mode
    })
}
