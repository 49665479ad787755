//! `/api/shop/admin/items`: catalog management for admins (role `admin`).

use actix_web::{HttpResponse, delete, get, post, put, web};
use common::Problem;
use common::auth::AuthUser;
use common::error::{FieldError, ProblemBody};

use crate::db::models::NewCatalogItem;
use crate::db::queries;
use crate::domain::catalog::CatalogEntry;
use crate::error::InventoryError;
use crate::state::AppState;

fn checked(entry: &CatalogEntry) -> Result<(), InventoryError> {
    let problems = entry.problems();
    if problems.is_empty() {
        return Ok(());
    }
    Err(InventoryError::Validation(
        problems
            .into_iter()
            .map(|(field, message)| FieldError {
                field: field.to_owned(),
                message,
            })
            .collect(),
    ))
}

/// Every catalog entry, including those retired from the shop.
#[utoipa::path(get, path = "/api/shop/admin/items", tag = "admin",
    responses(
        (status = 200, body = [CatalogEntry]),
        (status = 403, body = ProblemBody, content_type = "application/problem+json", description = "`admin_required`"),
    ))]
#[get("/api/shop/admin/items")]
#[tracing::instrument(name = "list_catalog", skip_all, fields(user.id = %user.id))]
pub async fn list_catalog(
    state: web::Data<AppState>,
    user: AuthUser,
) -> Result<web::Json<Vec<CatalogEntry>>, Problem> {
    user.require_admin()?;
    let mut conn = state.conn().await?;
    let rows = queries::list_catalog(&mut conn, false)
        .await
        .map_err(InventoryError::from)?;
    Ok(web::Json(rows.iter().map(|r| r.entry()).collect()))
}

/// Adds a catalog entry.
#[utoipa::path(post, path = "/api/shop/admin/items", tag = "admin",
    request_body = CatalogEntry,
    responses(
        (status = 201, body = CatalogEntry),
        (status = 403, body = ProblemBody, content_type = "application/problem+json", description = "`admin_required`"),
        (status = 409, body = ProblemBody, content_type = "application/problem+json", description = "`catalog_item_exists`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`validation_failed`"),
    ))]
#[post("/api/shop/admin/items")]
#[tracing::instrument(name = "create_catalog_entry", skip_all, fields(user.id = %user.id))]
pub async fn create_catalog_entry(
    state: web::Data<AppState>,
    user: AuthUser,
    body: web::Json<CatalogEntry>,
) -> Result<HttpResponse, Problem> {
    user.require_admin()?;
    checked(&body)?;
    let mut conn = state.conn().await?;
    let row = queries::insert_catalog(&mut conn, &NewCatalogItem::from(&*body))
        .await
        .map_err(InventoryError::from)?;
    Ok(HttpResponse::Created().json(row.entry()))
}

/// Replaces a catalog entry (items already owned keep their stats).
#[utoipa::path(put, path = "/api/shop/admin/items/{id}", tag = "admin",
    request_body = CatalogEntry,
    params(("id" = String, Path, description = "Catalog id")),
    responses(
        (status = 200, body = CatalogEntry),
        (status = 403, body = ProblemBody, content_type = "application/problem+json", description = "`admin_required`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`item_not_found`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`validation_failed`"),
    ))]
#[put("/api/shop/admin/items/{id}")]
#[tracing::instrument(name = "replace_catalog_entry", skip_all, fields(user.id = %user.id))]
pub async fn replace_catalog_entry(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
    body: web::Json<CatalogEntry>,
) -> Result<web::Json<CatalogEntry>, Problem> {
    user.require_admin()?;
    if body.id != *id {
        return Err(InventoryError::field("id", "must match the path").into());
    }
    checked(&body)?;
    let mut conn = state.conn().await?;
    let row = queries::update_catalog(&mut conn, &id, &NewCatalogItem::from(&*body))
        .await
        .map_err(InventoryError::from)?
        .ok_or_else(|| InventoryError::CatalogItemNotFound(id.clone()))?;
    Ok(web::Json(row.entry()))
}

/// Takes an entry out of the shop; owned copies keep working.
#[utoipa::path(delete, path = "/api/shop/admin/items/{id}", tag = "admin",
    params(("id" = String, Path, description = "Catalog id")),
    responses(
        (status = 204, description = "retired"),
        (status = 403, body = ProblemBody, content_type = "application/problem+json", description = "`admin_required`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`item_not_found`"),
    ))]
#[delete("/api/shop/admin/items/{id}")]
#[tracing::instrument(name = "retire_catalog_entry", skip_all, fields(user.id = %user.id))]
pub async fn retire_catalog_entry(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, Problem> {
    user.require_admin()?;
    let mut conn = state.conn().await?;
    if !queries::retire_catalog(&mut conn, &id)
        .await
        .map_err(InventoryError::from)?
    {
        return Err(InventoryError::CatalogItemNotFound(id.into_inner()).into());
    }
    Ok(HttpResponse::NoContent().finish())
}
