//! Auth's public profile (`GET /api/users/{id}`), as auth answers it and as every service that
//! shows a player's name reads it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// What anyone may see of an account (no email). Readers need only `id` and `username`; the
/// rest defaults when absent so an older auth still parses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicUser {
    /// User id.
    pub id: Uuid,
    /// Display name.
    pub username: String,
    /// Picture URL.
    #[serde(default)]
    pub avatar_url: Option<String>,
    /// `player`, `guest` or `admin`.
    #[serde(default)]
    pub role: String,
    /// Guest account.
    #[serde(default)]
    pub is_guest: bool,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<DateTime<Utc>>,
}
