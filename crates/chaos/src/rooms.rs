//! The rooms' part of the load: voting games played by groups of three, one after another,
//! and the coop rooms the players' sockets relay in.

use std::sync::Arc;
use std::time::Duration;

use reqwest::Method;
use serde_json::json;
use tokio::sync::watch;
use uuid::Uuid;

use crate::load::{Load, Player, call};

impl Load {
    /// Voting games, one after another, hosted by the first of `group`.
    pub async fn voting(self: Arc<Self>, group: Vec<Player>, stop: watch::Receiver<bool>) {
        while !*stop.borrow() {
            if self.voting_game(&group).await.is_none() {
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        }
    }

    async fn voting_game(&self, group: &[Player]) -> Option<()> {
        let host = group.first()?;
        let mut c = call(
            "room_create",
            Method::POST,
            "/api/rooms".into(),
            &host.token,
        );
        c.body = Some(
            json!({ "kind": "voting", "name": "chaos", "max_players": group.len(),
            "total_rounds": 1, "answer_seconds": 60, "vote_seconds": 45 }),
        );
        let room = self.api.call(c).await.ok()?;
        let code = room["code"].as_str()?.to_owned();
        for p in &group[1..] {
            let mut c = call(
                "room_join",
                Method::POST,
                "/api/rooms/join".into(),
                &p.token,
            );
            c.body = Some(json!({ "code": code }));
            self.api.call(c).await.ok()?;
        }
        let mut c = call(
            "game_start",
            Method::POST,
            format!("/api/game/{code}/start"),
            &host.token,
        );
        c.done_codes = &["game_already_started"];
        let mut started = self.api.call(c).await.ok()?;
        if started["id"].is_null() {
            // A retried start found the game started: read the round from the game's state.
            let c = call(
                "game_state",
                Method::GET,
                format!("/api/game/{code}"),
                &host.token,
            );
            started = self.api.call(c).await.ok()?["round"].take();
        }
        let round: Uuid = started["id"].as_str()?.parse().ok()?;
        for p in group {
            let mut c = call(
                "answer",
                Method::POST,
                format!("/api/game/rounds/{round}/answer"),
                &p.token,
            );
            c.key = Some(Uuid::new_v4().to_string());
            c.body = Some(json!({ "content": format!("answer of {}", p.id) }));
            c.done_codes = &["already_answered"];
            if self.api.call(c).await.ok().is_some() {
                self.lock().answers.push((round, p.id));
            }
        }
        let mut c = call(
            "voting_open",
            Method::POST,
            format!("/api/game/{code}/voting"),
            &host.token,
        );
        c.done_codes = &["wrong_phase"];
        let _ = self.api.call(c).await;
        for p in group {
            let c = call(
                "answers",
                Method::GET,
                format!("/api/game/rounds/{round}/answers"),
                &p.token,
            );
            let answers = self.api.call(c).await.ok()?;
            let Some(answer) = answers.as_array().and_then(|a| {
                a.iter()
                    .find(|a| a["is_own_answer"] == false)
                    .and_then(|a| a["id"].as_str().map(str::to_owned))
            }) else {
                continue;
            };
            let mut c = call(
                "vote",
                Method::POST,
                format!("/api/game/rounds/{round}/vote"),
                &p.token,
            );
            c.key = Some(Uuid::new_v4().to_string());
            c.body = Some(json!({ "answer_id": answer }));
            c.done_codes = &["already_voted"];
            if self.api.call(c).await.ok().is_some() {
                self.lock().votes.push((round, p.id));
            }
        }
        let mut c = call(
            "end_round",
            Method::POST,
            format!("/api/game/{code}/end-round"),
            &host.token,
        );
        c.done_codes = &["wrong_phase", "game_finished"];
        let _ = self.api.call(c).await;
        Some(())
    }

    /// A coop room for `group` (created by the first, joined by the rest); its code.
    pub async fn coop_room(&self, group: &[Player]) -> Option<String> {
        let host = group.first()?;
        let mut c = call(
            "room_create",
            Method::POST,
            "/api/rooms".into(),
            &host.token,
        );
        c.body = Some(json!({ "kind": "coop", "name": "chaos relay", "max_players": 4 }));
        let room = self.api.call(c).await.ok()?;
        let code = room["code"].as_str()?.to_owned();
        for p in &group[1..] {
            let mut c = call(
                "room_join",
                Method::POST,
                "/api/rooms/join".into(),
                &p.token,
            );
            c.body = Some(json!({ "code": code }));
            self.api.call(c).await.ok()?;
        }
        Some(code)
    }
}
