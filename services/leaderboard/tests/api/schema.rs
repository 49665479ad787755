//! The hand-kept `schema.rs` matches the migrated database, `down.sql` reverts `up.sql`, the
//! ranking indexes exist, and the OpenAPI spec lists every endpoint.

use diesel::QueryableByName;
use diesel::sql_types::Text;
use diesel_async::RunQueryDsl;
use serde_json::Value;

use crate::helpers::spawn_lb;

#[tokio::test]
async fn schema_rs_matches_the_migrated_database() {
    let lb = spawn_lb().await;
    testkit::schema::assert_schema_matches(
        lb.app.db.as_ref().unwrap().url(),
        include_str!("../../src/db/schema.rs"),
    )
    .await;
}

#[tokio::test]
async fn down_migrations_revert_their_up_migrations() {
    let lb = spawn_lb().await;
    testkit::schema::assert_down_reverts_up(lb.app.db.as_ref().unwrap().url(), || {
        leaderboard::MIGRATIONS
    })
    .await;
}

#[derive(QueryableByName, Debug, PartialEq)]
struct Index {
    #[diesel(sql_type = Text)]
    indexname: String,
}

#[tokio::test]
async fn the_ranking_indexes_exist() {
    let lb = spawn_lb().await;
    let mut conn = lb.db().await;
    let mut names: Vec<String> = diesel::sql_query(
        "SELECT indexname::text FROM pg_indexes WHERE tablename = 'scores' ORDER BY indexname",
    )
    .load::<Index>(&mut conn)
    .await
    .unwrap()
    .into_iter()
    .map(|i| i.indexname)
    .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "scores_board_rank_idx",
            "scores_board_time_idx",
            "scores_board_user_idx",
            "scores_pkey",
            "scores_player_name_idx",
        ]
    );
}

#[tokio::test]
async fn the_openapi_spec_documents_every_leaderboard_endpoint() {
    let lb = spawn_lb().await;
    let spec: Value = lb.get_json("/openapi.json").await;
    for (path, method) in [
        ("/api/scores", "post"),
        ("/api/scores/leaderboard", "get"),
        ("/api/scores/player/{player_name}", "get"),
        ("/api/scores/rank/{score}", "get"),
        ("/api/scores/me", "get"),
        ("/api/scores/around-me", "get"),
        ("/api/leaderboards", "get"),
    ] {
        assert!(
            spec["paths"][path][method].is_object(),
            "{method} {path} is not documented"
        );
    }
    assert!(spec["components"]["schemas"]["ScoreResponse"].is_object());
}
