//! Questions for a game: asked of the ai service within a deadline, topped up (or replaced
//! when it is absent, slow or failing) from our own bank, never repeating within a game.

use common::ServiceName;
use common::http::{InternalClient, Retry};
use contracts::ai::{MAX_QUESTIONS, QUESTIONS_PATH, QuestionsRequest, QuestionsResponse};
use reqwest::Method;

use crate::domain::game::choose_questions;
use crate::domain::question_bank as bank;
use crate::settings::game::GameSettings;

/// The chosen questions and where they came from (`ai`, `bank` or `mixed`).
#[derive(Debug, Clone)]
pub struct Questions {
    /// One per round, distinct.
    pub questions: Vec<String>,
    /// Their source.
    pub source: &'static str,
}

/// `count` distinct questions for a new game.
pub async fn for_game(
    internal: &InternalClient,
    settings: &GameSettings,
    count: usize,
) -> Questions {
    let generated = generate(internal, settings, count).await;
    let (questions, from_ai) =
        choose_questions(&generated, bank::QUESTIONS, count, &mut rand::thread_rng());
    let source = match from_ai {
        0 => "bank",
        n if n >= questions.len() => "ai",
        _ => "mixed",
    };
    Questions { questions, source }
}

/// The ai service's questions, or none when it does not answer well within the deadline.
async fn generate(internal: &InternalClient, settings: &GameSettings, count: usize) -> Vec<String> {
    let request = QuestionsRequest {
        count: u32::try_from(count)
            .unwrap_or(MAX_QUESTIONS)
            .min(MAX_QUESTIONS),
        theme: settings.question_theme.clone(),
    };
    // Sent once: a retry would only eat into the deadline the players are waiting on.
    let call = internal.call::<_, QuestionsResponse>(
        Method::POST,
        ServiceName::Ai,
        QUESTIONS_PATH,
        Some(&request),
        None,
        Retry::Never,
    );
    match tokio::time::timeout(settings.ai_timeout, call).await {
        Ok(Ok(response)) => response.questions,
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "ai questions failed; using the built-in bank");
            Vec::new()
        }
        Err(_) => {
            tracing::warn!(timeout = ?settings.ai_timeout, "ai questions too slow; using the built-in bank");
            Vec::new()
        }
    }
}
