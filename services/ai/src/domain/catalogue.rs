//! The model catalogue: which models exist, the job types each serves, what a job costs in
//! gems and which provider runs it. Read from configuration (`AI_MODELS`); the built-in
//! catalogue needs no key and no network.

use std::time::Duration;

use secrecy::SecretString;
use serde::Deserialize;
use url::Url;

use crate::domain::job::JobType;

/// Who generates a model's output.
#[derive(Debug, Clone)]
pub enum ProviderSpec {
    /// Our own templates, word banks and PNG painter.
    Offline,
    /// An OpenAI-compatible HTTP API (OpenAI, vLLM, Ollama, llama.cpp's server).
    OpenAi {
        /// E.g. `https://api.openai.com/v1`; `chat/completions` and `images/generations`
        /// are joined onto it.
        base_url: Url,
        /// The provider's model name.
        model: String,
        /// Bearer key, read from the environment variable the configuration names.
        api_key: Option<SecretString>,
        /// Per-request deadline.
        timeout: Duration,
    },
}

/// One entry of the catalogue.
#[derive(Debug, Clone)]
pub struct ModelSpec {
    /// Stable id clients pass as `model`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Job types it serves (at least one; all text or all image).
    pub job_types: Vec<JobType>,
    /// Gems debited per accepted job (0 = free).
    pub cost: i64,
    /// Who runs it.
    pub provider: ProviderSpec,
    /// Whether a failing provider may be replaced by the offline generator.
    pub fallback: bool,
}

impl ModelSpec {
    /// `image` or `text`: the seed's `type` field.
    pub fn kind(&self) -> &'static str {
        if self.job_types.iter().any(|t| t.is_image()) {
            "image"
        } else {
            "text"
        }
    }

    /// `offline` or `openai`.
    pub fn provider_name(&self) -> &'static str {
        match self.provider {
            ProviderSpec::Offline => "offline",
            ProviderSpec::OpenAi { .. } => "openai",
        }
    }

    /// Whether it serves `job_type`.
    pub fn serves(&self, job_type: JobType) -> bool {
        self.job_types.contains(&job_type)
    }
}

/// The configured models, in the order they are listed.
#[derive(Debug, Clone)]
pub struct Catalogue {
    models: Vec<ModelSpec>,
}

/// Why a model cannot run a job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelChoiceError {
    /// No model has this id.
    Unknown,
    /// The model does not serve the job type.
    WrongType,
    /// No model serves the job type at all.
    NoneServes,
}

impl Catalogue {
    /// A catalogue of `models`; ids must be unique and each model must serve something.
    pub fn new(models: Vec<ModelSpec>) -> Result<Self, String> {
        for (i, m) in models.iter().enumerate() {
            if m.id.is_empty() || m.id.len() > 64 {
                return Err(format!("model #{i}: id must be 1..=64 characters"));
            }
            if models[..i].iter().any(|o| o.id == m.id) {
                return Err(format!("model {}: duplicate id", m.id));
            }
            if m.job_types.is_empty() {
                return Err(format!("model {}: job_types is empty", m.id));
            }
            let images = m.job_types.iter().filter(|t| t.is_image()).count();
            if images != 0 && images != m.job_types.len() {
                return Err(format!("model {}: mixes image and text job types", m.id));
            }
            if m.cost < 0 {
                return Err(format!("model {}: cost must not be negative", m.id));
            }
        }
        Ok(Catalogue { models })
    }

    /// The built-in catalogue: free offline models for every job type, and the seed's two
    /// priced models (`character_art_v1` 10 gems, `description_v1` 5 gems), also offline.
    pub fn builtin() -> Self {
        let offline = |id: &str, name: &str, job_types: Vec<JobType>, cost: i64| ModelSpec {
            id: id.to_owned(),
            name: name.to_owned(),
            job_types,
            cost,
            provider: ProviderSpec::Offline,
            fallback: false,
        };
        Catalogue {
            models: vec![
                offline(
                    "offline_text_v1",
                    "Offline Text Generator",
                    vec![
                        JobType::QuestionSet,
                        JobType::ItemDescription,
                        JobType::CharacterBio,
                    ],
                    0,
                ),
                offline(
                    "offline_art_v1",
                    "Offline Pixel Portraits",
                    vec![JobType::CharacterArt],
                    0,
                ),
                offline(
                    "character_art_v1",
                    "Character Art Generator",
                    vec![JobType::CharacterArt],
                    10,
                ),
                offline(
                    "description_v1",
                    "Description Generator",
                    vec![JobType::ItemDescription, JobType::CharacterBio],
                    5,
                ),
            ],
        }
    }

    /// Every model.
    pub fn models(&self) -> &[ModelSpec] {
        &self.models
    }

    /// The model with this id.
    pub fn get(&self, id: &str) -> Option<&ModelSpec> {
        self.models.iter().find(|m| m.id == id)
    }

    /// The model a job runs on: the one asked for, or else the first free model serving the
    /// type (the first serving it at all when none is free).
    pub fn choose(
        &self,
        job_type: JobType,
        asked: Option<&str>,
    ) -> Result<&ModelSpec, ModelChoiceError> {
        match asked {
            Some(id) => {
                let model = self.get(id).ok_or(ModelChoiceError::Unknown)?;
                if model.serves(job_type) {
                    Ok(model)
                } else {
                    Err(ModelChoiceError::WrongType)
                }
            }
            None => self
                .models
                .iter()
                .filter(|m| m.serves(job_type))
                .min_by_key(|m| m.cost > 0)
                .ok_or(ModelChoiceError::NoneServes),
        }
    }
}

/// One model as `AI_MODELS` (a JSON array) describes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelConfig {
    /// Stable id.
    pub id: String,
    /// Display name (defaults to the id).
    pub name: Option<String>,
    /// Job type names.
    pub job_types: Vec<String>,
    /// Gems per job.
    #[serde(default)]
    pub cost: i64,
    /// `offline` (default) or `openai`.
    #[serde(default)]
    pub provider: Option<String>,
    /// OpenAI-compatible base URL, e.g. `https://api.openai.com/v1`.
    pub base_url: Option<String>,
    /// The provider's model name.
    pub model: Option<String>,
    /// Name of the environment variable holding the key (never the key itself).
    pub api_key_env: Option<String>,
    /// Per-request deadline (default 20000).
    pub timeout_ms: Option<u64>,
    /// Fall back to the offline generator when the provider fails (default true).
    pub fallback: Option<bool>,
}

impl ModelConfig {
    /// The spec, with the key looked up through `secret` (the environment).
    pub fn into_spec(self, secret: impl Fn(&str) -> Option<String>) -> Result<ModelSpec, String> {
        let id = self.id;
        let job_types = self
            .job_types
            .iter()
            .map(|t| JobType::parse(t).ok_or_else(|| format!("model {id}: unknown job type {t}")))
            .collect::<Result<Vec<_>, _>>()?;
        let provider = match self.provider.as_deref().unwrap_or("offline") {
            "offline" => ProviderSpec::Offline,
            "openai" => {
                let raw = self
                    .base_url
                    .ok_or_else(|| format!("model {id}: openai needs base_url"))?;
                let mut base_url =
                    Url::parse(&raw).map_err(|e| format!("model {id}: base_url: {e}"))?;
                if !matches!(base_url.scheme(), "http" | "https") {
                    return Err(format!("model {id}: base_url must be http(s)"));
                }
                if !base_url.path().ends_with('/') {
                    let path = format!("{}/", base_url.path());
                    base_url.set_path(&path);
                }
                let api_key = match self.api_key_env {
                    Some(var) => Some(SecretString::from(
                        secret(&var).ok_or_else(|| format!("model {id}: {var} is not set"))?,
                    )),
                    None => None,
                };
                ProviderSpec::OpenAi {
                    base_url,
                    model: self
                        .model
                        .ok_or_else(|| format!("model {id}: openai needs model"))?,
                    api_key,
                    timeout: Duration::from_millis(self.timeout_ms.unwrap_or(20_000).max(1)),
                }
            }
            other => return Err(format!("model {id}: unknown provider {other}")),
        };
        Ok(ModelSpec {
            name: self.name.unwrap_or_else(|| id.clone()),
            id,
            job_types,
            cost: self.cost,
            provider,
            fallback: self.fallback.unwrap_or(true),
        })
    }
}

/// Parses `AI_MODELS`.
pub fn parse_catalogue(
    json: &str,
    secret: impl Fn(&str) -> Option<String>,
) -> Result<Catalogue, String> {
    let configs: Vec<ModelConfig> =
        serde_json::from_str(json).map_err(|e| format!("AI_MODELS: {e}"))?;
    let models = configs
        .into_iter()
        .map(|c| c.into_spec(&secret))
        .collect::<Result<Vec<_>, _>>()?;
    Catalogue::new(models)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_is_valid_and_prefers_free_models() {
        let c = Catalogue::builtin();
        Catalogue::new(c.models().to_vec()).unwrap();
        assert_eq!(
            c.choose(JobType::CharacterArt, None).unwrap().id,
            "offline_art_v1"
        );
        assert_eq!(
            c.choose(JobType::CharacterArt, Some("character_art_v1"))
                .unwrap()
                .cost,
            10
        );
        assert_eq!(
            c.choose(JobType::QuestionSet, Some("character_art_v1"))
                .unwrap_err(),
            ModelChoiceError::WrongType
        );
        assert_eq!(
            c.choose(JobType::QuestionSet, Some("nope")).unwrap_err(),
            ModelChoiceError::Unknown
        );
    }

    #[test]
    fn configuration_is_parsed_and_checked() {
        let json = r#"[{"id":"gpt","job_types":["character_bio"],"cost":3,"provider":"openai",
            "base_url":"http://127.0.0.1:1/v1","model":"m","api_key_env":"KEY"}]"#;
        let c = parse_catalogue(json, |v| (v == "KEY").then(|| "sk".to_owned())).unwrap();
        let m = c.get("gpt").unwrap();
        assert!(m.fallback);
        match &m.provider {
            ProviderSpec::OpenAi { base_url, .. } => {
                assert_eq!(base_url.as_str(), "http://127.0.0.1:1/v1/")
            }
            ProviderSpec::Offline => panic!("expected openai"),
        }
        assert!(parse_catalogue(json, |_| None).is_err());
        assert!(parse_catalogue(r#"[{"id":"a","job_types":["song"]}]"#, |_| None).is_err());
        assert!(
            parse_catalogue(
                r#"[{"id":"a","job_types":["character_art","character_bio"]}]"#,
                |_| None
            )
            .is_err()
        );
        assert!(
            parse_catalogue(
                r#"[{"id":"a","job_types":["character_bio"],"cost":-1}]"#,
                |_| None
            )
            .is_err()
        );
    }
}
