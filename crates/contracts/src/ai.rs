//! The ai service's internal question generator (`POST /internal/generate/questions`), called
//! by the room service for the voting party game.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Where the ai service serves generated questions.
pub const QUESTIONS_PATH: &str = "/internal/generate/questions";

/// Most questions one request may ask for.
pub const MAX_QUESTIONS: u32 = 50;

/// `POST /internal/generate/questions`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct QuestionsRequest {
    /// How many distinct questions, 1..=[`MAX_QUESTIONS`].
    pub count: u32,
    /// An optional theme, e.g. `space` or `food`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
}

/// The generated questions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct QuestionsResponse {
    /// Open-ended party prompts, at most `count` of them.
    pub questions: Vec<String>,
    /// Where they came from (`model` or the ai service's own `fallback`), when it says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}
