//! What every auth handler shares, built once per application; and the [`Caller`] extractor.

use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use anyhow::Context;
use common::Problem;
use common::auth::{AccessClaims, Revocations, TokenError, token_from_request};
use common::db::{DbConn, DbPool};
use common::server::AppContext;
use futures_util::future::LocalBoxFuture;
use uuid::Uuid;

use crate::error::AuthError;
use crate::keys::KeyStore;
use crate::mail::{self, MailQueue};
use crate::passwords::Passwords;
use crate::settings::AuthSettings;
use crate::throttle::Throttle;

/// The auth service's state.
pub struct AppState {
    /// The auth database.
    pub db: DbPool,
    /// Logged-out sessions, read by every service's `AuthUser`.
    pub revocations: Revocations,
    /// Signing keys and token signing/verification.
    pub keys: KeyStore,
    /// argon2id hashing.
    pub passwords: Passwords,
    /// Login attempt counters.
    pub throttle: Throttle,
    /// The shared Redis pool (OAuth state).
    pub redis: common::redis::Redis,
    /// The auth settings.
    pub settings: Arc<AuthSettings>,
    /// Talks to OAuth providers; never follows redirects.
    pub oauth_http: reqwest::Client,
    /// Account mail (verification, reset), sent by a background worker.
    pub mail: MailQueue,
    /// Whether the cafe seed's password-less accounts are allowed (development only).
    pub passwordless: bool,
}

impl AppState {
    /// Builds the state: loads (or creates) the signing keys and computes the dummy hash.
    pub async fn build(ctx: &AppContext, settings: Arc<AuthSettings>) -> anyhow::Result<Self> {
        let db = ctx
            .db
            .clone()
            .context("the auth service needs a database")?;
        let keys = KeyStore::open(
            db.clone(),
            &settings.key_encryption_secret,
            settings.key_reload_interval,
            &ctx.settings.jwt,
        )
        .await?;
        let passwords = Passwords::new(settings.argon2).await?;
        common::http::init_crypto();
        let oauth_http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .connect_timeout(Duration::from_secs(3))
            .build()
            .context("building the OAuth HTTP client")?;
        let mail = mail::start(&ctx.workers, db.clone(), &settings.mail)?;
        Ok(AppState {
            passwordless: settings.passwordless_allowed(ctx.settings.is_production()),
            mail,
            db,
            revocations: Revocations::new(ctx.redis.clone()),
            keys,
            passwords,
            throttle: Throttle::new(ctx.redis.clone(), settings.throttle),
            redis: ctx.redis.clone(),
            settings,
            oauth_http,
        })
    }

    /// A pooled connection; 503 when the database is unreachable.
    pub async fn conn(&self) -> Result<DbConn, AuthError> {
        Ok(self.db.get().await?)
    }

    /// Records revoked sessions in Redis, so every service refuses their access tokens at once.
    pub async fn revoke_in_redis(&self, sessions: &[Uuid]) -> anyhow::Result<()> {
        for session in sessions {
            self.revocations.revoke(*session).await?;
        }
        Ok(())
    }

    /// Verifies an access token with the local keys and refuses revoked sessions (fail
    /// closed when Redis is down), exactly as every service's `AuthUser` does.
    pub async fn authenticate(&self, token: &str) -> Result<AccessClaims, TokenError> {
        let claims = self.keys.verify(token).await?;
        match self.revocations.is_revoked(claims.sid).await {
            Ok(false) => Ok(claims),
            Ok(true) => Err(TokenError::Revoked),
            Err(e) => Err(TokenError::Unavailable(e)),
        }
    }
}

/// The authenticated caller of an auth endpoint. Like common's `AuthUser`, but verified with
/// auth's own keys rather than by fetching its own JWKS over HTTP.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The user id.
    pub id: Uuid,
    /// The session id.
    pub session_id: Uuid,
    /// The role claim.
    pub role: String,
}

impl FromRequest for Caller {
    type Error = Problem;
    type Future = LocalBoxFuture<'static, Result<Self, Problem>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = token_from_request(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let state = state
                .ok_or_else(|| Problem::internal(anyhow::anyhow!("AppState is not registered")))?;
            let token = token.ok_or(TokenError::Missing)?;
            let claims = state.authenticate(&token).await?;
            Ok(Caller {
                id: claims.sub,
                session_id: claims.sid,
                role: claims.role,
            })
        })
    }
}
