//! The ai service's own settings, read from environment variables beside the common ones
//! (`common::settings`). Every default makes a local run work with no key and no network.
//!
//! | variable | default |
//! |---|---|
//! | `AI_MODELS` | the built-in catalogue (free `offline_text_v1`, `offline_art_v1`; `description_v1` 5 gems, `character_art_v1` 10 gems, all offline). A JSON array of `{id, name?, job_types, cost?, provider?: offline\|openai, base_url?, model?, api_key_env?, timeout_ms?, fallback?}` |
//! | `AI_WORKERS` | `2`: queue consumers per replica (0 accepts jobs but runs none) |
//! | `AI_VISIBILITY_TIMEOUT_MS` | `30000`: a job held this long by a silent worker is re-claimed (`XAUTOCLAIM`) |
//! | `AI_MAX_ATTEMPTS` | `3`: runs before a job fails and goes to the dead-letter stream |
//! | `AI_BACKOFF_BASE_MS` | `500`: first retry delay, doubled per attempt |
//! | `AI_BACKOFF_MAX_MS` | `30000`: longest retry delay (also caps a provider's `Retry-After`) |
//! | `AI_MAX_IN_FLIGHT` | `5`: queued + processing jobs per user |
//! | `AI_MAX_PER_DAY` | `200`: jobs a user may create per rolling 24 hours |
//! | `AI_SWEEP_INTERVAL_MS` | `250`: how often each replica queues due retries and settles owed debits/refunds |
//! | `AI_QUESTIONS_MODEL` | the first model serving `question_set` without cost: `POST /internal/generate/questions` |
//! | `AI_QUESTIONS_DEADLINE_MS` | `1000`: longest a questions request waits for its model before the offline fallback (under room's `ROOM_GAME_AI_TIMEOUT_MS` 1500) |
//! | `AI_PUBLIC_URL` | empty: prefix of image URLs in results (e.g. `https://play.example.com`); empty gives `/api/ai/images/{id}.png` |

use std::time::Duration;

use anyhow::{Context, bail};
use common::settings::{Env, ProcessEnv, ServiceSettings, Source};

use crate::domain::catalogue::{Catalogue, parse_catalogue};
use crate::domain::job::JobType;

/// The ai service's settings.
#[derive(Debug, Clone)]
pub struct AiSettings {
    /// The model catalogue.
    pub catalogue: Catalogue,
    /// Consumers per replica.
    pub workers: usize,
    /// Idle time after which a pending job is re-claimed.
    pub visibility_timeout: Duration,
    /// Runs before giving up.
    pub max_attempts: u32,
    /// First retry delay.
    pub backoff_base: Duration,
    /// Longest retry delay.
    pub backoff_max: Duration,
    /// Queued + processing jobs per user.
    pub max_in_flight: i64,
    /// Jobs per user per 24 hours.
    pub max_per_day: i64,
    /// Sweeper period.
    pub sweep_interval: Duration,
    /// The model `POST /internal/generate/questions` uses.
    pub questions_model: String,
    /// Longest wait for that model.
    pub questions_deadline: Duration,
    /// Prefix of image URLs.
    pub public_url: String,
}

impl Default for AiSettings {
    fn default() -> Self {
        AiSettings::with_catalogue(Catalogue::builtin())
    }
}

impl AiSettings {
    /// The defaults with another catalogue (tests).
    pub fn with_catalogue(catalogue: Catalogue) -> Self {
        let questions_model = default_questions_model(&catalogue);
        AiSettings {
            catalogue,
            workers: 2,
            visibility_timeout: Duration::from_secs(30),
            max_attempts: 3,
            backoff_base: Duration::from_millis(500),
            backoff_max: Duration::from_secs(30),
            max_in_flight: 5,
            max_per_day: 200,
            sweep_interval: Duration::from_millis(250),
            questions_model,
            questions_deadline: Duration::from_millis(1000),
            public_url: String::new(),
        }
    }

    /// Reads the process environment.
    pub fn from_env() -> anyhow::Result<Self> {
        Self::load(&ProcessEnv)
    }

    /// Reads `source` (a map in tests).
    pub fn load(source: &dyn Source) -> anyhow::Result<Self> {
        let env = Env(source);
        let catalogue = match source.get("AI_MODELS") {
            Some(json) if !json.trim().is_empty() => {
                parse_catalogue(&json, |var| source.get(var)).map_err(anyhow::Error::msg)?
            }
            _ => Catalogue::builtin(),
        };
        let defaults = AiSettings::with_catalogue(catalogue);
        let questions_model = env.string("AI_QUESTIONS_MODEL", defaults.questions_model.clone());
        match defaults.catalogue.get(&questions_model) {
            Some(m) if m.serves(JobType::QuestionSet) => {}
            _ => {
                bail!("AI_QUESTIONS_MODEL={questions_model:?} names no model serving question_set")
            }
        }
        let max_attempts: u32 = env.parse("AI_MAX_ATTEMPTS", 3)?;
        if !(1..=20).contains(&max_attempts) {
            bail!("AI_MAX_ATTEMPTS must be 1..=20");
        }
        let workers: usize = env.parse("AI_WORKERS", 2)?;
        if workers > 64 {
            bail!("AI_WORKERS must be at most 64");
        }
        let public_url = env.string("AI_PUBLIC_URL", "");
        if !public_url.is_empty() {
            url::Url::parse(&public_url).context("AI_PUBLIC_URL is not a valid URL")?;
        }
        Ok(AiSettings {
            workers,
            visibility_timeout: env
                .millis("AI_VISIBILITY_TIMEOUT_MS", 30_000)?
                .max(Duration::from_millis(100)),
            max_attempts,
            backoff_base: env.millis("AI_BACKOFF_BASE_MS", 500)?,
            backoff_max: env.millis("AI_BACKOFF_MAX_MS", 30_000)?,
            max_in_flight: env.parse("AI_MAX_IN_FLIGHT", 5)?,
            max_per_day: env.parse("AI_MAX_PER_DAY", 200)?,
            sweep_interval: env
                .millis("AI_SWEEP_INTERVAL_MS", 250)?
                .max(Duration::from_millis(20)),
            questions_model,
            questions_deadline: env.millis("AI_QUESTIONS_DEADLINE_MS", 1000)?,
            public_url: public_url.trim_end_matches('/').to_owned(),
            catalogue: defaults.catalogue,
        })
    }
}

impl ServiceSettings for AiSettings {
    fn from_env() -> anyhow::Result<Self> {
        AiSettings::from_env()
    }
}

fn default_questions_model(catalogue: &Catalogue) -> String {
    catalogue
        .choose(JobType::QuestionSet, None)
        .map(|m| m.id.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use common::settings::env_map;

    use super::*;

    #[test]
    fn defaults_work_with_no_configuration() {
        let s = AiSettings::load(&env_map(&[])).unwrap();
        assert_eq!(s.questions_model, "offline_text_v1");
        assert_eq!(s.workers, 2);
        assert_eq!(s.catalogue.models().len(), 4);
    }

    #[test]
    fn bad_values_are_refused() {
        assert!(AiSettings::load(&env_map(&[("AI_MAX_ATTEMPTS", "0")])).is_err());
        assert!(AiSettings::load(&env_map(&[("AI_QUESTIONS_MODEL", "offline_art_v1")])).is_err());
        assert!(AiSettings::load(&env_map(&[("AI_MODELS", "{")])).is_err());
    }
}
