//! The OpenAI-compatible provider (`chat/completions` for text, `images/generations` for
//! art), so OpenAI, vLLM, Ollama and llama.cpp's server all work. Answers are checked before
//! use: text is bounded and stripped of control characters, images must be base64 PNGs, and a
//! URL in an answer is never fetched (no server-side requests chosen by the provider).

use std::time::Duration;

use base64::Engine;
use futures_util::future::BoxFuture;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::{Value, json};
use url::Url;

use super::answers::{parse_questions, tidy};
use super::{Provider, ProviderError};
use crate::domain::offline;
use crate::domain::output::{MAX_IMAGE_BYTES, Output, png_dimensions};
use crate::domain::params::Parameters;

/// Largest answer body read.
const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;
/// Longest text kept.
const MAX_TEXT_CHARS: usize = 2000;

/// A model served by an OpenAI-compatible API.
pub struct OpenAiProvider {
    http: reqwest::Client,
    base_url: Url,
    model: String,
    api_key: Option<SecretString>,
    timeout: Duration,
}

impl OpenAiProvider {
    /// A provider for `model` at `base_url` (ending in `/`).
    pub fn new(
        base_url: Url,
        model: String,
        api_key: Option<SecretString>,
        timeout: Duration,
    ) -> anyhow::Result<Self> {
        common::http::init_crypto();
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            // A provider never sends us elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(OpenAiProvider {
            http,
            base_url,
            model,
            api_key,
            timeout,
        })
    }

    async fn post(&self, path: &str, body: &Value) -> Result<Value, ProviderError> {
        let url = self
            .base_url
            .join(path)
            .map_err(|e| ProviderError::Internal(e.to_string()))?;
        let mut request = self.http.post(url).json(body);
        if let Some(key) = &self.api_key {
            request = request.bearer_auth(key.expose_secret());
        }
        let send = async {
            let mut response = request.send().await.map_err(transport)?;
            let status = response.status();
            let headers = response.headers().clone();
            if response
                .content_length()
                .is_some_and(|n| n > MAX_BODY_BYTES as u64)
            {
                return Err(ProviderError::Malformed("answer too large".to_owned()));
            }
            // Read chunk by chunk: a chunked answer has no length to refuse up front, and
            // an endless one must not fill memory until the deadline.
            let mut bytes = Vec::new();
            while let Some(chunk) = response.chunk().await.map_err(transport)? {
                if bytes.len() + chunk.len() > MAX_BODY_BYTES {
                    return Err(ProviderError::Malformed("answer too large".to_owned()));
                }
                bytes.extend_from_slice(&chunk);
            }
            Ok((status, headers, bytes))
        };
        let (status, headers, bytes) = tokio::time::timeout(self.timeout, send)
            .await
            .map_err(|_| ProviderError::Timeout)??;
        if status == StatusCode::TOO_MANY_REQUESTS {
            return Err(ProviderError::RateLimited {
                retry_after: retry_after(&headers),
            });
        }
        if status.is_server_error() {
            return Err(ProviderError::Unavailable(format!("status {status}")));
        }
        if !status.is_success() {
            return Err(ProviderError::Rejected(format!("status {status}")));
        }
        serde_json::from_slice(&bytes)
            .map_err(|e| ProviderError::Malformed(format!("not JSON: {e}")))
    }

    async fn chat(
        &self,
        system: &str,
        user: String,
        max_tokens: u32,
    ) -> Result<String, ProviderError> {
        let body = json!({
            "model": self.model,
            "messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": user},
            ],
            "max_tokens": max_tokens,
            "temperature": 0.9,
        });
        let answer: ChatAnswer =
            serde_json::from_value(self.post("chat/completions", &body).await?)
                .map_err(|e| ProviderError::Malformed(format!("not a chat completion: {e}")))?;
        let content = answer
            .choices
            .into_iter()
            .next()
            .and_then(|c| c.message.content)
            .ok_or_else(|| ProviderError::Malformed("no choice with content".to_owned()))?;
        Ok(content)
    }

    async fn image(&self, prompt: &str, size: u32) -> Result<Output, ProviderError> {
        let body = json!({
            "model": self.model,
            "prompt": prompt,
            "n": 1,
            "size": format!("{size}x{size}"),
            "response_format": "b64_json",
        });
        let answer: ImageAnswer =
            serde_json::from_value(self.post("images/generations", &body).await?)
                .map_err(|e| ProviderError::Malformed(format!("not an image answer: {e}")))?;
        let first = answer
            .data
            .into_iter()
            .next()
            .ok_or_else(|| ProviderError::Malformed("no image".to_owned()))?;
        let Some(b64) = first.b64_json else {
            // A URL would have to be fetched: we never request what a provider points us at.
            return Err(ProviderError::Malformed(
                "no b64_json image (URLs are not fetched)".to_owned(),
            ));
        };
        if b64.len() > MAX_IMAGE_BYTES * 4 / 3 + 4 {
            return Err(ProviderError::Malformed("image too large".to_owned()));
        }
        let png = base64::engine::general_purpose::STANDARD
            .decode(b64.trim())
            .map_err(|e| ProviderError::Malformed(format!("bad base64: {e}")))?;
        let (width, height) = png_dimensions(&png)
            .ok_or_else(|| ProviderError::Malformed("the image is not a PNG".to_owned()))?;
        Ok(Output::Image { png, width, height })
    }
}

#[derive(Deserialize)]
struct ChatAnswer {
    choices: Vec<ChatChoice>,
}

#[derive(Deserialize)]
struct ChatChoice {
    message: ChatMessage,
}

#[derive(Deserialize)]
struct ChatMessage {
    content: Option<String>,
}

#[derive(Deserialize)]
struct ImageAnswer {
    data: Vec<ImageDatum>,
}

#[derive(Deserialize)]
struct ImageDatum {
    b64_json: Option<String>,
}

fn transport(e: reqwest::Error) -> ProviderError {
    if e.is_timeout() {
        ProviderError::Timeout
    } else {
        ProviderError::Unavailable(e.to_string())
    }
}

fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let secs: u64 = headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(secs))
}

impl Provider for OpenAiProvider {
    fn generate<'a>(
        &'a self,
        params: &'a Parameters,
    ) -> BoxFuture<'a, Result<Output, ProviderError>> {
        Box::pin(async move {
            match params {
                Parameters::QuestionSet { count, theme, .. } => {
                    let about = theme
                        .as_deref()
                        .map(|t| format!(" about {t}"))
                        .unwrap_or_default();
                    let content = self
                        .chat(
                            "You write short, playful, open-ended party questions for a voting game. \
                             Reply with a numbered list, one question per line, nothing else.",
                            format!("Write {count} distinct questions{about}."),
                            500,
                        )
                        .await?;
                    let count = *count as usize;
                    let mut questions = parse_questions(&content, count);
                    if questions.is_empty() {
                        return Err(ProviderError::Malformed(
                            "no questions in the answer".to_owned(),
                        ));
                    }
                    // Topped up with our own, as the seed padded a short list.
                    if questions.len() < count {
                        let mut rng = offline::rng_for(params);
                        for q in offline::questions(&mut rng, count, theme.as_deref()) {
                            if questions.len() == count {
                                break;
                            }
                            if !questions.contains(&q) {
                                questions.push(q);
                            }
                        }
                    }
                    Ok(Output::Questions(questions))
                }
                Parameters::ItemDescription {
                    item_name,
                    item_type,
                    rarity,
                    ..
                } => {
                    let what = [rarity.as_deref(), item_type.as_deref()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" ");
                    let content = self
                        .chat(
                            "You write flavour text for items in a fantasy game: two to four \
                             vivid sentences, no lists, no quotes.",
                            format!(
                                "Describe the {} named \"{item_name}\".",
                                if what.is_empty() { "item" } else { &what }
                            ),
                            300,
                        )
                        .await?;
                    Ok(Output::Text(tidy(&content, MAX_TEXT_CHARS)?))
                }
                Parameters::CharacterBio {
                    name,
                    class,
                    traits,
                    ..
                } => {
                    let class = class.as_deref().unwrap_or("adventurer");
                    let traits = if traits.is_empty() {
                        String::new()
                    } else {
                        format!(" who is {}", traits.join(", "))
                    };
                    let content = self
                        .chat(
                            "You write short biographies for characters in a fantasy game: \
                             three to five sentences, no lists.",
                            format!("Write the biography of {name}, a {class}{traits}."),
                            400,
                        )
                        .await?;
                    Ok(Output::Text(tidy(&content, MAX_TEXT_CHARS)?))
                }
                Parameters::CharacterArt { prompt, size, .. } => self.image(prompt, *size).await,
            }
        })
    }

    fn version(&self) -> String {
        self.model.clone()
    }
}
