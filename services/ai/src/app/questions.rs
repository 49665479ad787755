//! `POST /internal/generate/questions`: party questions for the voting game, from the
//! configured model within the deadline, else (or to top up) from the offline generator.

use std::time::Duration;

use contracts::ai::{MAX_QUESTIONS, QuestionsRequest, QuestionsResponse};

use crate::domain::offline::{self, Rng};
use crate::domain::output::Output;
use crate::domain::params::{Parameters, clean};
use crate::error::AiError;
use crate::state::AppState;

/// Answers within `deadline` (the smaller of ours and the caller's).
pub async fn generate(
    state: &AppState,
    req: &QuestionsRequest,
    caller_deadline: Option<Duration>,
) -> Result<QuestionsResponse, AiError> {
    if !(1..=MAX_QUESTIONS).contains(&req.count) {
        return Err(AiError::field(
            "count",
            &format!("must be 1..={MAX_QUESTIONS}"),
        ));
    }
    let theme = req
        .theme
        .as_deref()
        .map(|t| clean(t, 60).map_err(|m| AiError::field("theme", &m)))
        .transpose()?;
    let count = req.count;
    // A fresh seed per call: consecutive games should not share their questions.
    let seed = rand::random::<u32>();
    let params = Parameters::QuestionSet {
        count,
        theme: theme.clone(),
        seed: Some(u64::from(seed)),
    };
    let deadline = caller_deadline
        .map_or(state.settings.questions_deadline, |d| {
            d.min(state.settings.questions_deadline)
        })
        // Room for the fallback and the answer's trip back.
        .saturating_sub(Duration::from_millis(50));
    let provider = state.providers.of(&state.settings.questions_model);
    let from_model = match tokio::time::timeout(deadline, provider.generate(&params)).await {
        Ok(Ok(Output::Questions(questions))) => questions,
        Ok(Ok(_)) => Vec::new(),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "questions model failed; using the offline generator");
            Vec::new()
        }
        Err(_) => {
            tracing::warn!(
                ?deadline,
                "questions model too slow; using the offline generator"
            );
            Vec::new()
        }
    };
    let source = if from_model.len() >= count as usize {
        "model"
    } else {
        "fallback"
    };
    let mut questions = from_model;
    if questions.len() < count as usize {
        let mut rng = Rng::new(u64::from(seed));
        for q in offline::questions(&mut rng, count as usize, theme.as_deref()) {
            if questions.len() == count as usize {
                break;
            }
            if !questions.contains(&q) {
                questions.push(q);
            }
        }
    }
    Ok(QuestionsResponse {
        questions,
        source: Some(source.to_owned()),
    })
}
