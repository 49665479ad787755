//! Who generates a job's output: every model runs behind [`Provider`], either the built-in
//! offline generator or an OpenAI-compatible HTTP API.

mod answers;
mod openai;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use futures_util::future::BoxFuture;

use crate::domain::catalogue::{Catalogue, ProviderSpec};
use crate::domain::offline;
use crate::domain::output::Output;
use crate::domain::params::Parameters;

pub use openai::OpenAiProvider;

/// Why a provider produced nothing usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    /// No answer within the deadline.
    #[error("the provider timed out")]
    Timeout,
    /// 429; the provider's `Retry-After` when it sent one.
    #[error("the provider is rate limiting us")]
    RateLimited {
        /// How long it asked us to wait.
        retry_after: Option<Duration>,
    },
    /// 5xx or a transport error.
    #[error("the provider is unavailable: {0}")]
    Unavailable(String),
    /// The provider refused the request (4xx other than 429): retrying will not help.
    #[error("the provider refused the request: {0}")]
    Rejected(String),
    /// The answer was not what the protocol promises, or not usable content.
    #[error("the provider sent malformed output: {0}")]
    Malformed(String),
    /// Our own generator failed (a bug).
    #[error("generation failed: {0}")]
    Internal(String),
}

impl ProviderError {
    /// Whether another attempt may succeed.
    pub fn is_retryable(&self) -> bool {
        !matches!(
            self,
            ProviderError::Rejected(_) | ProviderError::Internal(_)
        )
    }

    /// The delay the provider asked for.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ProviderError::RateLimited { retry_after } => *retry_after,
            _ => None,
        }
    }
}

/// Generates content for validated parameters.
pub trait Provider: Send + Sync {
    /// The output for `params`.
    fn generate<'a>(
        &'a self,
        params: &'a Parameters,
    ) -> BoxFuture<'a, Result<Output, ProviderError>>;

    /// `model_version` of its results.
    fn version(&self) -> String;
}

/// The built-in generator: no key, no network.
#[derive(Debug, Default, Clone, Copy)]
pub struct OfflineProvider;

impl Provider for OfflineProvider {
    fn generate<'a>(
        &'a self,
        params: &'a Parameters,
    ) -> BoxFuture<'a, Result<Output, ProviderError>> {
        Box::pin(async move {
            offline::generate(params).map_err(|e| ProviderError::Internal(e.to_string()))
        })
    }

    fn version(&self) -> String {
        offline::VERSION.to_owned()
    }
}

/// One provider per catalogue model.
#[derive(Clone)]
pub struct Providers {
    by_model: HashMap<String, Arc<dyn Provider>>,
    offline: Arc<dyn Provider>,
}

impl Providers {
    /// Builds the providers of every model in `catalogue`.
    pub fn build(catalogue: &Catalogue) -> anyhow::Result<Self> {
        let offline: Arc<dyn Provider> = Arc::new(OfflineProvider);
        let mut by_model = HashMap::new();
        for model in catalogue.models() {
            let provider: Arc<dyn Provider> = match &model.provider {
                ProviderSpec::Offline => offline.clone(),
                ProviderSpec::OpenAi {
                    base_url,
                    model: name,
                    api_key,
                    timeout,
                } => Arc::new(OpenAiProvider::new(
                    base_url.clone(),
                    name.clone(),
                    api_key.clone(),
                    *timeout,
                )?),
            };
            by_model.insert(model.id.clone(), provider);
        }
        Ok(Providers { by_model, offline })
    }

    /// The provider of `model_id` (the offline one for a model no longer configured).
    pub fn of(&self, model_id: &str) -> Arc<dyn Provider> {
        self.by_model
            .get(model_id)
            .cloned()
            .unwrap_or_else(|| self.offline.clone())
    }

    /// The offline generator, for fallbacks.
    pub fn offline(&self) -> Arc<dyn Provider> {
        self.offline.clone()
    }
}
