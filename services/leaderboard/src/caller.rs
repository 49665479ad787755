//! The [`Player`] extractor: common's access-token check with the signature verification
//! remembered per token, because an EdDSA verification costs more than the rest of a score
//! submission. Revocation is still checked on every request (fail closed when Redis is down).

use std::collections::HashMap;
use std::sync::Mutex;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use common::Problem;
use common::auth::{Authenticator, TokenError, token_from_request};
use futures_util::future::LocalBoxFuture;
use uuid::Uuid;

use crate::state::AppState;

/// Cleared when it grows past this many tokens, so memory stays bounded.
const MAX_TOKENS: usize = 10_000;

/// The authenticated player calling an endpoint.
#[derive(Debug, Clone, Copy)]
pub struct Player {
    /// The user id (`sub`).
    pub id: Uuid,
}

/// Tokens whose signature and claims were verified: token -> (user, session, expiry).
#[derive(Default)]
pub struct VerifiedTokens(Mutex<HashMap<String, (Uuid, Uuid, i64)>>);

impl VerifiedTokens {
    /// `(user, session)` of `token`, verifying it with `auth` unless already verified.
    async fn check(&self, auth: &Authenticator, token: &str) -> Result<(Uuid, Uuid), TokenError> {
        let now = chrono::Utc::now().timestamp();
        if let Ok(cache) = self.0.lock()
            && let Some((user, session, exp)) = cache.get(token)
            && *exp > now
        {
            return Ok((*user, *session));
        }
        let claims = auth.verifier.verify(token).await?;
        if let Ok(mut cache) = self.0.lock() {
            if cache.len() >= MAX_TOKENS {
                cache.clear();
            }
            cache.insert(token.to_owned(), (claims.sub, claims.sid, claims.exp));
        }
        Ok((claims.sub, claims.sid))
    }
}

impl FromRequest for Player {
    type Error = Problem;
    type Future = LocalBoxFuture<'static, Result<Self, Problem>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = token_from_request(req);
        let auth = req.app_data::<web::Data<Authenticator>>().cloned();
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let (Some(auth), Some(state)) = (auth, state) else {
                return Err(Problem::internal(anyhow::anyhow!(
                    "Authenticator or AppState is not registered"
                )));
            };
            let token = token.ok_or(TokenError::Missing)?;
            let (id, session) = state.tokens.check(&auth, &token).await?;
            match auth.revocations.is_revoked(session).await {
                Ok(false) => Ok(Player { id }),
                Ok(true) => Err(TokenError::Revoked.into()),
                Err(e) => Err(TokenError::Unavailable(e).into()),
            }
        })
    }
}
