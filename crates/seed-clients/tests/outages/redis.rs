//! Redis outages: each service's Redis link cut and restored.

use common::ServiceName as S;
use reqwest::Method;
use serde_json::json;

use testkit::faults::LinkMode;

use crate::harness::{Dep, Probe, run};

const REDIS: &str = "redis_unavailable";
/// Every service checks an access token against the revocation list in its Redis before the
/// route runs, and fails closed: a signed-in route answers this while the service's Redis is
/// down (a logged-out token must not work again during an outage).
const AUTH: &str = "auth_unavailable";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_service_answers_503_while_its_redis_is_down_and_recovers_without_a_restart() {
    run(Dep::Redis, LinkMode::Refuse, &probes()).await;
}

/// One route per service that needs its Redis.
pub fn probes() -> Vec<Probe> {
    vec![
        Probe::new(S::Auth, Method::POST, "/api/auth/login", REDIS)
            .body(|p| json!({ "email": p.email, "password": seed_clients::PASSWORD })),
        Probe::new(S::Inventory, Method::POST, "/api/shop/purchase", AUTH)
            .body(|_| json!({ "item_id": "starter_blade" })),
        Probe::new(S::Gacha, Method::POST, "/api/gacha/pull?count=1", AUTH),
        Probe::new(S::Battle, Method::GET, "/api/battles/available", AUTH),
        Probe::new(S::Room, Method::POST, "/api/rooms", AUTH)
            .body(|_| json!({ "kind": "coop", "max_players": 4 })),
        // Ranks live in Redis; the read falls back to PostgreSQL.
        Probe::new(
            S::Leaderboard,
            Method::GET,
            "/api/scores/leaderboard?game_mode=endless",
            REDIS,
        )
        .served(),
        Probe::new(S::Ai, Method::POST, "/api/ai/jobs", AUTH).body(|_| {
            json!({ "job_type": "item_description",
                    "parameters": { "item_name": "Sword", "rarity": "rare" } })
        }),
        Probe::new(S::Asset, Method::POST, "/api/assets/upload", AUTH).body(|_| {
            json!({ "filename": "a.png", "content_type": "image/png", "size": 1024,
                    "asset_type": "image", "category": "tiles" })
        }),
        // The gateway's rate limiter lets requests pass while its Redis is down (ratelimit.rs).
        Probe::new(S::Gateway, Method::GET, "/api/wallet", REDIS).served(),
    ]
}
