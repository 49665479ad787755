//! The model catalogue.

use actix_web::{get, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::state::AppState;

/// One model (the seed's `id, name, type, cost`, and what it serves).
#[derive(Debug, Serialize, ToSchema)]
pub struct ModelView {
    /// Pass as `model` when creating a job.
    pub id: String,
    /// Display name.
    pub name: String,
    /// `text` or `image`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Gems per job (0 = free).
    pub cost: i64,
    /// The job types it serves.
    pub job_types: Vec<&'static str>,
    /// `offline` or `openai`.
    pub provider: &'static str,
}

/// `GET /api/ai/models`
#[derive(Debug, Serialize, ToSchema)]
pub struct ModelsResponse {
    /// The catalogue, in configuration order.
    pub models: Vec<ModelView>,
    /// How many.
    pub total: usize,
}

/// The configured models and what a job on each costs in gems.
#[utoipa::path(get, path = "/api/ai/models", tag = "ai",
    responses((status = 200, body = ModelsResponse)))]
#[get("/api/ai/models")]
pub async fn list_models(state: web::Data<AppState>) -> web::Json<ModelsResponse> {
    let models: Vec<ModelView> = state
        .settings
        .catalogue
        .models()
        .iter()
        .map(|m| ModelView {
            id: m.id.clone(),
            name: m.name.clone(),
            kind: m.kind(),
            cost: m.cost,
            job_types: m.job_types.iter().map(|t| t.as_str()).collect(),
            provider: m.provider_name(),
        })
        .collect();
    web::Json(ModelsResponse {
        total: models.len(),
        models,
    })
}
