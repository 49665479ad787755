//! OAuth2 login (authorization code + PKCE S256 + state) against providers configured by
//! environment. The `state` and PKCE verifier wait in Redis for a short TTL and are consumed
//! once. The login is bound to the browser that started it: a random value in a short-lived
//! HttpOnly cookie, whose hash waits with the state, must come back with the callback, so a
//! victim's browser cannot be made to finish an attacker's login (login CSRF). The code
//! exchange goes through our reqwest client via a small adapter (oauth2 is built without its
//! own HTTP stack).

use std::time::Duration;

use actix_web::cookie::time::Duration as CookieDuration;
use actix_web::cookie::{Cookie, SameSite};
use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::redis::Redis;
use oauth2::basic::BasicClient;
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointNotSet, EndpointSet,
    HttpRequest, HttpResponse, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RequestTokenError,
    Scope, TokenResponse, TokenUrl,
};
use rand::RngCore;
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::AuthError;
use crate::settings::ProviderSettings;

pub mod sign_in;

/// Longest `state` accepted back from a client.
const STATE_MAX_LEN: usize = 128;
/// The cookie binding a login to its browser; sent only to `/api/auth/*`.
pub const BINDING_COOKIE: &str = "oauth_binding";
const BINDING_COOKIE_PATH: &str = "/api/auth";

type Client = BasicClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

fn client(provider: &ProviderSettings) -> Client {
    BasicClient::new(ClientId::new(provider.client_id.clone()))
        .set_client_secret(ClientSecret::new(
            provider.client_secret.expose_secret().to_owned(),
        ))
        .set_auth_uri(AuthUrl::from_url(provider.authorize_url.clone()))
        .set_token_uri(TokenUrl::from_url(provider.token_url.clone()))
        .set_redirect_uri(RedirectUrl::from_url(provider.redirect_uri.clone()))
}

/// What waits in Redis between the redirect and the callback.
#[derive(Serialize, Deserialize)]
pub struct Pending {
    /// The provider's name.
    pub provider: String,
    /// The PKCE verifier.
    pub verifier: String,
    /// SHA-256 (hex) of the browser's binding cookie.
    binding: String,
}

impl Pending {
    /// Whether `cookie` is the binding cookie of the browser that started this login.
    pub fn bound_to(&self, cookie: Option<&str>) -> bool {
        cookie.is_some_and(|c| binding_hash(c) == self.binding)
    }
}

fn binding_hash(value: &str) -> String {
    Sha256::digest(value.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The cookie that binds a login to the browser starting it: HttpOnly, `/api/auth` only,
/// `SameSite=Lax` (the provider's redirect back is a top-level navigation from another site),
/// gone after `ttl`.
fn binding_cookie(value: String, ttl: Duration, secure: bool) -> Cookie<'static> {
    Cookie::build(BINDING_COOKIE, value)
        .path(BINDING_COOKIE_PATH)
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(CookieDuration::seconds(
            i64::try_from(ttl.as_secs()).unwrap_or(600),
        ))
        .finish()
}

/// A cookie deleting the binding cookie (the login is over).
pub fn binding_removal(secure: bool) -> Cookie<'static> {
    let mut cookie = binding_cookie(String::new(), Duration::ZERO, secure);
    cookie.make_removal();
    cookie
}

fn state_key(redis: &Redis, state: &str) -> String {
    redis.keys().key(&format!("auth:oauth-state:{state}"))
}

/// Starts a login: the provider's authorization URL, with a fresh `state` and PKCE challenge
/// remembered for `ttl`, and the cookie binding it to this browser.
pub async fn authorization_url(
    redis: &Redis,
    provider: &ProviderSettings,
    ttl: Duration,
    secure_cookie: bool,
) -> Result<(url::Url, Cookie<'static>), AuthError> {
    let mut random = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut random);
    let binding = URL_SAFE_NO_PAD.encode(random);
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state) = client(provider)
        .authorize_url(CsrfToken::new_random)
        .add_scopes(provider.scopes.iter().cloned().map(Scope::new))
        .set_pkce_challenge(challenge)
        .url();
    let pending = serde_json::to_string(&Pending {
        provider: provider.name.clone(),
        verifier: verifier.secret().clone(),
        binding: binding_hash(&binding),
    })
    .map_err(AuthError::internal)?;
    let mut conn = redis.conn().await.map_err(AuthError::redis)?;
    let _: () = redis::cmd("SET")
        .arg(state_key(redis, state.secret()))
        .arg(pending)
        .arg("EX")
        .arg(ttl.as_secs().max(1))
        .query_async(&mut conn)
        .await
        .map_err(AuthError::redis)?;
    Ok((url, binding_cookie(binding, ttl, secure_cookie)))
}

/// Takes the pending login for `state` (once: a replayed state finds nothing).
pub async fn take_state(redis: &Redis, state: &str) -> Result<Pending, AuthError> {
    if state.is_empty()
        || state.len() > STATE_MAX_LEN
        || !state
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(AuthError::InvalidState);
    }
    let mut conn = redis.conn().await.map_err(AuthError::redis)?;
    let raw: Option<String> = redis::cmd("GETDEL")
        .arg(state_key(redis, state))
        .query_async(&mut conn)
        .await
        .map_err(AuthError::redis)?;
    raw.and_then(|raw| serde_json::from_str(&raw).ok())
        .ok_or(AuthError::InvalidState)
}

/// The error of the reqwest adapter.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct HttpError(String);

/// Sends one oauth2 request through our reqwest client.
async fn send(http: &reqwest::Client, request: HttpRequest) -> Result<HttpResponse, HttpError> {
    let (parts, body) = request.into_parts();
    let res = http
        .request(parts.method, parts.uri.to_string())
        .headers(parts.headers)
        .body(body)
        .send()
        .await
        .map_err(|e| HttpError(format!("{e:#}")))?;
    let mut builder = oauth2::http::Response::builder().status(res.status());
    for (name, value) in res.headers() {
        builder = builder.header(name, value);
    }
    let body = read_bounded(res)
        .await
        .map_err(|e| HttpError(format!("{e:#}")))?;
    builder.body(body).map_err(|e| HttpError(e.to_string()))
}

/// Largest token or userinfo answer read from a provider: both are a few hundred bytes, and a
/// provider's answer must not decide how much memory a login takes (OWASP API10).
const MAX_PROVIDER_ANSWER_BYTES: usize = 64 * 1024;

/// The body of `res`, refused as soon as it grows past [`MAX_PROVIDER_ANSWER_BYTES`].
async fn read_bounded(mut res: reqwest::Response) -> anyhow::Result<Vec<u8>> {
    if res
        .content_length()
        .is_some_and(|n| n > MAX_PROVIDER_ANSWER_BYTES as u64)
    {
        anyhow::bail!("the provider's answer is larger than {MAX_PROVIDER_ANSWER_BYTES} bytes");
    }
    let mut body = Vec::new();
    while let Some(chunk) = res.chunk().await? {
        if body.len() + chunk.len() > MAX_PROVIDER_ANSWER_BYTES {
            anyhow::bail!("the provider's answer is larger than {MAX_PROVIDER_ANSWER_BYTES} bytes");
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// What the provider says about the user.
#[derive(Debug, Clone)]
pub struct ProviderUser {
    /// The provider's stable id for the user (`sub`, or `id`).
    pub subject: String,
    /// Email as reported.
    pub email: Option<String>,
    /// Whether the provider vouches for the email.
    pub email_verified: bool,
    /// A display name to derive a username from.
    pub name: Option<String>,
    /// A picture URL.
    pub picture: Option<String>,
    /// The raw userinfo document.
    pub raw: Value,
}

/// Exchanges `code` (with the PKCE verifier) for a token, then fetches the userinfo.
pub async fn fetch_user(
    http: &reqwest::Client,
    provider: &ProviderSettings,
    code: &str,
    verifier: String,
) -> Result<ProviderUser, AuthError> {
    let adapter = |request: HttpRequest| send(http, request);
    let token = client(provider)
        .exchange_code(AuthorizationCode::new(code.to_owned()))
        .set_pkce_verifier(PkceCodeVerifier::new(verifier))
        .request_async(&adapter)
        .await
        .map_err(|e| match e {
            RequestTokenError::ServerResponse(response) => {
                tracing::info!(provider = %provider.name, error = %response.error(), "provider rejected the code");
                AuthError::OAuthCodeRejected
            }
            other => AuthError::OAuthProvider(anyhow::anyhow!("token exchange: {other}")),
        })?;
    let res = http
        .get(provider.userinfo_url.clone())
        .bearer_auth(token.access_token().secret())
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await
        .context("fetching userinfo")
        .map_err(AuthError::OAuthProvider)?;
    if !res.status().is_success() {
        return Err(AuthError::OAuthProvider(anyhow::anyhow!(
            "userinfo answered {}",
            res.status()
        )));
    }
    let body = read_bounded(res)
        .await
        .context("reading userinfo")
        .map_err(AuthError::OAuthProvider)?;
    let raw: Value = serde_json::from_slice(&body)
        .context("parsing userinfo")
        .map_err(AuthError::OAuthProvider)?;
    parse_userinfo(raw).map_err(AuthError::OAuthProvider)
}

/// Reads the OpenID Connect userinfo claims (with GitHub-style `id`/`login`/`avatar_url` as
/// fallbacks).
fn parse_userinfo(raw: Value) -> anyhow::Result<ProviderUser> {
    let text = |key: &str| {
        raw.get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let subject = match raw.get("sub").or_else(|| raw.get("id")) {
        Some(Value::String(s)) if !s.is_empty() && s.len() <= 255 => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => anyhow::bail!("userinfo has no subject (sub or id)"),
    };
    let email_verified = match raw.get("email_verified") {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    };
    Ok(ProviderUser {
        subject,
        email: text("email"),
        email_verified,
        name: text("preferred_username")
            .or_else(|| text("name"))
            .or_else(|| text("login")),
        picture: text("picture").or_else(|| text("avatar_url")),
        raw,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_claims_are_read_with_fallbacks() {
        let u = parse_userinfo(serde_json::json!({
            "sub": "abc", "email": "A@x.io", "email_verified": true, "name": "Ann"
        }))
        .unwrap();
        assert_eq!(
            (u.subject.as_str(), u.email_verified, u.name.as_deref()),
            ("abc", true, Some("Ann"))
        );
        let gh = parse_userinfo(
            serde_json::json!({"id": 42, "login": "octo", "avatar_url": "https://a/b.png"}),
        )
        .unwrap();
        assert_eq!(gh.subject, "42");
        assert!(!gh.email_verified);
        assert_eq!(gh.picture.as_deref(), Some("https://a/b.png"));
        assert!(parse_userinfo(serde_json::json!({"email": "x@y.z"})).is_err());
        let unverified =
            parse_userinfo(serde_json::json!({"sub": "s", "email_verified": "false"})).unwrap();
        assert!(!unverified.email_verified);
    }
}
