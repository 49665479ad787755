//! Identity: access-token verification against the auth service's JWKS, the [`AuthUser`]
//! extractor, session revocation, and service tokens for internal calls.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use anyhow::Context;
use futures_util::future::LocalBoxFuture;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::Problem;
use crate::redis::Redis;
use crate::settings::JwtSettings;

pub mod key_identity;

/// Audience of service tokens; user tokens never carry it.
pub const INTERNAL_AUDIENCE: &str = "internal";
/// The header naming the player an internal call acts for.
pub const ACTING_USER_HEADER: &str = "x-user-id";
/// Lifetime of a service token.
const SERVICE_TOKEN_TTL_SECS: i64 = 60;
/// Clock skew tolerated on `exp`/`iat`.
pub const LEEWAY_SECS: u64 = 30;
/// Fetch the JWKS again after this long even when every `kid` is known.
const JWKS_MAX_AGE: Duration = Duration::from_secs(600);
/// Never refetch the JWKS more often than this, so unknown-`kid` tokens cannot flood auth.
const JWKS_MIN_REFRESH: Duration = Duration::from_secs(5);
/// How long a revocation must be remembered: as long as an access token can live.
pub const REVOCATION_TTL: Duration = Duration::from_secs(15 * 60 + LEEWAY_SECS);

/// The claims of an access token (ARCHITECTURE.md "Identity and trust").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    /// Issuer: the auth service.
    pub iss: String,
    /// Audience: the platform.
    pub aud: String,
    /// The user id.
    pub sub: Uuid,
    /// The session id; revoked on logout.
    pub sid: Uuid,
    /// `player`, `guest` or `admin`.
    pub role: String,
    /// Issued at (Unix seconds).
    pub iat: i64,
    /// Expires at (Unix seconds).
    pub exp: i64,
    /// Unique token id.
    pub jti: Uuid,
}

/// Why a token was refused. Clients see one answer whatever the reason.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// No token in the header, cookie or query.
    #[error("no access token")]
    Missing,
    /// Signature, algorithm, claims or expiry are wrong.
    #[error("invalid access token: {0}")]
    Invalid(String),
    /// The session was logged out or revoked.
    #[error("session revoked")]
    Revoked,
    /// The key set or the revocation list could not be read.
    #[error("token verification unavailable: {0:#}")]
    Unavailable(anyhow::Error),
}

impl From<TokenError> for Problem {
    fn from(err: TokenError) -> Self {
        match err {
            TokenError::Missing => Problem::unauthorized(
                "missing_token",
                "send an access token as a Bearer header, the access_token cookie or ?token=",
            ),
            TokenError::Invalid(_) => {
                Problem::unauthorized("invalid_token", "the access token is invalid or expired")
            }
            TokenError::Revoked => {
                Problem::unauthorized("session_revoked", "this session has been logged out")
            }
            TokenError::Unavailable(e) => Problem::unavailable("auth_unavailable", e),
        }
    }
}

/// The validation every access token gets: EdDSA only, issuer, audience, required claims, leeway.
pub fn access_validation(settings: &JwtSettings) -> Validation {
    let mut validation = Validation::new(Algorithm::EdDSA);
    validation.set_issuer(&[&settings.issuer]);
    validation.set_audience(&[&settings.audience]);
    validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
    validation.leeway = LEEWAY_SECS;
    validation
}

/// The `kid` of an access token, refusing any algorithm but EdDSA before a key is looked up
/// (`none`, HS* key confusion, RS*).
pub fn access_token_kid(token: &str) -> Result<String, TokenError> {
    let header =
        jsonwebtoken::decode_header(token).map_err(|e| TokenError::Invalid(e.to_string()))?;
    if header.alg != Algorithm::EdDSA {
        return Err(TokenError::Invalid(format!(
            "algorithm {:?} refused",
            header.alg
        )));
    }
    header
        .kid
        .ok_or_else(|| TokenError::Invalid("no kid".into()))
}

/// Checks an access token's signature with `key` and its claims with `validation`.
pub fn decode_access(
    token: &str,
    key: &DecodingKey,
    validation: &Validation,
) -> Result<AccessClaims, TokenError> {
    jsonwebtoken::decode::<AccessClaims>(token, key, validation)
        .map(|data| data.claims)
        .map_err(|e| TokenError::Invalid(e.to_string()))
}

struct KeyCache {
    keys: HashMap<String, DecodingKey>,
    fetched_at: Option<Instant>,
}

/// Verifies access tokens locally with the auth service's public keys.
pub struct JwtVerifier {
    jwks_url: url::Url,
    http: reqwest::Client,
    validation: Validation,
    cache: RwLock<KeyCache>,
    refresh: tokio::sync::Mutex<()>,
    /// Tokens already verified, with their claims: an Ed25519 check costs more than most
    /// requests' own work, and a token's signature cannot change. Revocation is still checked
    /// per request by [`Authenticator`].
    verified: Mutex<HashMap<String, AccessClaims>>,
}

/// Verified tokens remembered at most; the map is cleared when full, so memory stays bounded.
const VERIFIED_TOKENS_MAX: usize = 10_000;

impl JwtVerifier {
    /// A verifier for `settings`; keys are fetched on first use.
    pub fn new(settings: &JwtSettings, http: reqwest::Client) -> Self {
        JwtVerifier {
            jwks_url: settings.jwks_url.clone(),
            http,
            validation: access_validation(settings),
            cache: RwLock::new(KeyCache {
                keys: HashMap::new(),
                fetched_at: None,
            }),
            refresh: tokio::sync::Mutex::new(()),
            verified: Mutex::new(HashMap::new()),
        }
    }

    /// Checks the signature, algorithm, issuer, audience and expiry of `token`.
    pub async fn verify(&self, token: &str) -> Result<AccessClaims, TokenError> {
        if let Some(claims) = self.remembered(token) {
            return Ok(claims);
        }
        let claims = self.verify_signature(token).await?;
        let mut verified = self.verified.lock().unwrap_or_else(|p| p.into_inner());
        if verified.len() >= VERIFIED_TOKENS_MAX {
            verified.clear();
        }
        verified.insert(token.to_owned(), claims.clone());
        Ok(claims)
    }

    /// The claims of `token` if it was verified before and has not expired since.
    fn remembered(&self, token: &str) -> Option<AccessClaims> {
        let verified = self.verified.lock().unwrap_or_else(|p| p.into_inner());
        let claims = verified.get(token)?;
        (claims.exp > chrono::Utc::now().timestamp()).then(|| claims.clone())
    }

    async fn verify_signature(&self, token: &str) -> Result<AccessClaims, TokenError> {
        let header =
            jsonwebtoken::decode_header(token).map_err(|e| TokenError::Invalid(e.to_string()))?;
        if header.alg != Algorithm::EdDSA {
            return Err(TokenError::Invalid(format!(
                "algorithm {:?} refused",
                header.alg
            )));
        }
        let kid = header
            .kid
            .ok_or_else(|| TokenError::Invalid("no kid".into()))?;
        if let Some(result) = self.try_cached(&kid, token) {
            return result;
        }
        self.refresh_keys(false).await?;
        self.try_cached(&kid, token)
            .unwrap_or_else(|| Err(TokenError::Invalid("unknown kid".into())))
    }

    /// `None` when `kid` is not cached (or the cache is stale and should be refetched).
    fn try_cached(&self, kid: &str, token: &str) -> Option<Result<AccessClaims, TokenError>> {
        let cache = self.cache.read().unwrap_or_else(|p| p.into_inner());
        let fresh = cache
            .fetched_at
            .is_some_and(|at| at.elapsed() < JWKS_MAX_AGE);
        let key = cache.keys.get(kid)?;
        if !fresh {
            return None;
        }
        Some(decode_access(token, key, &self.validation))
    }

    /// Fetches the JWKS unless another task just did; `force` ignores the minimum interval.
    pub async fn refresh_keys(&self, force: bool) -> Result<(), TokenError> {
        let _one_at_a_time = self.refresh.lock().await;
        let recent = {
            let cache = self.cache.read().unwrap_or_else(|p| p.into_inner());
            cache
                .fetched_at
                .is_some_and(|at| at.elapsed() < JWKS_MIN_REFRESH)
        };
        if recent && !force {
            return Ok(());
        }
        let fetched = self.fetch().await;
        let mut cache = self.cache.write().unwrap_or_else(|p| p.into_inner());
        match fetched {
            Ok(keys) => {
                cache.keys = keys;
                cache.fetched_at = Some(Instant::now());
                Ok(())
            }
            // Keep serving cached keys while auth is briefly unreachable.
            Err(e) if !cache.keys.is_empty() => {
                tracing::warn!(error = %format!("{e:#}"), "JWKS refresh failed; keeping cached keys");
                cache.fetched_at = Some(Instant::now());
                Ok(())
            }
            Err(e) => Err(TokenError::Unavailable(e)),
        }
    }

    async fn fetch(&self) -> anyhow::Result<HashMap<String, DecodingKey>> {
        let set: JwkSet = self
            .http
            .get(self.jwks_url.clone())
            .timeout(Duration::from_secs(3))
            .send()
            .await
            .context("fetching the JWKS")?
            .error_for_status()
            .context("fetching the JWKS")?
            .json()
            .await
            .context("parsing the JWKS")?;
        let mut keys = HashMap::new();
        for jwk in &set.keys {
            let Some(kid) = jwk.common.key_id.clone() else {
                continue;
            };
            // Only Ed25519 keys are trusted; anything else in the set is ignored.
            if let jsonwebtoken::jwk::AlgorithmParameters::OctetKeyPair(_) = &jwk.algorithm
                && let Ok(key) = DecodingKey::from_jwk(jwk)
            {
                keys.insert(kid, key);
            }
        }
        Ok(keys)
    }
}

/// Session revocation, shared by auth (which writes it) and every service (which reads it).
#[derive(Clone)]
pub struct Revocations {
    redis: Redis,
}

impl Revocations {
    /// Revocations kept in `redis`.
    pub fn new(redis: Redis) -> Self {
        Revocations { redis }
    }

    fn key(&self, sid: Uuid) -> String {
        self.redis.keys().key(&format!("auth:revoked:{sid}"))
    }

    /// Marks session `sid` revoked for as long as its access tokens could live.
    pub async fn revoke(&self, sid: Uuid) -> anyhow::Result<()> {
        let mut conn = self.redis.conn().await?;
        let _: () = redis::cmd("SET")
            .arg(self.key(sid))
            .arg(1)
            .arg("EX")
            .arg(REVOCATION_TTL.as_secs())
            .query_async(&mut conn)
            .await
            .context("recording a revocation")?;
        Ok(())
    }

    /// Whether session `sid` was revoked.
    pub async fn is_revoked(&self, sid: Uuid) -> anyhow::Result<bool> {
        // Read on every authenticated request: the shared connection avoids a pool checkout.
        let mut conn = self.redis.shared().await?;
        let exists: bool = redis::cmd("EXISTS")
            .arg(self.key(sid))
            .query_async(&mut conn)
            .await
            .context("reading revocations")?;
        Ok(exists)
    }
}

/// What the [`AuthUser`] extractor needs; registered as app data by the server bootstrap.
pub struct Authenticator {
    /// Signature and claims verification.
    pub verifier: JwtVerifier,
    /// Logged-out sessions.
    pub revocations: Revocations,
}

impl Authenticator {
    /// Verifies `token` and refuses revoked sessions (fail closed when Redis is down).
    pub async fn authenticate(&self, token: &str) -> Result<AccessClaims, TokenError> {
        let claims = self.verifier.verify(token).await?;
        match self.revocations.is_revoked(claims.sid).await {
            Ok(false) => Ok(claims),
            Ok(true) => Err(TokenError::Revoked),
            Err(e) => Err(TokenError::Unavailable(e)),
        }
    }
}

/// The access token of a request: `Authorization: Bearer`, else the `access_token` cookie,
/// else `?token=` (browsers cannot set headers on WebSocket upgrades).
pub fn token_from_request(req: &HttpRequest) -> Option<String> {
    token_from_head(req.head())
}

/// [`token_from_request`] for a bare request head (an HTTP/1 upgrade taken over before routing).
pub fn token_from_head(head: &actix_web::dev::RequestHead) -> Option<String> {
    if let Some(value) = head.headers().get(header::AUTHORIZATION)
        && let Ok(value) = value.to_str()
        && let Some((scheme, token)) = value.split_once(' ')
        && scheme.eq_ignore_ascii_case("bearer")
        && !token.trim().is_empty()
    {
        return Some(token.trim().to_owned());
    }
    // Parsed as actix-web's `HttpRequest::cookie` does: every Cookie header, `;`-separated.
    let cookie = head
        .headers()
        .get_all(header::COOKIE)
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| actix_web::cookie::Cookie::parse_encoded(pair.trim()).ok())
        .find(|c| c.name() == "access_token");
    if let Some(cookie) = cookie
        && !cookie.value().is_empty()
    {
        return Some(cookie.value().to_owned());
    }
    url::form_urlencoded::parse(head.uri.query().unwrap_or_default().as_bytes())
        .find(|(k, v)| k == "token" && !v.is_empty())
        .map(|(_, v)| v.into_owned())
}

/// The authenticated caller of a request.
#[derive(Debug, Clone)]
pub struct AuthUser {
    /// The user id.
    pub id: Uuid,
    /// The session id.
    pub session_id: Uuid,
    /// The role claim.
    pub role: String,
    /// All claims.
    pub claims: AccessClaims,
}

impl AuthUser {
    /// Whether the caller has `role = admin`.
    pub fn is_admin(&self) -> bool {
        self.role == "admin"
    }

    /// 403 unless the caller is an admin.
    pub fn require_admin(&self) -> Result<(), Problem> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(Problem::forbidden(
                "admin_required",
                "this operation needs the admin role",
            ))
        }
    }
}

impl FromRequest for AuthUser {
    type Error = Problem;
    type Future = LocalBoxFuture<'static, Result<Self, Problem>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let checked = req.extensions_mut().remove::<Preauthenticated>();
        if let Some(Preauthenticated(result)) = checked {
            return Box::pin(async move { Ok(AuthUser::from_claims(result?)) });
        }
        let token = token_from_request(req);
        let auth = req.app_data::<web::Data<Authenticator>>().cloned();
        Box::pin(async move {
            let auth = auth.ok_or_else(|| {
                Problem::internal(anyhow::anyhow!("Authenticator is not registered"))
            })?;
            let token = token.ok_or(TokenError::Missing)?;
            Ok(AuthUser::from_claims(auth.authenticate(&token).await?))
        })
    }
}

impl AuthUser {
    fn from_claims(claims: AccessClaims) -> Self {
        AuthUser {
            id: claims.sub,
            session_id: claims.sid,
            role: claims.role.clone(),
            claims,
        }
    }
}

/// The outcome of checking a request's credentials before its handler ran, taken by the
/// [`AuthUser`] extractor instead of checking again.
struct Preauthenticated(Result<AccessClaims, TokenError>);

/// Middleware: a request that may carry a body and carries credentials is authenticated before
/// any extractor runs. actix polls a handler's extractors together, so a malformed body would
/// otherwise answer 422 while the revocation check was still waiting on Redis; a revoked token
/// must get 401 whatever its body. Requests without a body, and `/internal/` calls (service
/// tokens), keep the lazy check of the extractor. Operators' routes (a literal `admin` segment
/// in the route's pattern) refuse a player's token here, before the body is read: a player learns nothing of an admin
/// body's schema from its validation errors (OWASP API5).
pub async fn preauthenticate(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let may_have_body = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    // The route's pattern, not the path: `/api/load_game/admin` is a save named "admin".
    let admin_route = req.path().contains("/admin")
        && req
            .match_pattern()
            .is_some_and(|pattern| pattern.split('/').any(|segment| segment == "admin"));
    if (may_have_body || admin_route)
        && !req.path().starts_with("/internal/")
        && let Some(token) = token_from_head(req.head())
        && let Some(auth) = req.app_data::<web::Data<Authenticator>>().cloned()
    {
        let result = auth.authenticate(&token).await;
        if admin_route && result.as_ref().is_ok_and(|claims| claims.role != "admin") {
            let refusal =
                Problem::forbidden("admin_required", "this operation needs the admin role");
            return Ok(req.error_response(refusal).map_into_right_body());
        }
        req.extensions_mut().insert(Preauthenticated(result));
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

/// Claims of a service token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ServiceClaims {
    /// Always `internal`.
    pub aud: String,
    /// The calling service.
    pub sub: String,
    /// Issued at.
    pub iat: i64,
    /// Expires at.
    pub exp: i64,
}

/// Signs and verifies the short-lived HS256 tokens services present to each other.
#[derive(Clone)]
pub struct ServiceTokens {
    service: &'static str,
    encoding: Arc<EncodingKey>,
    decoding: Arc<DecodingKey>,
    validation: Arc<Validation>,
}

impl ServiceTokens {
    /// Tokens for `service`, signed with the shared internal secret.
    pub fn new(service: &'static str, secret: &SecretString) -> Self {
        let bytes = secret.expose_secret().as_bytes();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_audience(&[INTERNAL_AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "aud", "sub"]);
        validation.leeway = LEEWAY_SECS;
        ServiceTokens {
            service,
            encoding: Arc::new(EncodingKey::from_secret(bytes)),
            decoding: Arc::new(DecodingKey::from_secret(bytes)),
            validation: Arc::new(validation),
        }
    }

    /// A fresh token naming this service.
    pub fn sign(&self) -> anyhow::Result<String> {
        let now = chrono::Utc::now().timestamp();
        let claims = ServiceClaims {
            aud: INTERNAL_AUDIENCE.to_owned(),
            sub: self.service.to_owned(),
            iat: now,
            exp: now + SERVICE_TOKEN_TTL_SECS,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .context("signing a service token")
    }

    /// Verifies a service token; returns the calling service's name.
    pub fn verify(&self, token: &str) -> Result<ServiceClaims, TokenError> {
        jsonwebtoken::decode::<ServiceClaims>(token, &self.decoding, &self.validation)
            .map(|d| d.claims)
            .map_err(|e| TokenError::Invalid(e.to_string()))
    }
}

/// The caller of an `/internal/*` endpoint: another service, maybe acting for a player.
#[derive(Debug, Clone)]
pub struct InternalCaller {
    /// The calling service.
    pub service: String,
    /// The player the call acts for (`x-user-id`), if any.
    pub acting_user: Option<Uuid>,
}

impl InternalCaller {
    /// The player the call acts for; 400 `acting_user_required` when the caller named none.
    pub fn player(&self) -> Result<Uuid, Problem> {
        self.acting_user.ok_or_else(|| {
            Problem::bad_request("acting_user_required", "this call needs x-user-id")
        })
    }
}

impl FromRequest for InternalCaller {
    type Error = Problem;
    type Future = std::future::Ready<Result<Self, Problem>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(internal_caller(req))
    }
}

fn internal_caller(req: &HttpRequest) -> Result<InternalCaller, Problem> {
    let tokens = req
        .app_data::<web::Data<ServiceTokens>>()
        .ok_or_else(|| Problem::internal(anyhow::anyhow!("ServiceTokens is not registered")))?;
    let token = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(|| {
            Problem::unauthorized(
                "missing_service_token",
                "internal endpoints need a service token",
            )
        })?;
    let claims = tokens.verify(token).map_err(|_| {
        Problem::unauthorized(
            "invalid_service_token",
            "the service token is invalid or expired",
        )
    })?;
    let acting_user = match req.headers().get(ACTING_USER_HEADER) {
        None => None,
        Some(v) => Some(
            v.to_str()
                .ok()
                .and_then(|s| Uuid::parse_str(s).ok())
                .ok_or_else(|| {
                    Problem::bad_request("invalid_acting_user", "x-user-id must be a UUID")
                })?,
        ),
    };
    Ok(InternalCaller {
        service: claims.sub,
        acting_user,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_tokens_round_trip_and_refuse_other_secrets() {
        let a = ServiceTokens::new("gacha", &SecretString::from("a".repeat(40)));
        let b = ServiceTokens::new("gacha", &SecretString::from("b".repeat(40)));
        let token = a.sign().unwrap();
        assert_eq!(a.verify(&token).unwrap().sub, "gacha");
        assert!(b.verify(&token).is_err());
    }
}
