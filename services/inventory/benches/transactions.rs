//! Load tool for `POST /internal/transactions` against a running inventory (build it with
//! `--release`): `BENCH_PLAYERS` players (default 100) each send transactions back to back
//! for `BENCH_SECONDS` (default 15); prints throughput and latency percentiles.
//!
//! ```sh
//! target/release/inventory serve --migrate &
//! cargo bench -p inventory --bench transactions
//! ```
//!
//! `BENCH_URL` (default `http://127.0.0.1:8082`) and `INTERNAL_TOKEN_SECRET` (default the
//! development secret) say where and how to call. Each transaction debits 1 gold and every
//! fourth also grants a stackable item, so each writes ledger rows and an idempotency record.

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::auth::ServiceTokens;
use common::settings::DEV_INTERNAL_TOKEN_SECRET;
use serde_json::{Value, json};
use uuid::Uuid;

fn env_or<T: std::str::FromStr>(key: &str, default: T) -> T {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

async fn send(http: &reqwest::Client, url: &str, token: &str, body: &Value) -> Result<(), String> {
    let res = http
        .post(url)
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if res.status().is_success() {
        Ok(())
    } else {
        Err(format!(
            "{}: {}",
            res.status(),
            res.text().await.unwrap_or_default()
        ))
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn main() -> Result<(), String> {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without it,
    // and must not start a load against whatever listens on the port.
    if !std::env::args().any(|a| a == "--bench") {
        return Ok(());
    }
    let base: String = env_or("BENCH_URL", "http://127.0.0.1:8082".to_owned());
    let players: usize = env_or("BENCH_PLAYERS", 100);
    let seconds: u64 = env_or("BENCH_SECONDS", 15);
    let secret: String = env_or(
        "INTERNAL_TOKEN_SECRET",
        DEV_INTERNAL_TOKEN_SECRET.to_owned(),
    );
    let threads: usize = env_or("BENCH_THREADS", 2);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        common::http::init_crypto();
        let tokens = ServiceTokens::new("bench", &secret.into());
        let token = Arc::new(tokens.sign().map_err(|e| e.to_string())?);
        let url = Arc::new(format!("{base}/internal/transactions"));
        let http = reqwest::Client::builder()
            .pool_max_idle_per_host(players)
            .build()
            .map_err(|e| e.to_string())?;
        let users: Vec<Uuid> = (0..players).map(|_| Uuid::new_v4()).collect();
        // Fund every player first (this also makes the profiles).
        for user in &users {
            let body = json!({ "idempotency_key": format!("fund-{user}"), "user_id": user,
                               "reason": "bench_fund",
                               "credits": [{ "currency": "gold", "amount": 1_000_000_000 }] });
            send(&http, &url, &token, &body).await?;
        }
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let started = Instant::now();
        let tasks: Vec<_> = users
            .into_iter()
            .map(|user| {
                let (http, url, token) = (http.clone(), url.clone(), token.clone());
                tokio::spawn(async move {
                    let mut latencies = Vec::new();
                    let mut errors = 0usize;
                    let mut n = 0u64;
                    while Instant::now() < deadline {
                        n += 1;
                        let mut body = json!({ "idempotency_key": Uuid::new_v4().to_string(),
                            "user_id": user, "reason": "bench",
                            "debits": [{ "currency": "gold", "amount": 1 }] });
                        if n.is_multiple_of(4) {
                            body["grants"] = json!([{ "catalog_id": "potion_stamina_sip" }]);
                        }
                        let t0 = Instant::now();
                        match send(&http, &url, &token, &body).await {
                            Ok(()) => latencies.push(t0.elapsed()),
                            Err(e) => {
                                if errors == 0 {
                                    eprintln!("error: {e}");
                                }
                                errors += 1;
                            }
                        }
                    }
                    (latencies, errors)
                })
            })
            .collect();
        let mut all = Vec::new();
        let mut errors = 0;
        for task in tasks {
            let (latencies, errs) = task.await.map_err(|e| e.to_string())?;
            all.extend(latencies);
            errors += errs;
        }
        let elapsed = started.elapsed().as_secs_f64();
        all.sort();
        println!(
            "players={players} seconds={elapsed:.1} ok={} errors={errors} throughput={:.0} tx/s \
             p50={:?} p90={:?} p99={:?} max={:?}",
            all.len(),
            all.len() as f64 / elapsed,
            percentile(&all, 0.50),
            percentile(&all, 0.90),
            percentile(&all, 0.99),
            all.last().copied().unwrap_or_default(),
        );
        Ok(())
    })
}
