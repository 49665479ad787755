//! OAuth2 login endpoints: the configured providers, the authorization URL, and the callback
//! that creates or links the account.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use common::Problem;
use common::error::ProblemBody;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{AuthResponse, token_response};
use crate::devices;
use crate::error::AuthError;
use crate::oauth::{self, sign_in};
use crate::sessions::ClientInfo;
use crate::settings::ProviderSettings;
use crate::state::AppState;

/// Longest authorization code accepted.
const CODE_MAX_LEN: usize = 2048;
/// Sign-in attempts when concurrent first logins of one identity race.
const SIGN_IN_ATTEMPTS: usize = 3;

/// One configured provider.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProviderInfo {
    /// Its name, for `?provider=`.
    pub name: String,
    /// Where to start a login with it.
    pub login_url: String,
}

/// The configured OAuth providers.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProvidersResponse {
    /// Providers, in configuration order.
    pub providers: Vec<ProviderInfo>,
}

/// Lists the OAuth providers configured for login.
#[utoipa::path(get, path = "/api/auth/providers", tag = "oauth",
    responses((status = 200, body = ProvidersResponse)))]
#[get("/api/auth/providers")]
pub async fn list_providers(state: web::Data<AppState>) -> web::Json<ProvidersResponse> {
    web::Json(ProvidersResponse {
        providers: state
            .settings
            .providers
            .iter()
            .map(|p| ProviderInfo {
                name: p.name.clone(),
                login_url: format!("/api/auth/login?provider={}", p.name),
            })
            .collect(),
    })
}

/// `GET /api/auth/login` query.
#[derive(Debug, Deserialize, IntoParams)]
pub struct OAuthLoginQuery {
    /// Provider name; may be omitted when exactly one is configured.
    pub provider: Option<String>,
}

/// Where to send the user.
#[derive(Debug, Serialize, ToSchema)]
pub struct OAuthLoginResponse {
    /// The provider's authorization URL, with `state` and a PKCE S256 challenge.
    pub auth_url: String,
    /// The provider chosen.
    pub provider: String,
    /// What to do with `auth_url`.
    pub message: &'static str,
}

fn pick_provider<'a>(
    providers: &'a [ProviderSettings],
    name: Option<&str>,
) -> Result<&'a ProviderSettings, AuthError> {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(name) => providers
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .ok_or(AuthError::UnknownProvider),
        None => match providers {
            [only] => Ok(only),
            [] => Err(AuthError::UnknownProvider),
            _ => Err(AuthError::ProviderRequired),
        },
    }
}

/// Starts an OAuth login: answers with the provider's authorization URL. The `state` and PKCE
/// verifier are kept server-side for a few minutes and work once, and the login is bound to
/// this browser by the short-lived HttpOnly `oauth_binding` cookie, which the callback
/// requires (login CSRF).
#[utoipa::path(get, path = "/api/auth/login", tag = "oauth", params(OAuthLoginQuery),
    responses(
        (status = 200, body = OAuthLoginResponse),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`provider_required`"),
        (status = 404, body = ProblemBody, content_type = "application/problem+json", description = "`unknown_provider`"),
    ))]
#[get("/api/auth/login")]
#[tracing::instrument(name = "start_oauth_login", skip_all)]
pub async fn start_oauth_login(
    state: web::Data<AppState>,
    query: web::Query<OAuthLoginQuery>,
) -> Result<HttpResponse, Problem> {
    let provider = pick_provider(&state.settings.providers, query.provider.as_deref())?;
    let (url, cookie) = oauth::authorization_url(
        &state.redis,
        provider,
        state.settings.oauth_state_ttl,
        state.settings.cookie_secure,
    )
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .cookie(cookie)
        .json(OAuthLoginResponse {
            auth_url: url.to_string(),
            provider: provider.name.clone(),
            message: "Redirect the user to auth_url",
        }))
}

/// What the provider sends back to the redirect URI.
#[derive(Debug, Deserialize, IntoParams)]
pub struct CallbackQuery {
    /// The authorization code.
    pub code: Option<String>,
    /// The `state` from the authorization URL.
    pub state: Option<String>,
    /// Set instead of `code` when the user or provider refused.
    pub error: Option<String>,
}

/// Finishes an OAuth login: checks `state` and that this browser started the login (its
/// `oauth_binding` cookie), exchanges the code with the PKCE verifier, reads the userinfo, and
/// logs into the linked account, linking by an email both sides verified, or creating one. Two
/// simultaneous first logins of one identity end in the same account.
#[utoipa::path(get, path = "/api/auth/callback", tag = "oauth", params(CallbackQuery),
    responses(
        (status = 200, body = AuthResponse, description = "Logged in; tokens also set as cookies"),
        (status = 400, body = ProblemBody, content_type = "application/problem+json", description = "`invalid_oauth_state` (unknown, used, expired, or started by another browser), `oauth_denied` or `oauth_code_rejected`"),
        (status = 422, body = ProblemBody, content_type = "application/problem+json", description = "`validation_failed` (no code)"),
        (status = 502, body = ProblemBody, content_type = "application/problem+json", description = "`oauth_provider_error`"),
    ))]
#[get("/api/auth/callback")]
#[tracing::instrument(name = "oauth_callback", skip_all, fields(provider = tracing::field::Empty, user.id = tracing::field::Empty))]
pub async fn oauth_callback(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<CallbackQuery>,
) -> Result<HttpResponse, Problem> {
    let CallbackQuery {
        code,
        state: oauth_state,
        error,
    } = query.into_inner();
    let oauth_state = oauth_state.ok_or(AuthError::InvalidState)?;
    if error.is_some() {
        // The login is over either way: burn its state.
        let _ = oauth::take_state(&state.redis, &oauth_state).await;
        return Err(AuthError::OAuthDenied.into());
    }
    let code = code
        .filter(|c| !c.is_empty() && c.len() <= CODE_MAX_LEN)
        .ok_or_else(|| AuthError::field("code", "is required (at most 2048 characters)"))?;
    let pending = oauth::take_state(&state.redis, &oauth_state).await?;
    let binding = req.cookie(oauth::BINDING_COOKIE);
    if !pending.bound_to(binding.as_ref().map(|c| c.value())) {
        tracing::warn!("OAuth callback from a browser that did not start the login; refused");
        return Err(AuthError::InvalidState.into());
    }
    let provider = state
        .settings
        .provider(&pending.provider)
        .ok_or(AuthError::InvalidState)?;
    tracing::Span::current().record("provider", provider.name.as_str());
    let info = oauth::fetch_user(&state.oauth_http, provider, &code, pending.verifier).await?;
    let client = ClientInfo::of(&req, state.settings.trust_forwarded_for);
    let mut conn = state.conn().await?;
    let mut attempt = 1;
    let (user, grant) = loop {
        match sign_in::sign_in(
            &mut conn,
            &provider.name,
            &info,
            state.settings.refresh_token_ttl,
            &client,
        )
        .await
        {
            // The other login committed first: this time its account is found.
            Err(AuthError::OAuthRace) if attempt < SIGN_IN_ATTEMPTS => attempt += 1,
            result => break result?,
        }
    };
    tracing::Span::current().record("user.id", tracing::field::display(user.id));
    // The browser becomes a known device of the account, as with a password login.
    let device_cookie = devices::remember(
        &mut conn,
        devices::cookie_hash(&req).as_ref(),
        user.id,
        state.settings.cookie_secure,
    )
    .await?;
    let mut res = token_response(
        &state,
        StatusCode::OK,
        &user,
        grant,
        "Login successful",
        Some(info.raw),
    )
    .await?;
    let removal = oauth::binding_removal(state.settings.cookie_secure);
    for cookie in std::iter::once(removal).chain(device_cookie) {
        res.add_cookie(&cookie).map_err(AuthError::internal)?;
    }
    Ok(res)
}
