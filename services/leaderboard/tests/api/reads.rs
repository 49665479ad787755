//! Leaderboard, player, rank, me, around-me and the board list.

use reqwest::StatusCode;
use testkit::conformance::assert_problem;

use crate::helpers::{Lb, Player, spawn_lb};

/// Players `p00..p{n-1}` with scores `base + 10 * i` on `mode` (so p{n-1} leads).
async fn ladder(lb: &Lb, mode: &str, n: usize, base: i64) -> Vec<Player> {
    let mut players = Vec::new();
    for i in 0..n {
        let p = lb.player(&format!("p{i:02}")).await;
        lb.submit(&p, mode, base + 10 * i as i64).await;
        players.push(p);
    }
    players
}

#[tokio::test]
async fn the_leaderboard_ranks_by_score_and_breaks_ties_by_who_got_there_first() {
    let lb = spawn_lb().await;
    let ann = lb.player("ann").await;
    let bob = lb.player("bob").await;
    let cid = lb.player("cid").await;

    lb.submit(&bob, "endless", 500).await;
    lb.clock.advance(chrono::Duration::milliseconds(1));
    lb.submit(&ann, "endless", 500).await;
    lb.submit(&cid, "endless", 900).await;
    // Same millisecond: the earlier submission (lower id) still wins.
    lb.submit(&cid, "endless", 500).await;

    let board = lb.board("game_mode=endless").await;
    assert_eq!(
        board,
        [
            ("cid".into(), 900),
            ("bob".into(), 500),
            ("ann".into(), 500),
            ("cid".into(), 500)
        ]
    );
    let entries = lb
        .get_json("/api/scores/leaderboard?game_mode=endless")
        .await;
    for field in [
        "id",
        "player_name",
        "score",
        "coins",
        "enemies_defeated",
        "distance",
        "level",
        "game_mode",
        "created_at",
        "rank",
    ] {
        assert!(entries[0].get(field).is_some(), "{field}");
    }
}

#[tokio::test]
async fn a_best_board_keeps_one_entry_per_player_and_an_all_board_every_score() {
    let lb = spawn_lb().await;
    let ann = lb.player("ann").await;
    let bob = lb.player("bob").await;
    for (p, s) in [(&ann, 10), (&ann, 30), (&ann, 20), (&bob, 25)] {
        lb.submit(p, "levels", s).await;
        lb.submit(p, "endless", s).await;
    }

    assert_eq!(
        lb.board("game_mode=levels").await,
        [("ann".into(), 30), ("bob".into(), 25)]
    );
    assert_eq!(
        lb.board("game_mode=endless").await,
        [
            ("ann".into(), 30),
            ("bob".into(), 25),
            ("ann".into(), 20),
            ("ann".into(), 10)
        ]
    );
    // Without game_mode, like the seed: every board merged by score.
    let all = lb.board("limit=3").await;
    assert_eq!(
        lb.board("limit=3&game_mode=").await,
        all,
        "an empty game_mode is no filter"
    );
    assert_eq!(
        all.iter().map(|(_, s)| *s).collect::<Vec<_>>(),
        [30, 30, 25]
    );
}

#[tokio::test]
async fn limit_defaults_to_10_is_capped_at_the_maximum_and_must_be_positive() {
    let lb = spawn_lb_with_max_limit().await;
    ladder(&lb, "endless", 12, 100).await;

    assert_eq!(lb.board("game_mode=endless").await.len(), 10);
    assert_eq!(lb.board("game_mode=endless&limit=3").await.len(), 3);
    assert_eq!(lb.board("game_mode=endless&limit=1000").await.len(), 11);
    for bad in [
        "limit=0",
        "limit=-1",
        "limit=x",
        "game_mode=arcade",
        "period=yearly",
    ] {
        let res = lb.get(&format!("/api/scores/leaderboard?{bad}")).await;
        assert_problem(res, StatusCode::BAD_REQUEST, "invalid_query").await;
    }
}

#[tokio::test]
async fn offset_pages_through_a_board_with_ranks_from_offset_plus_one() {
    // A cached top of 3 entries, so deeper pages are read past it.
    let lb = crate::helpers::spawn_lb_with(&[
        ("LEADERBOARD_MAX_LIMIT", "3"),
        ("LEADERBOARD_MAX_OFFSET", "20"),
    ])
    .await;
    ladder(&lb, "endless", 8, 100).await;
    let cid = lb.player("cid").await;
    lb.submit(&cid, "levels", 165).await;
    let expected = |scores: &[i64], first_rank: i64| -> Vec<(String, i64, i64)> {
        scores
            .iter()
            .zip(first_rank..)
            .map(|(s, r)| {
                let name = if *s == 165 {
                    "cid".to_owned()
                } else {
                    format!("p{:02}", (s - 100) / 10)
                };
                (name, *s, r)
            })
            .collect()
    };

    for source in ["Redis", "PostgreSQL"] {
        if source == "PostgreSQL" {
            lb.flush_redis().await;
        }
        // Within the cached top, across its end, and past it.
        assert_eq!(
            lb.ranked("game_mode=endless&offset=1&limit=2").await,
            expected(&[160, 150], 2),
            "{source}"
        );
        assert_eq!(
            lb.ranked("game_mode=endless&offset=2&limit=3").await,
            expected(&[150, 140, 130], 3),
            "{source}"
        );
        assert_eq!(
            lb.ranked("game_mode=endless&offset=6&limit=3").await,
            expected(&[110, 100], 7),
            "{source}"
        );
        assert_eq!(lb.ranked("game_mode=endless&offset=8").await, []);
        // Every board merged, as without offset.
        assert_eq!(
            lb.ranked("offset=1&limit=3").await,
            expected(&[165, 160, 150], 2),
            "{source}"
        );
        assert_eq!(
            lb.ranked("offset=0&limit=2").await,
            expected(&[170, 165], 1),
            "{source}"
        );
    }
    for bad in [
        "offset=-1",
        "offset=21",
        "offset=x",
        "game_mode=endless&offset=-5",
    ] {
        let res = lb.get(&format!("/api/scores/leaderboard?{bad}")).await;
        assert_problem(res, StatusCode::BAD_REQUEST, "invalid_query").await;
    }
}

async fn spawn_lb_with_max_limit() -> Lb {
    crate::helpers::spawn_lb_with(&[("LEADERBOARD_MAX_LIMIT", "11")]).await
}

#[tokio::test]
async fn a_players_best_is_found_by_name_and_an_unknown_name_is_404() {
    let lb = spawn_lb().await;
    let ann = lb.player("ann").await;
    lb.submit(&ann, "endless", 40).await;
    lb.submit(&ann, "levels", 70).await;
    lb.submit(&ann, "endless", 60).await;

    let best = lb.get_json("/api/scores/player/ann").await;
    assert_eq!(
        (best["score"].as_i64(), best["game_mode"].as_str()),
        (Some(70), Some("levels"))
    );
    assert!(
        best["rank"].is_null(),
        "the seed's player lookup has no rank"
    );
    let endless = lb
        .get_json("/api/scores/player/ann?game_mode=endless")
        .await;
    assert_eq!(endless["score"], 60);

    let missing = assert_problem(
        lb.get("/api/scores/player/nobody").await,
        StatusCode::NOT_FOUND,
        "player_not_found",
    )
    .await;
    assert_eq!(missing["detail"], "Player not found");
}

#[tokio::test]
async fn the_rank_of_a_score_counts_the_entries_strictly_above_it() {
    let lb = spawn_lb().await;
    ladder(&lb, "endless", 5, 100).await; // 100, 110, 120, 130, 140
    let bob = lb.player("bob").await;
    lb.submit(&bob, "levels", 1000).await;

    let rank = |q: &'static str| lb.get_json(q);
    assert_eq!(
        rank("/api/scores/rank/120?game_mode=endless").await,
        serde_json::json!({"score": 120, "rank": 3})
    );
    assert_eq!(
        rank("/api/scores/rank/125?game_mode=endless").await["rank"],
        3
    );
    assert_eq!(
        rank("/api/scores/rank/9999?game_mode=endless").await["rank"],
        1
    );
    assert_eq!(
        rank("/api/scores/rank/0?game_mode=endless").await["rank"],
        6
    );
    // Without game_mode every board counts, as in the seed.
    assert_eq!(rank("/api/scores/rank/120").await["rank"], 4);
    assert_problem(
        lb.get("/api/scores/rank/abc").await,
        StatusCode::BAD_REQUEST,
        "invalid_path_parameter",
    )
    .await;
}

#[tokio::test]
async fn me_gives_my_rank_and_best_entry_and_404_before_my_first_score() {
    let lb = spawn_lb().await;
    let players = ladder(&lb, "levels", 4, 100).await;
    let me = &players[1];
    lb.submit(me, "levels", 50).await; // not a best: p01 stays at 110

    let res = lb
        .get_as(&me.token, "/api/scores/me?game_mode=levels")
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["rank"], 3);
    assert_eq!(body["total_entries"], 4);
    assert_eq!(body["entry"]["score"], 110);
    assert_eq!(body["entry"]["rank"], 3);
    assert_eq!(body["period"], "all");

    let newcomer = lb.player("new").await;
    let res = lb
        .get_as(&newcomer.token, "/api/scores/me?game_mode=levels")
        .await;
    assert_problem(res, StatusCode::NOT_FOUND, "no_score").await;
    let res = lb.get("/api/scores/me?game_mode=levels").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn around_me_is_clipped_at_both_ends_of_the_board() {
    let lb = spawn_lb().await;
    let players = ladder(&lb, "levels", 10, 100).await; // p09 is first, p00 last
    let ranks_around = |body: &serde_json::Value| -> Vec<i64> {
        body["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["rank"].as_i64().unwrap())
            .collect()
    };

    let top = lb
        .get_as(
            &players[9].token,
            "/api/scores/around-me?game_mode=levels&radius=2",
        )
        .await;
    let top: serde_json::Value = top.json().await.unwrap();
    assert_eq!(top["rank"], 1);
    assert_eq!(ranks_around(&top), [1, 2, 3]);
    assert_eq!(top["entries"][0]["player_name"], "p09");

    let bottom = lb
        .get_as(
            &players[0].token,
            "/api/scores/around-me?game_mode=levels&radius=2",
        )
        .await;
    let bottom: serde_json::Value = bottom.json().await.unwrap();
    assert_eq!(bottom["rank"], 10);
    assert_eq!(ranks_around(&bottom), [8, 9, 10]);
    assert_eq!(bottom["entries"][2]["player_name"], "p00");

    let middle = lb
        .get_as(&players[5].token, "/api/scores/around-me?game_mode=levels")
        .await;
    let middle: serde_json::Value = middle.json().await.unwrap();
    assert_eq!(middle["rank"], 5);
    assert_eq!(
        ranks_around(&middle),
        (1..=10).collect::<Vec<_>>(),
        "default radius 5"
    );
    assert_eq!(middle["total_entries"], 10);

    let res = lb
        .get_as(
            &players[5].token,
            "/api/scores/around-me?game_mode=levels&radius=-1",
        )
        .await;
    assert_problem(res, StatusCode::BAD_REQUEST, "invalid_query").await;
}

#[tokio::test]
async fn the_board_list_names_each_board_its_periods_and_next_resets() {
    let lb = spawn_lb().await;

    let body = lb.get_json("/api/leaderboards").await;

    let boards = body["boards"].as_array().unwrap();
    assert_eq!(boards.len(), 2);
    assert_eq!(boards[0]["game_mode"], "levels");
    assert_eq!(boards[0]["kind"], "best");
    assert_eq!(boards[1]["kind"], "all");
    let periods = boards[0]["periods"].as_array().unwrap();
    let resets: Vec<_> = periods
        .iter()
        .map(|p| (p["period"].as_str().unwrap(), p["resets_at"].clone()))
        .collect();
    assert_eq!(
        resets,
        [
            ("all", serde_json::Value::Null),
            ("daily", "2026-12-04T00:00:00Z".into()),
            ("weekly", "2026-12-07T00:00:00Z".into()),
            ("monthly", "2027-01-01T00:00:00Z".into()),
        ]
    );
}

#[tokio::test]
async fn with_the_top_cache_on_a_write_into_the_top_shows_at_once() {
    let lb = crate::helpers::spawn_lb_with(&[("LEADERBOARD_TOP_CACHE_MS", "60000")]).await;
    let ann = lb.player("ann").await;
    let bob = lb.player("bob").await;
    lb.submit(&ann, "endless", 10).await;
    assert_eq!(lb.board("game_mode=endless").await, [("ann".into(), 10)]);

    lb.submit(&bob, "endless", 20).await;

    assert_eq!(
        lb.board("game_mode=endless").await,
        [("bob".into(), 20), ("ann".into(), 10)]
    );
}
