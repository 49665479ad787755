//! The public keys every service verifies access tokens with.

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};

use crate::keys::Jwks;
use crate::state::AppState;

/// The JWKS: every Ed25519 key whose tokens may still be valid (the signing key first, keys
/// replaced by a rotation until their last tokens have expired).
#[utoipa::path(get, path = "/.well-known/jwks.json", tag = "keys",
    responses((status = 200, body = Jwks)))]
#[get("/.well-known/jwks.json")]
pub async fn get_jwks(state: web::Data<AppState>) -> HttpResponse {
    let jwks = state.keys.jwks().await;
    HttpResponse::Ok()
        // Short: verifiers refetch on an unknown kid anyway, and caches must not hide a rotation.
        .insert_header((header::CACHE_CONTROL, "public, max-age=60"))
        .json(&*jwks)
}
