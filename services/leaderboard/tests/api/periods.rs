//! Periods roll over on UTC boundaries (weeks from Monday), driven by the injected clock.

use chrono::{DateTime, Duration, Utc};

use crate::helpers::spawn_lb;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

#[tokio::test]
async fn daily_weekly_and_monthly_boards_start_empty_when_their_period_rolls_over() {
    let lb = spawn_lb().await;
    let ann = lb.player("ann").await;
    let bob = lb.player("bob").await;
    // Thursday 2026-12-03, just before midnight.
    lb.clock.set(at("2026-12-03T23:59:59.999Z"));
    lb.submit(&ann, "endless", 300).await;

    // Friday: a new day, the same week and month.
    lb.clock.advance(Duration::milliseconds(1));
    let fri = lb.submit(&bob, "endless", 100).await;
    assert_eq!(
        fri["ranks"],
        serde_json::json!({"all": 2, "daily": 1, "weekly": 2, "monthly": 2})
    );
    assert_eq!(
        lb.board("game_mode=endless&period=daily").await,
        [("bob".into(), 100)]
    );
    assert_eq!(lb.board("game_mode=endless&period=weekly").await.len(), 2);

    // Monday 2026-12-07 starts a new week; December continues.
    lb.clock.set(at("2026-12-07T00:00:00Z"));
    assert!(lb.board("game_mode=endless&period=daily").await.is_empty());
    assert!(lb.board("game_mode=endless&period=weekly").await.is_empty());
    assert_eq!(lb.board("game_mode=endless&period=monthly").await.len(), 2);
    let mon = lb.submit(&ann, "endless", 50).await;
    assert_eq!(
        mon["ranks"],
        serde_json::json!({"all": 3, "daily": 1, "weekly": 1, "monthly": 3})
    );

    // January: a new month; all-time keeps everything.
    lb.clock.set(at("2027-01-01T00:00:00Z"));
    assert!(
        lb.board("game_mode=endless&period=monthly")
            .await
            .is_empty()
    );
    assert_eq!(
        lb.board("game_mode=endless&period=all").await,
        [("ann".into(), 300), ("bob".into(), 100), ("ann".into(), 50)]
    );
    let res = lb
        .get_as(&ann.token, "/api/scores/me?game_mode=endless&period=weekly")
        .await;
    assert_eq!(res.status(), reqwest::StatusCode::NOT_FOUND);

    let boards = lb.get_json("/api/leaderboards").await;
    assert_eq!(
        boards["boards"][0]["periods"][1]["resets_at"],
        "2027-01-02T00:00:00Z"
    );
    assert_eq!(
        boards["boards"][0]["periods"][2]["resets_at"],
        "2027-01-04T00:00:00Z"
    );
}

#[tokio::test]
async fn period_ranks_expire_in_redis_after_their_period() {
    let lb = spawn_lb().await;
    let ann = lb.player("ann").await;
    lb.submit(&ann, "levels", 10).await;

    let mut conn = lb.app.redis.conn().await;
    let mut ttl = async |id: &str| -> i64 {
        let key = format!("{}lb:levels:{id}:z", lb.app.redis.prefix());
        redis::cmd("TTL")
            .arg(key)
            .query_async(&mut conn)
            .await
            .unwrap()
    };
    let all = ttl("all").await;
    let daily = ttl("d20261203").await;
    let monthly = ttl("m202612").await;
    assert_eq!(all, -1, "all-time never expires");
    // Noon on Thursday: 12 hours to midnight plus the grace hour.
    assert!((13 * 3600 - 5..=13 * 3600).contains(&daily), "{daily}");
    assert!(monthly > 28 * 86_400, "{monthly}");
}
