//! PostgreSQL outages: each service's database link cut and restored.

use common::ServiceName as S;
use reqwest::Method;
use serde_json::json;

use testkit::faults::LinkMode;

use crate::harness::{Dep, Probe, run};

const DB: &str = "database_unavailable";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_service_answers_503_while_its_database_is_down_and_recovers_without_a_restart() {
    run(Dep::Postgres, LinkMode::Refuse, &probes()).await;
}

/// One route per service that needs its database.
pub fn probes() -> Vec<Probe> {
    vec![
        Probe::new(S::Auth, Method::GET, "/api/auth/me", DB),
        Probe::new(S::Inventory, Method::GET, "/api/wallet", DB),
        Probe::new(S::Gacha, Method::GET, "/api/gacha/history", DB),
        Probe::new(S::Battle, Method::GET, "/api/battles/history/me", DB),
        Probe::new(S::Room, Method::GET, "/api/rooms", DB),
        Probe::new(S::Leaderboard, Method::POST, "/api/scores", DB).body(|p| {
            json!({ "player_name": p.username, "score": 10, "coins": 1, "enemies_defeated": 1,
                    "distance": 5, "level": 1, "game_mode": "endless" })
        }),
        Probe::new(S::Ai, Method::GET, "/api/ai/jobs", DB),
        Probe::new(S::Asset, Method::GET, "/api/assets", DB),
    ]
}
