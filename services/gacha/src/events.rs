//! What gacha publishes: `gacha_pull` on `user:{id}` after every completed pull, and
//! `legendary_pull` on `global` for each 5★ (with the player's public name). Best effort and
//! off the request's path: the pull record, not the event, is the truth.

use contracts::Topic;
use serde::Serialize;
use uuid::Uuid;

use crate::state::AppState;
use crate::views::PullResponse;

/// How long the public-name lookup may take before the announcement goes out without it.
const NAME_LOOKUP: std::time::Duration = std::time::Duration::from_millis(500);

#[derive(Serialize)]
struct LegendaryPull<'a> {
    user_id: Uuid,
    username: Option<String>,
    pull_id: Uuid,
    banner_id: Uuid,
    banner_name: &'a str,
    item_id: &'a str,
    item_name: &'a str,
    is_featured: bool,
}

/// Announces a completed pull.
pub fn announce(state: &AppState, user_id: Uuid, banner_name: String, pull: PullResponse) {
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(e) = state
            .events
            .publish(&Topic::user(user_id), "gacha_pull", &pull)
            .await
        {
            tracing::warn!(error = %format!("{e:#}"), "gacha_pull event not published");
        }
        let legendary: Vec<_> = pull.pulls.iter().filter(|p| p.stars == 5).collect();
        if legendary.is_empty() {
            return;
        }
        let username = if state.settings.announce_names {
            state.internal.username(user_id, NAME_LOOKUP).await
        } else {
            None
        };
        for item in legendary {
            let data = LegendaryPull {
                user_id,
                username: username.clone(),
                pull_id: pull.pull_id,
                banner_id: pull.banner_id,
                banner_name: &banner_name,
                item_id: &item.item_id,
                item_name: &item.item_name,
                is_featured: item.is_featured,
            };
            if let Err(e) = state
                .events
                .publish(&Topic::global(), "legendary_pull", &data)
                .await
            {
                tracing::warn!(error = %format!("{e:#}"), "legendary_pull event not published");
            }
        }
    });
}
