//! What gacha publishes: `gacha_pull` on `user:{id}` after every completed pull, and
//! `legendary_pull` on `global` for each 5★ (with the player's public name). Both are written
//! to the outbox in the transaction that completes the pull, so they go out once it commits.

use common::outbox::NewEvent;
use contracts::Topic;
use diesel::QueryResult;
use serde::Serialize;
use uuid::Uuid;

use crate::state::AppState;
use crate::views::{PullItem, PullResponse};

/// How long the public-name lookup may take before the announcement goes out without it.
const NAME_LOOKUP: std::time::Duration = std::time::Duration::from_millis(500);

#[derive(Serialize)]
struct LegendaryPull<'a> {
    user_id: Uuid,
    username: Option<&'a str>,
    pull_id: Uuid,
    banner_id: Uuid,
    banner_name: &'a str,
    item_id: &'a str,
    item_name: &'a str,
    is_featured: bool,
}

/// The public name a 5★ announcement carries, looked up before the pull completes (an event
/// is fixed once committed); `None` without a 5★, with names off, or when auth is slow.
pub async fn announced_name(state: &AppState, user_id: Uuid, items: &[PullItem]) -> Option<String> {
    if !state.settings.announce_names || !items.iter().any(|p| p.stars == 5) {
        return None;
    }
    state.internal.username(user_id, NAME_LOOKUP).await
}

/// The events of a completed pull, to enqueue in the transaction that completes it.
pub fn pull_events(
    user_id: Uuid,
    banner_name: &str,
    username: Option<&str>,
    pull: &PullResponse,
) -> QueryResult<Vec<NewEvent>> {
    let mut events = vec![NewEvent::new(&Topic::user(user_id), "gacha_pull", pull)?];
    for item in pull.pulls.iter().filter(|p| p.stars == 5) {
        let data = LegendaryPull {
            user_id,
            username,
            pull_id: pull.pull_id,
            banner_id: pull.banner_id,
            banner_name,
            item_id: &item.item_id,
            item_name: &item.item_name,
            is_featured: item.is_featured,
        };
        events.push(NewEvent::new(&Topic::global(), "legendary_pull", &data)?);
    }
    Ok(events)
}
