//! The voting game (CLIENTS.md "Voting game"): its journey replayed by the official
//! `socket.io-client` (`crates/seed-clients/node/voting.js`, run with Node) over each transport
//! against the whole stack, and the Engine.IO refusals a broken client gets.

use std::path::PathBuf;
use std::process::Stdio;

use reqwest::StatusCode;
use seed_clients::Stack;
use serde_json::{Value, json};

/// `crates/seed-clients/node`, whose packages `scripts/ensure-deps.sh --test` installs.
fn node_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("node")
}

/// Runs `node voting.js <gateway> <mode>` and returns the JSON report it printed, failing the
/// test on a non-zero exit.
async fn run_journey(stack: &Stack, mode: &str) -> Value {
    let dir = node_dir();
    assert!(
        dir.join("node_modules/socket.io-client").is_dir(),
        "socket.io-client is not installed: run `scripts/ensure-deps.sh --test` (npm ci in {})",
        dir.display()
    );
    let gateway = format!("http://127.0.0.1:{}", stack.gateway.port);
    let mode_arg = mode.to_owned();
    // std's process in a blocking thread: the workspace's tokio has no `process` feature, and
    // the script bounds its own run (60 s) so the wait cannot hang.
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new("node")
            .arg("voting.js")
            .arg(&gateway)
            .arg(&mode_arg)
            .current_dir(&dir)
            .stdin(Stdio::null())
            .output()
    })
    .await
    .unwrap()
    .unwrap_or_else(|e| panic!("starting node (is Node.js 18+ installed?): {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let report: Value = stdout
        .lines()
        .rev()
        .find_map(|line| serde_json::from_str(line).ok())
        .unwrap_or_else(|| {
            panic!(
                "no JSON report; stdout: {stdout}; stderr: {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
    assert!(out.status.success(), "{mode}: {report}");
    assert_eq!(report["ok"], true, "{report}");
    report
}

/// What every transport's journey must have seen.
fn assert_whole_journey(report: &Value) {
    let events = &report["events"];
    for (name, times) in [
        ("player_joined", 1),
        ("game_started", 1),
        ("answer_submitted", 2),
        ("voting_started", 2),
        ("vote_update", 2),
        ("round_ended", 2),
        ("round_started", 1),
        ("game_ended", 1),
        ("player_left", 1),
    ] {
        assert_eq!(events[name], times, "{name} in {report}");
    }
    let board = report["final_leaderboard"].as_array().unwrap();
    assert_eq!(board.len(), 2);
    assert!(board.iter().all(|e| e["score"] == 2), "{board:?}");
    assert!(
        report["no_token_error"]
            .as_str()
            .unwrap()
            .contains("authentication required")
    );
    assert!(report["refused_emit"].is_string());
}

#[tokio::test]
async fn the_voting_journey_passes_over_websocket_only() {
    let stack = Stack::spawn().await;
    let report = run_journey(&stack, "websocket").await;
    assert_whole_journey(&report);
    assert_eq!(
        report["transport"],
        json!({ "host": "websocket", "player": "websocket" })
    );
}

#[tokio::test]
async fn the_voting_journey_passes_with_the_seeds_own_transports() {
    let stack = Stack::spawn().await;
    let report = run_journey(&stack, "seed").await;
    assert_whole_journey(&report);
}

#[tokio::test]
async fn the_voting_journey_passes_over_polling_upgraded_to_websocket() {
    let stack = Stack::spawn().await;
    let report = run_journey(&stack, "upgrade").await;
    assert_whole_journey(&report);
    // Both sockets started on polling and ran the game on the upgraded WebSocket.
    assert_eq!(
        report["transport"],
        json!({ "host": "websocket", "player": "websocket" })
    );
}

#[tokio::test]
async fn the_voting_journey_passes_over_polling_only() {
    let stack = Stack::spawn().await;
    let report = run_journey(&stack, "polling").await;
    assert_whole_journey(&report);
    assert_eq!(
        report["transport_at_end"],
        json!({ "host": "polling", "player": "polling" })
    );
}

#[tokio::test]
async fn broken_engine_io_clients_get_engine_io_refusals() {
    let stack = Stack::spawn().await;
    let http = stack.browser();
    let polling = |query: &str| stack.url(&format!("/socket.io/?EIO=4&transport=polling{query}"));

    let unknown = http.get(polling("&sid=nope")).send().await.unwrap();
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        unknown.json::<Value>().await.unwrap(),
        json!({ "code": 1, "message": "Session ID unknown" })
    );

    let open = |http: reqwest::Client| async move {
        let text = http
            .get(polling(""))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let handshake: Value = serde_json::from_str(&text[1..]).unwrap();
        handshake["sid"].as_str().unwrap().to_owned()
    };
    // Larger than maxPayload (the WebSocket frame limit, 16 KiB by default): 413, closed.
    let sid = open(http.clone()).await;
    let res = http
        .post(polling(&format!("&sid={sid}")))
        .body("4".repeat(20_000))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // Not an Engine.IO payload: 400, closed.
    let sid2 = open(http.clone()).await;
    let res = http
        .post(polling(&format!("&sid={sid2}")))
        .body("hello")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    for sid in [sid, sid2] {
        let poll = http
            .get(polling(&format!("&sid={sid}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(poll == "1" || poll.contains("Session ID unknown"), "{poll}");
    }
    // The gateway is still serving.
    let res = http.get(stack.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}
