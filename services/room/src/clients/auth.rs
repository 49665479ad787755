//! The auth service's public profile: where a player's default display name comes from.

use std::time::Duration;

use common::ServiceName;
use common::http::{InternalClient, Retry};
use reqwest::Method;
use serde::Deserialize;
use uuid::Uuid;

/// How long a lookup may delay a join.
const LOOKUP_TIMEOUT: Duration = Duration::from_millis(800);

#[derive(Deserialize)]
struct PublicUser {
    username: String,
}

/// The username auth has for `user_id`; `None` when auth is unreachable, slow or does not
/// know the user (the caller shows a placeholder).
pub async fn username(internal: &InternalClient, user_id: Uuid) -> Option<String> {
    let path = format!("/api/users/{user_id}");
    let call = internal.call::<(), PublicUser>(
        Method::GET,
        ServiceName::Auth,
        &path,
        None,
        None,
        Retry::Never,
    );
    match tokio::time::timeout(LOOKUP_TIMEOUT, call).await {
        Ok(Ok(user)) => Some(user.username),
        Ok(Err(e)) => {
            tracing::debug!(error = %e, "username lookup failed");
            None
        }
        Err(_) => None,
    }
}
