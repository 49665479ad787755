//! The voting party game: a full game through the gateway, the vote and answer rules on every
//! path, deadlines that advance phases with nobody acting (also across a restart and with two
//! replicas), and questions from the ai service or, when it is down or stalls, our own bank.

use std::time::{Duration, Instant};

use common::ServiceName;
use diesel::QueryableByName;
use diesel::sql_types::{Jsonb, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use reqwest::StatusCode;
use room::RoomSettings;
use serde_json::{Value, json};
use testkit::{TestApp, spawn_app_with};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;

use crate::helpers::{Stack, assert_problem, gateway, replica, settings};
use crate::ws::{connect, expect, send, until};

/// Room settings with the given windows, a fast game sweeper and a short ai deadline.
fn game_settings(answer_seconds: i32, vote_seconds: i32) -> RoomSettings {
    let mut s = settings();
    s.game.answer_seconds = answer_seconds;
    s.game.vote_seconds = vote_seconds;
    s.game.sweep_interval = Duration::from_millis(100);
    s.game.ai_timeout = Duration::from_millis(300);
    s
}

/// A port nothing listens on.
async fn closed_port() -> url::Url {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    url::Url::parse(&format!("http://127.0.0.1:{port}")).unwrap()
}

/// The room service alone, its ai peer at `ai`.
async fn spawn_game(settings: RoomSettings, ai: url::Url) -> Stack {
    let room = spawn_app_with(room::service(Some(settings)), move |s| {
        s.peers[ServiceName::Ai.index()] = ai;
    })
    .await;
    Stack {
        room,
        inventory: None,
        http: reqwest::Client::new(),
    }
}

/// A voting room hosted by `host` with `others` joined; returns its code.
async fn voting_room(app: &Stack, host: Uuid, others: &[Uuid], rounds: i32) -> String {
    let room = app
        .create(
            host,
            json!({ "kind": "voting", "total_rounds": rounds, "player_name": "Host" }),
        )
        .await;
    let code = room["code"].as_str().unwrap().to_owned();
    for (i, p) in others.iter().enumerate() {
        let res = app
            .post(
                "/api/rooms/join",
                *p,
                &json!({ "code": code, "player_name": format!("P{i}") }),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    code
}

async fn ok_json(res: reqwest::Response, status: StatusCode) -> Value {
    let got = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(got, status, "{body}");
    body
}

async fn start(app: &Stack, host: Uuid, code: &str) -> Value {
    ok_json(
        app.post(&format!("/api/game/{code}/start"), host, &json!({}))
            .await,
        StatusCode::OK,
    )
    .await
}

async fn answer(app: &Stack, user: Uuid, round: &str, content: &str) -> reqwest::Response {
    app.post(
        &format!("/api/game/rounds/{round}/answer"),
        user,
        &json!({ "content": content }),
    )
    .await
}

async fn vote(app: &Stack, user: Uuid, round: &str, answer_id: &str) -> reqwest::Response {
    app.post(
        &format!("/api/game/rounds/{round}/vote"),
        user,
        &json!({ "answer_id": answer_id }),
    )
    .await
}

async fn state(app: &Stack, user: Uuid, code: &str) -> Value {
    ok_json(
        app.get(&format!("/api/game/{code}"), user).await,
        StatusCode::OK,
    )
    .await
}

/// Waits until the game's phase is `phase`; returns how long that took.
async fn wait_for_phase(
    app: &Stack,
    user: Uuid,
    code: &str,
    phase: &str,
    limit: Duration,
) -> Duration {
    let started = Instant::now();
    loop {
        if state(app, user, code).await["phase"] == phase {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < limit,
            "phase {phase} not reached in {limit:?}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Event types published on `room:{code}`, in order.
async fn event_types(app: &TestApp, code: &str) -> Vec<(String, Value)> {
    let topic = contracts::Topic::room(code).unwrap();
    app.context
        .events
        .replay(&topic, "0", 1000)
        .await
        .unwrap()
        .into_iter()
        .map(|e| {
            let e: Value = serde_json::from_str(&e).unwrap();
            (e["type"].as_str().unwrap().to_owned(), e["data"].clone())
        })
        .collect()
}

/// The room's events once one of type `kind` is among them (a phase change is committed
/// before its event is published).
async fn events_with(app: &TestApp, code: &str, kind: &str) -> Vec<(String, Value)> {
    let started = Instant::now();
    loop {
        let events = event_types(app, code).await;
        if events.iter().any(|(k, _)| k == kind) {
            return events;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "no {kind} event"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

fn count(events: &[(String, Value)], kind: &str) -> usize {
    events.iter().filter(|(k, _)| k == kind).count()
}

async fn db(app: &Stack) -> AsyncPgConnection {
    app.room.db.as_ref().unwrap().conn().await
}

#[derive(QueryableByName)]
struct StatusRow {
    #[diesel(sql_type = Text)]
    status: String,
}

async fn round_status(conn: &mut AsyncPgConnection, round: &str) -> String {
    diesel::sql_query(format!(
        "SELECT status FROM game_rounds WHERE id = '{}'",
        round.parse::<Uuid>().unwrap()
    ))
    .get_result::<StatusRow>(conn)
    .await
    .unwrap()
    .status
}

#[derive(QueryableByName)]
struct QuestionsRow {
    #[diesel(sql_type = Jsonb)]
    questions: Value,
    #[diesel(sql_type = Text)]
    question_source: String,
}

async fn stored_questions(app: &Stack) -> (Vec<String>, String) {
    let mut conn = db(app).await;
    let row: QuestionsRow =
        diesel::sql_query("SELECT questions, question_source FROM voting_games")
            .get_result(&mut conn)
            .await
            .unwrap();
    let questions = row
        .questions
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q.as_str().unwrap().to_owned())
        .collect();
    (questions, row.question_source)
}

/// A gateway-routed REST call.
async fn via(
    gw: &TestApp,
    app: &Stack,
    method: reqwest::Method,
    path: &str,
    user: Uuid,
    body: Option<Value>,
) -> reqwest::Response {
    let mut req = app
        .http
        .request(method, gw.url(path))
        .bearer_auth(app.token(user));
    if let Some(body) = body {
        req = req.json(&body);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn a_three_player_game_runs_to_its_final_leaderboard_through_the_gateway() {
    let app = spawn_game(game_settings(60, 45), closed_port().await).await;
    let gw = gateway(&app.room, None).await;
    let (host, bea, cy) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    let post = reqwest::Method::POST;
    let get = reqwest::Method::GET;

    let room = ok_json(
        via(
            &gw,
            &app,
            post.clone(),
            "/api/rooms",
            host,
            Some(json!({ "kind": "voting", "total_rounds": 2, "player_name": "Ann" })),
        )
        .await,
        StatusCode::CREATED,
    )
    .await;
    let code = room["code"].as_str().unwrap().to_owned();
    assert_eq!(
        (room["max_players"].as_i64(), room["total_rounds"].as_i64()),
        (Some(8), Some(2))
    );
    let mut socket = connect(&gw, "/ws", &app.token(host)).await;
    expect(&mut socket, "op", "welcome").await;
    send(
        &mut socket,
        json!({ "op": "subscribe", "topic": format!("room:{code}") }),
    )
    .await;
    expect(&mut socket, "op", "subscribed").await;
    for (user, name) in [(bea, "Bea"), (cy, "Cy")] {
        ok_json(
            via(
                &gw,
                &app,
                post.clone(),
                "/api/rooms/join",
                user,
                Some(json!({ "code": code, "player_name": name })),
            )
            .await,
            StatusCode::OK,
        )
        .await;
        let joined = until(&mut socket, "type", "player_joined").await;
        assert_eq!(joined["data"]["username"], name);
    }

    // A non-host cannot start; the host can, once.
    let refused = via(
        &gw,
        &app,
        post.clone(),
        &format!("/api/game/{code}/start"),
        bea,
        None,
    )
    .await;
    assert_problem(refused, StatusCode::FORBIDDEN, "not_host").await;
    let started = ok_json(
        via(
            &gw,
            &app,
            post.clone(),
            &format!("/api/game/{code}/start"),
            host,
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(started["message"], "Game started");
    assert_eq!(started["room_code"], code.as_str());
    let again = via(
        &gw,
        &app,
        post.clone(),
        &format!("/api/game/{code}/start"),
        host,
        None,
    )
    .await;
    assert_problem(again, StatusCode::CONFLICT, "game_already_started").await;
    let event = until(&mut socket, "type", "game_started").await["data"].clone();
    let round = event["round_id"].as_str().unwrap().to_owned();
    assert_eq!(event["round_number"], 1);
    assert_eq!(event["time_limit"], 60);
    assert_eq!(event["status"], "answering");
    assert!(event["question"].as_str().is_some_and(|q| !q.is_empty()));

    for (round_no, expected_winner) in [(1, bea), (2, cy)] {
        let round = if round_no == 1 {
            round.clone()
        } else {
            let next = ok_json(
                via(
                    &gw,
                    &app,
                    post.clone(),
                    &format!("/api/game/{code}/next-round"),
                    host,
                    None,
                )
                .await,
                StatusCode::OK,
            )
            .await;
            let event = until(&mut socket, "type", "round_started").await["data"].clone();
            assert_eq!(event["round_number"], 2);
            assert_eq!(event["round_id"], next["round_id"]);
            assert_ne!(
                event["question"], started["question"],
                "a question repeated"
            );
            next["round_id"].as_str().unwrap().to_owned()
        };
        let mut ids = std::collections::HashMap::new();
        for (n, user) in [host, bea, cy].into_iter().enumerate() {
            let body = ok_json(
                via(
                    &gw,
                    &app,
                    post.clone(),
                    &format!("/api/game/rounds/{round}/answer"),
                    user,
                    Some(json!({ "content": format!("answer {n}") })),
                )
                .await,
                StatusCode::CREATED,
            )
            .await;
            assert_eq!(
                (body["vote_count"].as_i64(), body["is_own_answer"].as_bool()),
                (Some(0), Some(true))
            );
            assert_eq!(body["content"], format!("answer {n}"));
            let submitted = until(&mut socket, "type", "answer_submitted").await;
            assert_eq!(submitted["data"]["submitted_count"], n + 1);
            ids.insert(user, body["id"].as_str().unwrap().to_owned());
        }
        // Anonymous: no author on the wire before the results.
        let listed = ok_json(
            via(
                &gw,
                &app,
                get.clone(),
                &format!("/api/game/rounds/{round}/answers"),
                bea,
                None,
            )
            .await,
            StatusCode::OK,
        )
        .await;
        let listed = listed.as_array().unwrap().clone();
        assert_eq!(listed.len(), 3);
        assert!(
            listed
                .iter()
                .all(|a| a.get("author_id").is_none() && a.get("username").is_none())
        );
        assert_eq!(
            listed.iter().filter(|a| a["is_own_answer"] == true).count(),
            1
        );

        ok_json(
            via(
                &gw,
                &app,
                post.clone(),
                &format!("/api/game/{code}/voting"),
                host,
                None,
            )
            .await,
            StatusCode::OK,
        )
        .await;
        let voting = until(&mut socket, "type", "voting_started").await["data"].clone();
        assert_eq!(voting["round_id"], round.as_str());
        assert_eq!(voting["time_limit"], 45);
        assert_eq!(voting["answers"].as_array().unwrap().len(), 3);
        assert!(
            !voting.to_string().contains(&bea.to_string()),
            "an author leaked: {voting}"
        );

        // Everyone votes for the expected winner, who votes for the host.
        for voter in [host, bea, cy] {
            let target = if voter == expected_winner {
                host
            } else {
                expected_winner
            };
            let body = ok_json(
                via(
                    &gw,
                    &app,
                    post.clone(),
                    &format!("/api/game/rounds/{round}/vote"),
                    voter,
                    Some(json!({ "answer_id": ids[&target] })),
                )
                .await,
                StatusCode::CREATED,
            )
            .await;
            assert_eq!(body["message"], "Vote submitted");
            assert!(body["vote_id"].as_str().is_some());
            let update = until(&mut socket, "type", "vote_update").await["data"].clone();
            assert_eq!(update["answer_id"], ids[&target].as_str());
        }
        let ended = ok_json(
            via(
                &gw,
                &app,
                post.clone(),
                &format!("/api/game/{code}/end-round"),
                host,
                None,
            )
            .await,
            StatusCode::OK,
        )
        .await;
        assert_eq!(ended["is_final"], round_no == 2);
        let event = until(&mut socket, "type", "round_ended").await["data"].clone();
        assert_eq!(event["round_number"], round_no);
        let winner = event["leaderboard"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["user_id"] == expected_winner.to_string())
            .unwrap()
            .clone();
        assert_eq!(winner["round_points"], 2, "{event}");
        // After the results the authors are revealed.
        let listed = ok_json(
            via(
                &gw,
                &app,
                get.clone(),
                &format!("/api/game/rounds/{round}/answers"),
                cy,
                None,
            )
            .await,
            StatusCode::OK,
        )
        .await;
        assert!(
            listed
                .as_array()
                .unwrap()
                .iter()
                .all(|a| a["author_id"].is_string())
        );
    }

    let final_event = until(&mut socket, "type", "game_ended").await["data"].clone();
    let board = final_event["final_leaderboard"].as_array().unwrap().clone();
    let points = |u: Uuid| {
        board
            .iter()
            .find(|e| e["user_id"] == u.to_string())
            .unwrap()["score"]
            .as_i64()
            .unwrap()
    };
    assert_eq!((points(host), points(bea), points(cy)), (2, 2, 2));

    let leaderboard = ok_json(
        via(
            &gw,
            &app,
            get.clone(),
            &format!("/api/game/{code}/leaderboard"),
            bea,
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    let scores = leaderboard["scores"].as_array().unwrap();
    assert_eq!(scores.len(), 3);
    for entry in scores {
        for field in ["user_id", "username", "total_points", "round_points"] {
            assert!(!entry[field].is_null(), "{field} missing in {entry}");
        }
        assert_eq!(entry["total_points"], 2);
    }
    let cy_entry = scores
        .iter()
        .find(|e| e["user_id"] == cy.to_string())
        .unwrap();
    assert_eq!(
        (
            cy_entry["username"].as_str(),
            cy_entry["round_points"].as_i64()
        ),
        (Some("Cy"), Some(2))
    );
    assert_eq!(leaderboard["is_final"], true);

    let game = ok_json(
        via(&gw, &app, get, &format!("/api/game/{code}"), cy, None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (game["phase"].as_str(), game["status"].as_str()),
        (Some("finished"), Some("finished"))
    );
    let over = via(
        &gw,
        &app,
        post,
        &format!("/api/game/{code}/next-round"),
        host,
        None,
    )
    .await;
    assert_problem(over, StatusCode::CONFLICT, "game_finished").await;
}

#[tokio::test]
async fn self_votes_are_refused_over_rest_websocket_actions_and_by_the_database() {
    let app = spawn_game(game_settings(60, 45), closed_port().await).await;
    let gw = gateway(&app.room, None).await;
    let (host, other) = (Uuid::new_v4(), Uuid::new_v4());
    let code = voting_room(&app, host, &[other], 1).await;
    let round = start(&app, host, &code).await["round_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mine = ok_json(
        answer(&app, host, &round, "mine").await,
        StatusCode::CREATED,
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let theirs = ok_json(
        answer(&app, other, &round, "theirs").await,
        StatusCode::CREATED,
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Voting is not open yet.
    assert_problem(
        vote(&app, other, &round, &mine).await,
        StatusCode::CONFLICT,
        "not_accepting_votes",
    )
    .await;
    app.post(&format!("/api/game/{code}/voting"), host, &json!({}))
        .await;

    assert_problem(
        vote(&app, host, &round, &mine).await,
        StatusCode::BAD_REQUEST,
        "cannot_vote_own_answer",
    )
    .await;
    let res = app
        .action(
            host,
            "submit_vote",
            json!({ "round_id": round, "answer_id": mine, "room_code": code }),
        )
        .await;
    assert_problem(res, StatusCode::BAD_REQUEST, "cannot_vote_own_answer").await;
    let mut socket = connect(&gw, "/ws", &app.token(other)).await;
    expect(&mut socket, "op", "welcome").await;
    send(&mut socket, json!({ "op": "action", "service": "room", "type": "submit_vote", "data": { "round_id": round, "answer_id": theirs, "room_code": code }, "ref": "1" })).await;
    let reply = expect(&mut socket, "op", "reply").await;
    assert_eq!(
        (reply["ok"].as_bool(), reply["error"]["code"].as_str()),
        (Some(false), Some("cannot_vote_own_answer"))
    );

    // The database refuses one even if code were bypassed.
    let mut conn = db(&app).await;
    let inserted = diesel::sql_query(format!(
        "INSERT INTO game_votes (id, round_id, voter_id, answer_id, author_id) VALUES ('{}', '{round}', '{host}', '{mine}', '{host}')",
        Uuid::new_v4()
    ))
    .execute(&mut conn)
    .await;
    assert!(
        inserted
            .unwrap_err()
            .to_string()
            .contains("game_votes_not_own_answer")
    );
    // ... and a vote whose author is not the answer's.
    let forged = diesel::sql_query(format!(
        "INSERT INTO game_votes (id, round_id, voter_id, answer_id, author_id) VALUES ('{}', '{round}', '{host}', '{mine}', '{other}')",
        Uuid::new_v4()
    ))
    .execute(&mut conn)
    .await;
    assert!(
        forged
            .unwrap_err()
            .to_string()
            .contains("game_votes_answer_fkey")
    );

    // A fair vote over the native action works, with the seed's ack.
    send(&mut socket, json!({ "op": "action", "service": "room", "type": "submit_vote", "data": { "round_id": round, "answer_id": mine, "room_code": code }, "ref": "2" })).await;
    let reply = expect(&mut socket, "op", "reply").await;
    assert_eq!(reply["ok"], true, "{reply}");
    assert_eq!(reply["data"]["success"], true);
    assert!(reply["data"]["vote_id"].is_string());
}

#[tokio::test]
async fn double_answers_and_double_votes_are_refused_even_when_racing() {
    let app = spawn_game(game_settings(60, 45), closed_port().await).await;
    let (host, b, c) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    let code = voting_room(&app, host, &[b, c], 1).await;
    let round = start(&app, host, &code).await["round_id"]
        .as_str()
        .unwrap()
        .to_owned();

    assert_problem(
        answer(&app, b, &round, "   ").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_problem(
        answer(&app, b, &round, &"x".repeat(501)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_problem(
        answer(&app, Uuid::new_v4(), &round, "stranger").await,
        StatusCode::FORBIDDEN,
        "not_a_member",
    )
    .await;
    assert_problem(
        answer(&app, b, &Uuid::new_v4().to_string(), "lost").await,
        StatusCode::NOT_FOUND,
        "round_not_found",
    )
    .await;

    let (first, second) = tokio::join!(
        answer(&app, b, &round, "one"),
        answer(&app, b, &round, "two")
    );
    let mut statuses = [first.status(), second.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::CREATED, StatusCode::CONFLICT]);
    assert_problem(
        answer(&app, b, &round, "three").await,
        StatusCode::CONFLICT,
        "already_answered",
    )
    .await;
    let res = app
        .action(
            b,
            "submit_answer",
            json!({ "round_id": round, "answer": "four", "room_code": code }),
        )
        .await;
    assert_problem(res, StatusCode::CONFLICT, "already_answered").await;
    let ack = app
        .act(
            c,
            "submit_answer",
            json!({ "round_id": round, "answer": "from c", "room_code": code }),
        )
        .await;
    assert_eq!(ack["success"], true);
    let c_answer = ack["answer_id"].as_str().unwrap().to_owned();

    let ack = app
        .act(
            host,
            "start_voting",
            json!({ "round_id": round, "room_code": code }),
        )
        .await;
    assert_eq!(ack["success"], true);
    assert_problem(
        answer(&app, host, &round, "late").await,
        StatusCode::CONFLICT,
        "not_accepting_answers",
    )
    .await;
    let (first, second) = tokio::join!(
        vote(&app, b, &round, &c_answer),
        vote(&app, b, &round, &c_answer)
    );
    let mut statuses = [first.status(), second.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::CREATED, StatusCode::CONFLICT]);
    assert_problem(
        vote(&app, b, &round, &c_answer).await,
        StatusCode::CONFLICT,
        "already_voted",
    )
    .await;
    let res = app
        .action(
            b,
            "submit_vote",
            json!({ "round_id": round, "answer_id": c_answer, "room_code": code }),
        )
        .await;
    assert_problem(res, StatusCode::CONFLICT, "already_voted").await;
    assert_problem(
        vote(&app, host, &round, &Uuid::new_v4().to_string()).await,
        StatusCode::NOT_FOUND,
        "answer_not_found",
    )
    .await;

    let ended = app
        .act(
            host,
            "end_round",
            json!({ "round_id": round, "room_code": code }),
        )
        .await;
    assert_eq!(ended["is_final"], true);
    let board: Value = app
        .get(&format!("/api/game/{code}/leaderboard"), b)
        .await
        .json()
        .await
        .unwrap();
    let c_points = board["scores"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["user_id"] == c.to_string())
        .unwrap()["total_points"]
        .clone();
    assert_eq!(c_points, 1, "one vote counted once: {board}");
}

#[tokio::test]
async fn phases_advance_by_their_deadlines_with_nobody_acting() {
    let app = spawn_game(game_settings(1, 1), closed_port().await).await;
    let (host, b) = (Uuid::new_v4(), Uuid::new_v4());
    let code = voting_room(&app, host, &[b], 1).await;
    let started = start(&app, host, &code).await;
    let round = started["round_id"].as_str().unwrap().to_owned();
    let ab = ok_json(
        answer(&app, b, &round, "only answer").await,
        StatusCode::CREATED,
    )
    .await;

    let took = wait_for_phase(&app, host, &code, "voting", Duration::from_secs(3)).await;
    assert!(
        took < Duration::from_millis(2000),
        "answering closed after {took:?}"
    );
    assert_problem(
        answer(&app, host, &round, "too late").await,
        StatusCode::CONFLICT,
        "not_accepting_answers",
    )
    .await;
    let state_now = state(&app, host, &code).await;
    assert_eq!(state_now["round"]["time_limit"], 1);
    assert_eq!(state_now["answers"].as_array().unwrap().len(), 1);
    ok_json(
        vote(&app, host, &round, ab["id"].as_str().unwrap()).await,
        StatusCode::CREATED,
    )
    .await;

    let took = wait_for_phase(&app, host, &code, "finished", Duration::from_secs(3)).await;
    assert!(
        took < Duration::from_millis(2000),
        "voting closed after {took:?}"
    );
    let events = events_with(&app.room, &code, "game_ended").await;
    let voting = events.iter().find(|(k, _)| k == "voting_started").unwrap();
    assert_eq!(voting.1["reason"], "deadline");
    assert_eq!(voting.1["answers"].as_array().unwrap().len(), 1);
    let ended = events.iter().find(|(k, _)| k == "round_ended").unwrap();
    assert_eq!(ended.1["reason"], "deadline");
    assert_eq!(ended.1["leaderboard"][0]["user_id"], b.to_string());
    assert_eq!(ended.1["leaderboard"][0]["score"], 1);
    assert_eq!(
        (
            count(&events, "voting_started"),
            count(&events, "round_ended"),
            count(&events, "game_ended")
        ),
        (1, 1, 1)
    );
}

#[tokio::test]
async fn a_restart_during_a_round_still_ends_it_on_time() {
    let app = spawn_game(game_settings(1, 30), closed_port().await).await;
    let (host, b) = (Uuid::new_v4(), Uuid::new_v4());
    let code = voting_room(&app, host, &[b], 2).await;
    let round = start(&app, host, &code).await["round_id"]
        .as_str()
        .unwrap()
        .to_owned();

    // The only instance stops before the deadline; nothing moves while none runs.
    app.room.stop().await;
    tokio::time::sleep(Duration::from_millis(1600)).await;
    let mut conn = db(&app).await;
    assert_eq!(round_status(&mut conn, &round).await, "answering");

    // A new instance on the same database and prefix acts on the overdue deadline at once.
    let restarted = replica(&app.room, game_settings(1, 30)).await;
    let began = Instant::now();
    while round_status(&mut conn, &round).await != "voting" {
        assert!(began.elapsed() < Duration::from_secs(3), "never advanced");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let took = began.elapsed();
    assert!(
        took < Duration::from_millis(1500),
        "advanced {took:?} after the restart"
    );
    let game: Value = app
        .http
        .get(restarted.url(&format!("/api/game/{code}")))
        .bearer_auth(app.token(b))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(game["phase"], "voting", "{game}");
    assert_eq!(
        count(
            &events_with(&restarted, &code, "voting_started").await,
            "voting_started"
        ),
        1
    );
}

#[tokio::test]
async fn two_replicas_move_each_phase_exactly_once() {
    let mut fast = game_settings(1, 1);
    fast.game.sweep_interval = Duration::from_millis(50);
    let app = spawn_game(fast.clone(), closed_port().await).await;
    let second = replica(&app.room, fast).await;
    let mut codes = Vec::new();
    for _ in 0..3 {
        let (host, b) = (Uuid::new_v4(), Uuid::new_v4());
        let code = voting_room(&app, host, &[b], 2).await;
        start(&app, host, &code).await;
        codes.push((code, host));
    }
    for (code, host) in &codes {
        wait_for_phase(&app, *host, code, "results", Duration::from_secs(5)).await;
        // The host moves on through the other replica; the deadlines end round two.
        let res = second
            .client
            .post(second.url(&format!("/api/game/{code}/next-round")))
            .bearer_auth(app.token(*host))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
    }
    for (code, host) in &codes {
        wait_for_phase(&app, *host, code, "finished", Duration::from_secs(5)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    for (code, _) in &codes {
        let events = events_with(&app.room, code, "game_ended").await;
        assert_eq!(
            (
                count(&events, "game_started"),
                count(&events, "voting_started"),
                count(&events, "round_ended"),
                count(&events, "round_started"),
                count(&events, "game_ended")
            ),
            (1, 2, 2, 1, 1),
            "{code}: {:?}",
            events.iter().map(|(k, _)| k).collect::<Vec<_>>()
        );
    }
}

/// A one-shot HTTP peer: answers every request with `body`, or never answers when `None`.
async fn fake_ai(body: Option<Value>) -> url::Url {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let body = body.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 16 * 1024];
                let _ = stream.read(&mut buf).await;
                match body {
                    Some(body) => {
                        let text = body.to_string();
                        let response = format!(
                            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{text}",
                            text.len()
                        );
                        let _ = stream.write_all(response.as_bytes()).await;
                    }
                    // Stalls: holds the connection open without a word.
                    None => tokio::time::sleep(Duration::from_secs(30)).await,
                }
            });
        }
    });
    url::Url::parse(&format!("http://127.0.0.1:{port}")).unwrap()
}

#[tokio::test]
async fn the_built_in_bank_is_used_when_the_ai_service_is_down_or_stalls() {
    for ai in [closed_port().await, fake_ai(None).await] {
        let app = spawn_game(game_settings(60, 45), ai).await;
        let host = Uuid::new_v4();
        let code = voting_room(&app, host, &[Uuid::new_v4()], 10).await;
        let began = Instant::now();
        let started = start(&app, host, &code).await;
        assert!(
            began.elapsed() < Duration::from_secs(2),
            "start waited {:?}",
            began.elapsed()
        );
        let (questions, source) = stored_questions(&app).await;
        assert_eq!(source, "bank");
        assert_eq!(questions.len(), 10);
        let distinct: std::collections::HashSet<_> = questions.iter().collect();
        assert_eq!(distinct.len(), 10, "a question repeats: {questions:?}");
        assert!(
            questions
                .iter()
                .all(|q| room::domain::question_bank::QUESTIONS.contains(&q.as_str()))
        );
        assert_eq!(started["question"], questions[0].as_str());
    }
}

#[tokio::test]
async fn questions_come_from_the_ai_service_and_are_topped_up_from_the_bank() {
    let ai = fake_ai(Some(
        json!({ "questions": ["1. What do owls dream of?", "What do owls dream of?"] }),
    ))
    .await;
    let app = spawn_game(game_settings(60, 45), ai).await;
    let host = Uuid::new_v4();
    let code = voting_room(&app, host, &[Uuid::new_v4()], 3).await;
    let started = start(&app, host, &code).await;
    assert_eq!(started["question"], "What do owls dream of?");
    let (questions, source) = stored_questions(&app).await;
    assert_eq!(source, "mixed");
    assert_eq!(questions.len(), 3);
    assert!(
        questions[1..]
            .iter()
            .all(|q| room::domain::question_bank::QUESTIONS.contains(&q.as_str()))
    );
}

#[tokio::test]
async fn host_controls_are_refused_to_players_and_out_of_phase() {
    let app = spawn_game(game_settings(60, 45), closed_port().await).await;
    let (host, b) = (Uuid::new_v4(), Uuid::new_v4());
    let code = voting_room(&app, host, &[b], 2).await;
    let before = app
        .post(&format!("/api/game/{code}/voting"), host, &json!({}))
        .await;
    assert_problem(before, StatusCode::CONFLICT, "game_not_started").await;
    assert_eq!(state(&app, b, &code).await["phase"], "waiting");
    start(&app, host, &code).await;
    for path in ["voting", "end-round", "next-round"] {
        let res = app
            .post(&format!("/api/game/{code}/{path}"), b, &json!({}))
            .await;
        assert_problem(res, StatusCode::FORBIDDEN, "not_host").await;
    }
    let early = app
        .post(&format!("/api/game/{code}/next-round"), host, &json!({}))
        .await;
    assert_problem(early, StatusCode::CONFLICT, "wrong_phase").await;
    let stranger = app.get(&format!("/api/game/{code}"), Uuid::new_v4()).await;
    assert_problem(stranger, StatusCode::FORBIDDEN, "not_a_member").await;

    let space = app.create(host, json!({ "kind": "space" })).await;
    let res = app
        .post(
            &format!("/api/game/{}/start", space["code"].as_str().unwrap()),
            host,
            &json!({}),
        )
        .await;
    assert_problem(res, StatusCode::BAD_REQUEST, "wrong_room_kind").await;

    // The seed's start_game action on a voting room runs the game's start.
    let other = voting_room(&app, host, &[b], 1).await;
    let ack = app
        .act(host, "start_game", json!({ "room_code": other }))
        .await;
    assert_eq!(ack["success"], true);
    assert!(ack["round_id"].is_string());
    let st = app
        .act(b, "get_game_state", json!({ "room_code": other }))
        .await;
    assert_eq!(st["phase"], "answering");
}

#[tokio::test]
async fn a_room_chooses_its_own_windows_at_creation() {
    let app = spawn_game(game_settings(60, 45), closed_port().await).await;
    let (host, b) = (Uuid::new_v4(), Uuid::new_v4());
    let bad = app
        .post(
            "/api/rooms",
            host,
            &json!({ "kind": "voting", "answer_seconds": 0 }),
        )
        .await;
    assert_problem(bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let room = app
        .create(
            host,
            json!({ "kind": "voting", "total_rounds": 1, "answer_seconds": 1, "vote_seconds": 2 }),
        )
        .await;
    let code = room["code"].as_str().unwrap().to_owned();
    app.join(b, &code).await;
    let started = start(&app, host, &code).await;
    assert_eq!(started["time_limit"], 1);
    let game = state(&app, b, &code).await;
    assert_eq!(
        (
            game["answer_seconds"].as_i64(),
            game["vote_seconds"].as_i64()
        ),
        (Some(1), Some(2))
    );
    wait_for_phase(&app, b, &code, "voting", Duration::from_secs(3)).await;
    assert_eq!(state(&app, b, &code).await["round"]["time_limit"], 2);
    wait_for_phase(&app, b, &code, "finished", Duration::from_secs(4)).await;

    // The native create_room takes the same windows.
    let other = Uuid::new_v4();
    let res = app
        .action(
            other,
            "create_room",
            json!({ "kind": "voting", "vote_seconds": 601 }),
        )
        .await;
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let created = app
        .act(
            other,
            "create_room",
            json!({ "kind": "voting", "answer_seconds": 2, "vote_seconds": 3 }),
        )
        .await;
    let game = state(&app, other, created["room_id"].as_str().unwrap()).await;
    assert_eq!(
        (
            game["answer_seconds"].as_i64(),
            game["vote_seconds"].as_i64()
        ),
        (Some(2), Some(3))
    );
}

/// Sends a native `action` and returns its reply.
async fn act(socket: &mut crate::ws::Socket, kind: &str, data: Value, reference: &str) -> Value {
    send(
        socket,
        json!({ "op": "action", "service": "room", "type": kind, "data": data, "ref": reference }),
    )
    .await;
    loop {
        let frame = until(socket, "op", "reply").await;
        if frame["ref"] == reference {
            assert_eq!(frame["ok"], true, "{kind}: {frame}");
            assert_eq!(frame["data"]["success"], true, "{kind}: {frame}");
            return frame["data"].clone();
        }
    }
}

#[tokio::test]
async fn the_seed_socket_events_play_a_game_as_native_actions_through_the_gateway() {
    let app = spawn_game(game_settings(60, 45), closed_port().await).await;
    let gw = gateway(&app.room, None).await;
    let (host, b) = (Uuid::new_v4(), Uuid::new_v4());
    let room = app
        .create(host, json!({ "kind": "voting", "total_rounds": 2 }))
        .await;
    let code = room["code"].as_str().unwrap().to_owned();
    let mut hs = connect(&gw, "/ws", &app.token(host)).await;
    expect(&mut hs, "op", "welcome").await;
    let mut bs = connect(&gw, "/ws", &app.token(b)).await;
    expect(&mut bs, "op", "welcome").await;

    let joined = act(&mut bs, "join_room", json!({ "room_code": code }), "j").await;
    assert_eq!(joined["room"]["participant_count"], 2);
    for s in [&mut hs, &mut bs] {
        send(
            s,
            json!({ "op": "subscribe", "topic": format!("room:{code}") }),
        )
        .await;
        expect(s, "op", "subscribed").await;
    }
    let started = act(&mut hs, "start_game", json!({ "room_code": code }), "s").await;
    let round = started["round_id"].as_str().unwrap().to_owned();
    until(&mut bs, "type", "game_started").await;
    let mine = act(
        &mut hs,
        "submit_answer",
        json!({ "round_id": round, "answer": "host's", "room_code": code }),
        "a1",
    )
    .await;
    let theirs = act(
        &mut bs,
        "submit_answer",
        json!({ "round_id": round, "answer": "b's", "room_code": code }),
        "a2",
    )
    .await;
    assert!(mine["answer_id"].is_string());
    act(
        &mut hs,
        "start_voting",
        json!({ "round_id": round, "room_code": code }),
        "v",
    )
    .await;
    let voting = until(&mut bs, "type", "voting_started").await;
    assert_eq!(voting["data"]["answers"].as_array().unwrap().len(), 2);
    let voted = act(
        &mut bs,
        "submit_vote",
        json!({ "round_id": round, "answer_id": mine["answer_id"], "room_code": code }),
        "b1",
    )
    .await;
    assert!(voted["vote_id"].is_string());
    act(
        &mut hs,
        "submit_vote",
        json!({ "round_id": round, "answer_id": theirs["answer_id"], "room_code": code }),
        "b2",
    )
    .await;
    let update = until(&mut bs, "type", "vote_update").await;
    assert_eq!(update["data"]["vote_count"], 1);
    act(
        &mut hs,
        "end_round",
        json!({ "round_id": round, "room_code": code }),
        "e",
    )
    .await;
    let ended = until(&mut bs, "type", "round_ended").await;
    assert_eq!(ended["data"]["round_number"], 1);
    let next = act(&mut hs, "next_round", json!({ "room_code": code }), "n").await;
    let started2 = until(&mut bs, "type", "round_started").await;
    assert_eq!(started2["data"]["round_id"], next["round_id"]);
    act(&mut bs, "leave_room", json!({ "room_code": code }), "l").await;
    let left = until(&mut hs, "type", "player_left").await;
    assert_eq!(left["data"]["user_id"], b.to_string());
}

#[tokio::test]
async fn the_openapi_spec_documents_every_game_route() {
    let app = spawn_game(game_settings(60, 45), closed_port().await).await;
    let spec: Value = app.room.get("/openapi.json").await.json().await.unwrap();
    for (path, method) in [
        ("/api/game/{code}/start", "post"),
        ("/api/game/{code}", "get"),
        ("/api/game/rounds/{id}/answer", "post"),
        ("/api/game/rounds/{id}/answers", "get"),
        ("/api/game/rounds/{id}/vote", "post"),
        ("/api/game/{code}/voting", "post"),
        ("/api/game/{code}/end-round", "post"),
        ("/api/game/{code}/next-round", "post"),
        ("/api/game/{code}/leaderboard", "get"),
    ] {
        assert!(
            spec["paths"][path][method].is_object(),
            "{method} {path} is not documented"
        );
    }
    assert!(spec["components"]["schemas"]["GameStateResponse"].is_object());
}

#[tokio::test]
async fn votes_count_only_once_the_round_ended_and_a_new_host_drives_the_game() {
    let app = spawn_game(game_settings(60, 45), closed_port().await).await;
    let (host, b, c) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    let code = voting_room(&app, host, &[b, c], 2).await;
    let round = start(&app, host, &code).await["round_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let b_answer = ok_json(answer(&app, b, &round, "b").await, StatusCode::CREATED).await;
    ok_json(answer(&app, c, &round, "c").await, StatusCode::CREATED).await;
    app.post(&format!("/api/game/{code}/voting"), host, &json!({}))
        .await;
    ok_json(
        vote(&app, c, &round, b_answer["id"].as_str().unwrap()).await,
        StatusCode::CREATED,
    )
    .await;
    // A leaderboard mid-vote would tell who wrote what: points wait for the results.
    let board: Value = app
        .get(&format!("/api/game/{code}/leaderboard"), c)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        board["scores"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["total_points"] == 0),
        "{board}"
    );

    // The host leaves; the next player hosts and ends the round.
    app.delete(&format!("/api/rooms/{code}/leave"), host).await;
    let game = state(&app, b, &code).await;
    assert_eq!(game["host_id"], b.to_string());
    let ended = ok_json(
        app.post(&format!("/api/game/{code}/end-round"), b, &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
    let b_line = ended["leaderboard"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["user_id"] == b.to_string())
        .unwrap()
        .clone();
    assert_eq!(b_line["total_points"], 1);
    assert_eq!(ended["is_final"], false);
    ok_json(
        app.post(&format!("/api/game/{code}/next-round"), b, &json!({}))
            .await,
        StatusCode::OK,
    )
    .await;
}
