//! Redis is only a cache: flushed or gone, answers come from PostgreSQL and stay right; ranks
//! are rebuilt; concurrent submissions leave Redis consistent with PostgreSQL.

use std::time::Duration;

use futures_util::StreamExt;
use futures_util::stream;
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{Lb, Player, spawn_lb, spawn_lb_on};

/// Every read a client can make about `players` on `mode`, for comparing before and after.
async fn snapshot(lb: &Lb, mode: &str, players: &[Player]) -> Vec<Value> {
    let mut out = vec![
        lb.get_json(&format!(
            "/api/scores/leaderboard?game_mode={mode}&limit=100"
        ))
        .await,
        lb.get_json(&format!(
            "/api/scores/leaderboard?game_mode={mode}&limit=100&period=daily"
        ))
        .await,
        lb.get_json(&format!("/api/scores/rank/150?game_mode={mode}"))
            .await,
    ];
    for p in players {
        for path in ["me", "around-me"] {
            let res = lb
                .get_as(
                    &p.token,
                    &format!("/api/scores/{path}?game_mode={mode}&radius=3"),
                )
                .await;
            assert_eq!(res.status(), StatusCode::OK);
            out.push(res.json().await.unwrap());
        }
    }
    out
}

/// The board as PostgreSQL orders it: `(score id, rank)` for every entry.
async fn board_ids(lb: &Lb, mode: &str) -> Vec<i64> {
    let entries = lb
        .get_json(&format!(
            "/api/scores/leaderboard?game_mode={mode}&limit=100"
        ))
        .await;
    entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn after_a_flush_answers_come_from_postgres_unchanged_and_ranks_are_rebuilt() {
    let lb = spawn_lb().await;
    let mut players = Vec::new();
    for (i, score) in [120, 300, 90, 300, 150, 10].into_iter().enumerate() {
        let p = lb.player(&format!("p{i}")).await;
        lb.submit(&p, "levels", score).await;
        lb.submit(&p, "endless", score).await;
        lb.submit(&p, "endless", score / 2).await;
        players.push(p);
    }
    let levels = snapshot(&lb, "levels", &players).await;
    let endless = snapshot(&lb, "endless", &players).await;

    lb.flush_redis().await;
    assert!(!lb.ranks_ready("levels", "all").await);
    assert_eq!(
        snapshot(&lb, "levels", &players).await,
        levels,
        "answered from PostgreSQL"
    );
    assert_eq!(snapshot(&lb, "endless", &players).await, endless);

    lb.wait_ready("levels", "all").await;
    lb.wait_ready("endless", "all").await;
    lb.wait_ready("levels", "d20261203").await;
    assert_eq!(
        snapshot(&lb, "levels", &players).await,
        levels,
        "answered from rebuilt Redis"
    );
    assert_eq!(snapshot(&lb, "endless", &players).await, endless);

    // A score submitted after the flush is ranked like the rest.
    let late = lb.submit(&players[5], "levels", 200).await;
    assert_eq!(late["rank"], 3);
}

#[tokio::test]
async fn many_players_submitting_at_once_leave_redis_consistent_with_postgres() {
    let lb = spawn_lb().await;
    let mut players = Vec::new();
    for i in 0..24 {
        players.push(lb.player(&format!("p{i:02}")).await);
    }
    // Deliberately many ties (scores modulo 7) across concurrent writers.
    let submissions = players.iter().enumerate().flat_map(|(i, p)| {
        (0..4).map(move |j| {
            (
                p,
                if j % 2 == 0 { "levels" } else { "endless" },
                ((i * 31 + j * 17) % 7) as i64 * 10,
            )
        })
    });
    // 16 in flight at once: concurrent enough to interleave, within a debug build's pace.
    let results: Vec<_> =
        stream::iter(submissions.map(|(p, mode, score)| lb.submit(p, mode, score)))
            .buffer_unordered(16)
            .collect()
            .await;
    assert_eq!(results.len(), 96);

    for mode in ["levels", "endless"] {
        let from_redis = board_ids(&lb, mode).await;
        lb.flush_redis().await;
        let from_postgres = board_ids(&lb, mode).await;
        assert_eq!(from_redis, from_postgres, "{mode}");
        lb.wait_ready(mode, "all").await;
        assert_eq!(
            board_ids(&lb, mode).await,
            from_postgres,
            "{mode} after the rebuild"
        );
    }
    assert_eq!(
        board_ids(&lb, "levels").await.len(),
        24,
        "one entry per player"
    );
    assert_eq!(board_ids(&lb, "endless").await.len(), 48, "every score");
}

#[tokio::test]
async fn submissions_during_a_rebuild_are_not_lost() {
    let lb = crate::helpers::spawn_lb_with(&[("LEADERBOARD_REBUILD_BATCH", "100")]).await;
    let mut players = Vec::new();
    for i in 0..20 {
        let p = lb.player(&format!("p{i:02}")).await;
        lb.submit(&p, "endless", i * 3).await;
        players.push(p);
    }
    for round in 0..3 {
        lb.flush_redis().await;
        // The first write after the flush starts a rebuild; the rest race it.
        let writes = players
            .iter()
            .enumerate()
            .map(|(i, p)| lb.submit(p, "endless", 100 * round + i as i64));
        let _: Vec<_> = stream::iter(writes).buffer_unordered(16).collect().await;
        lb.wait_ready("endless", "all").await;
        let from_redis = board_ids(&lb, "endless").await;
        lb.flush_redis().await;
        assert_eq!(from_redis, board_ids(&lb, "endless").await, "round {round}");
        lb.wait_ready("endless", "all").await;
    }
}

#[tokio::test]
async fn with_redis_down_public_reads_answer_from_postgres_and_recover() {
    let mut redis = testkit::RedisProcess::start().await;
    let lb = spawn_lb_on(&[], Some(redis.url())).await;
    let ann = lb.player("ann").await;
    lb.submit(&ann, "endless", 77).await;

    redis.stop();
    let board = lb
        .get_json("/api/scores/leaderboard?game_mode=endless")
        .await;
    assert_eq!(board[0]["score"], 77);
    assert_eq!(
        lb.get_json("/api/scores/rank/10?game_mode=endless").await["rank"],
        2
    );
    // Authenticated routes fail closed: revocations live in Redis.
    let res = lb
        .post(&ann.token, &crate::helpers::score_body("endless", 5))
        .await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);

    redis.restart().await;
    let mut ok = false;
    for _ in 0..100 {
        if lb
            .post(&ann.token, &crate::helpers::score_body("endless", 5))
            .await
            .status()
            == StatusCode::OK
        {
            ok = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(ok, "submissions work again once Redis is back");
    let board = lb.board("game_mode=endless").await;
    assert_eq!(board.iter().map(|(_, s)| *s).collect::<Vec<_>>(), [77, 5]);
}

#[tokio::test]
async fn ranks_mirrored_from_another_database_are_dropped_at_start_up() {
    let first = spawn_lb().await;
    let ann = first.player("ann").await;
    first.submit(&ann, "endless", 10).await;
    first.submit(&ann, "endless", 20).await;

    // A second service on the same Redis prefix but a fresh database (recreated in development).
    let prefix = first.app.redis.prefix().to_owned();
    let settings = leaderboard::LeaderboardSettings::load(&common::settings::env_map(&[])).unwrap();
    let clock = leaderboard::ManualClock::new(crate::helpers::thursday_noon());
    let second = testkit::spawn_app_with(
        leaderboard::service(Some(settings), std::sync::Arc::new(clock)),
        move |s| s.redis.prefix = prefix,
    )
    .await;
    for _ in 0..200 {
        if first.ranks_ready("endless", "all").await {
            let rank: Value = second
                .get("/api/scores/rank/0?game_mode=endless")
                .await
                .json()
                .await
                .unwrap();
            if rank["rank"] == 1 {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the second database's empty board still counts the first one's scores");
}

#[tokio::test]
async fn best_entries_recorded_before_the_score_prefixed_format_are_still_understood() {
    let lb = spawn_lb().await;
    let ann = lb.player("ann").await;
    let bob = lb.player("bob").await;
    lb.submit(&ann, "levels", 50).await;
    lb.submit(&bob, "levels", 45).await;

    // Rewrite ann's best as the earlier format stored it: the bare member, no score.
    let map = format!("{}lb:levels:all:m", lb.app.redis.prefix());
    let mut conn = lb.app.redis.conn().await;
    let stored: String = redis::cmd("HGET")
        .arg(&map)
        .arg(ann.id.to_string())
        .query_async(&mut conn)
        .await
        .unwrap();
    let (score, member) = stored.split_once(' ').expect("score-prefixed value");
    assert_eq!(score, "50");
    let _: () = redis::cmd("HSET")
        .arg(&map)
        .arg(ann.id.to_string())
        .arg(member)
        .query_async(&mut conn)
        .await
        .unwrap();

    let worse = lb.submit(&ann, "levels", 40).await;
    assert_eq!(worse["personal_best"], false, "{worse}");
    // 40 would rank behind ann's 50 and bob's 45.
    assert_eq!(worse["rank"], 3, "{worse}");
    assert_eq!(
        lb.board("game_mode=levels").await,
        [("ann".to_owned(), 50), ("bob".to_owned(), 45)]
    );

    let better = lb.submit(&ann, "levels", 60).await;
    assert_eq!(better["personal_best"], true, "{better}");
    assert_eq!(better["rank"], 1, "{better}");
    assert_eq!(
        lb.board("game_mode=levels").await,
        [("ann".to_owned(), 60), ("bob".to_owned(), 45)]
    );
    let rewritten: String = redis::cmd("HGET")
        .arg(&map)
        .arg(ann.id.to_string())
        .query_async(&mut conn)
        .await
        .unwrap();
    assert!(rewritten.starts_with("60 "), "{rewritten}");
}

#[tokio::test]
async fn submissions_survive_their_database_connections_being_cut() {
    use diesel_async::SimpleAsyncConnection;
    let lb = spawn_lb().await;
    let ann = lb.player("ann").await;
    lb.submit(&ann, "levels", 10).await;
    // Every connection of the service (the writer's own included) is ended by the server.
    let mut admin = lb.db().await;
    admin
        .batch_execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .await
        .unwrap();
    // The first submission may find its connection dead: a retryable 503, never a 500.
    let first = lb
        .post(&ann.token, &crate::helpers::score_body("levels", 20))
        .await;
    assert!(
        [StatusCode::OK, StatusCode::SERVICE_UNAVAILABLE].contains(&first.status()),
        "{}",
        first.status()
    );
    // The next one reconnects.
    let body = lb.submit(&ann, "levels", 30).await;
    assert_eq!(body["score"], 30);
    assert_eq!(body["rank"], 1);
    let best = lb.get_json("/api/scores/player/ann?game_mode=levels").await;
    assert_eq!(best["score"], 30);
    assert_eq!(
        lb.board("game_mode=levels&limit=10").await,
        [("ann".to_owned(), 30)],
        "a best board keeps one entry per player"
    );
}

#[tokio::test]
async fn a_submission_refused_while_ranks_are_rebuilt_has_stored_nothing() {
    use diesel_async::SimpleAsyncConnection;
    let lb = spawn_lb().await;
    let ann = lb.player("ann").await;
    let bob = lb.player("bob").await;
    // Ranks lost: ann's score is stored, finds them untrusted and is ranked by PostgreSQL.
    lb.flush_redis().await;
    lb.submit(&ann, "endless", 10).await;
    // The rebuilds ann's submission started finish first: the only query left to block below
    // is then the read's, which holds the turn by the time it waits.
    for period in leaderboard::domain::Period::ALL {
        lb.wait_ready(
            "endless",
            &period.window(crate::helpers::thursday_noon()).id(),
        )
        .await;
    }
    // Lost again, and PostgreSQL's one fallback turn is taken by a read stuck behind a lock.
    lb.flush_redis().await;
    let mut locker = lb.db().await;
    locker
        .batch_execute("BEGIN; LOCK TABLE scores IN ACCESS EXCLUSIVE MODE")
        .await
        .unwrap();
    let reader = {
        let client = lb.app.client.clone();
        let url = lb.app.url("/api/scores/leaderboard?game_mode=endless");
        tokio::spawn(async move { client.get(url).send().await.unwrap().status() })
    };
    let mut watcher = lb.db().await;
    let waiting = "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_stat_activity \
                   WHERE datname = current_database() AND wait_event_type = 'Lock') \
                   THEN RAISE EXCEPTION 'nothing waits yet'; END IF; END $$";
    for attempt in 0.. {
        if watcher.batch_execute(waiting).await.is_ok() {
            break;
        }
        assert!(attempt < 200, "the read never reached the table");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }

    // The board was seen untrusted, so bob waits for the turn before storing, and is refused.
    let refused = lb
        .post(&bob.token, &crate::helpers::score_body("endless", 20))
        .await;
    assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(refused.headers().contains_key("retry-after"));
    let problem: Value = refused.json().await.unwrap();
    assert_eq!(problem["code"], "ranks_rebuilding", "{problem}");

    locker.batch_execute("COMMIT").await.unwrap();
    assert_eq!(reader.await.unwrap(), StatusCode::OK);
    // Nothing of bob's was stored, so his retry is his only score.
    let missing = lb.get("/api/scores/player/bob?game_mode=endless").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let retried = lb.submit(&bob, "endless", 20).await;
    assert_eq!(retried["rank"], 1);
    assert_eq!(
        lb.board("game_mode=endless&limit=10").await,
        [("bob".to_owned(), 20), ("ann".to_owned(), 10)]
    );
}
