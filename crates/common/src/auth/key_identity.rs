//! The identity the gateway asserts for a request it accepted with a deployment API key (the
//! JumpJumpJump seed's `X-API-Key`): not an account, but a key namespace, a stable id derived
//! from the key by a keyed hash so the key itself is never stored, logged or forwarded.
//!
//! The gateway strips any client-sent [`KEY_IDENTITY_HEADER`] and sets its own: a short-lived
//! HS256 token signed with the internal secret under its own audience, so it cannot be forged
//! by a client nor replayed as a service token (or a service token as one). Services read it
//! with [`SeedCaller`] or [`MaybeKeyCaller`].

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use hmac::{Hmac, Mac};
use jsonwebtoken::{Algorithm, Header, Validation};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::{AuthUser, LEEWAY_SECS, ServiceTokens, TokenError};
use crate::error::Problem;

/// The header carrying the gateway's assertion to the owning service.
pub const KEY_IDENTITY_HEADER: &str = "x-key-identity";
/// The header a seed client sends its deployment key in (never forwarded to a service).
pub const API_KEY_HEADER: &str = "x-api-key";
/// Audience of key-identity assertions: distinct from service tokens' `internal`.
const KEY_IDENTITY_AUDIENCE: &str = "key-identity";
/// Only the gateway asserts key identities.
const ASSERTING_SERVICE: &str = "gateway";
/// Lifetime of an assertion: one forwarded request.
const ASSERTION_TTL_SECS: i64 = 60;
/// Hex characters of a namespace id (128 bits of the HMAC).
const NAMESPACE_HEX_LEN: usize = 32;

/// A deployment key's namespace: `k` and 32 lowercase hex digits, from HMAC-SHA256 of the key
/// under the internal secret. Saves and scores submitted with the key live under it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KeyNamespace(String);

impl KeyNamespace {
    /// The namespace of `key`, keyed with `secret` (so a stored id cannot be brute-forced back
    /// to a weak key without the secret).
    pub fn derive(secret: &SecretString, key: &str) -> Self {
        let digest = Self::mac(secret, key);
        let mut id = String::with_capacity(NAMESPACE_HEX_LEN + 1);
        id.push('k');
        for byte in digest.iter().take(NAMESPACE_HEX_LEN / 2) {
            id.push_str(&format!("{byte:02x}"));
        }
        KeyNamespace(id)
    }

    /// The full HMAC-SHA256 of `key` under `secret`, what the gateway compares in constant time.
    pub fn mac(secret: &SecretString, key: &str) -> [u8; 32] {
        // HMAC takes keys of any length; `new_from_slice` cannot fail for it.
        let mut mac = match Hmac::<Sha256>::new_from_slice(secret.expose_secret().as_bytes()) {
            Ok(mac) => mac,
            Err(_) => return [0; 32],
        };
        mac.update(b"jjj-api-key\0");
        mac.update(key.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// A namespace id read back from storage or an assertion; `None` unless well formed.
    pub fn parse(id: &str) -> Option<Self> {
        let hex = id.strip_prefix('k')?;
        (hex.len() == NAMESPACE_HEX_LEN
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
        .then(|| KeyNamespace(id.to_owned()))
    }

    /// The id as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for KeyNamespace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct KeyIdentityClaims {
    aud: String,
    sub: String,
    ns: String,
    iat: i64,
    exp: i64,
}

impl ServiceTokens {
    /// The gateway's assertion that the request it forwards was made with the key of `ns`.
    pub fn assert_key_identity(&self, ns: &KeyNamespace) -> anyhow::Result<String> {
        let now = chrono::Utc::now().timestamp();
        let claims = KeyIdentityClaims {
            aud: KEY_IDENTITY_AUDIENCE.to_owned(),
            sub: self.service.to_owned(),
            ns: ns.as_str().to_owned(),
            iat: now,
            exp: now + ASSERTION_TTL_SECS,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| anyhow::anyhow!("signing a key identity: {e}"))
    }

    /// The namespace a gateway assertion names; refuses anything else (service tokens, other
    /// signers, expired or malformed assertions).
    pub fn verify_key_identity(&self, token: &str) -> Result<KeyNamespace, TokenError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_audience(&[KEY_IDENTITY_AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "aud", "sub"]);
        validation.leeway = LEEWAY_SECS;
        let claims = jsonwebtoken::decode::<KeyIdentityClaims>(token, &self.decoding, &validation)
            .map_err(|e| TokenError::Invalid(e.to_string()))?
            .claims;
        if claims.sub != ASSERTING_SERVICE {
            return Err(TokenError::Invalid("not asserted by the gateway".into()));
        }
        KeyNamespace::parse(&claims.ns).ok_or_else(|| TokenError::Invalid("bad namespace".into()))
    }
}

/// The key namespace of a request, if it carries a gateway assertion; `Err` for one that does
/// not verify (a forged or stale header never falls back to anything).
fn key_of(req: &HttpRequest) -> Result<Option<KeyNamespace>, Problem> {
    let Some(value) = req.headers().get(KEY_IDENTITY_HEADER) else {
        return Ok(None);
    };
    let tokens = req
        .app_data::<web::Data<ServiceTokens>>()
        .ok_or_else(|| Problem::internal(anyhow::anyhow!("ServiceTokens is not registered")))?;
    let invalid = || {
        Problem::unauthorized(
            "invalid_key_identity",
            "the key identity is not a valid gateway assertion",
        )
    };
    let token = value.to_str().map_err(|_| invalid())?;
    tokens
        .verify_key_identity(token)
        .map(Some)
        .map_err(|_| invalid())
}

/// The caller of a seed route that accounts and deployment keys share: an account (access
/// token) or a key namespace (gateway assertion, which wins when present).
#[derive(Debug, Clone)]
pub enum SeedCaller {
    /// A signed-in account.
    Account(AuthUser),
    /// A deployment API key's namespace.
    Key(KeyNamespace),
}

impl FromRequest for SeedCaller {
    type Error = Problem;
    type Future = LocalBoxFuture<'static, Result<Self, Problem>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        match key_of(req) {
            Err(problem) => Box::pin(async move { Err(problem) }),
            Ok(Some(ns)) => Box::pin(async move { Ok(SeedCaller::Key(ns)) }),
            Ok(None) => {
                let user = AuthUser::from_request(req, payload);
                Box::pin(async move { Ok(SeedCaller::Account(user.await?)) })
            }
        }
    }
}

/// The key namespace of a public read, if the gateway asserted one (`None` for everyone else).
#[derive(Debug, Clone)]
pub struct MaybeKeyCaller(pub Option<KeyNamespace>);

impl FromRequest for MaybeKeyCaller {
    type Error = Problem;
    type Future = std::future::Ready<Result<Self, Problem>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(key_of(req).map(MaybeKeyCaller))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(c: char) -> SecretString {
        SecretString::from(c.to_string().repeat(40))
    }

    #[test]
    fn namespaces_are_stable_per_key_and_secret_and_never_contain_the_key() {
        let a = KeyNamespace::derive(&secret('a'), "jumpjumpjump-dev-key");
        assert_eq!(
            a,
            KeyNamespace::derive(&secret('a'), "jumpjumpjump-dev-key")
        );
        assert_ne!(a, KeyNamespace::derive(&secret('a'), "other-key"));
        assert_ne!(
            a,
            KeyNamespace::derive(&secret('b'), "jumpjumpjump-dev-key")
        );
        assert!(!a.as_str().contains("jump"));
        assert_eq!(KeyNamespace::parse(a.as_str()), Some(a));
        assert_eq!(KeyNamespace::parse("kXYZ"), None);
        assert_eq!(KeyNamespace::parse(&format!("k{}", "A".repeat(32))), None);
    }

    #[test]
    fn only_the_gateways_assertions_verify_and_service_tokens_are_not_assertions() {
        let gateway = ServiceTokens::new("gateway", &secret('a'));
        let ns = KeyNamespace::derive(&secret('a'), "k1");
        let assertion = gateway.assert_key_identity(&ns).unwrap();
        assert_eq!(gateway.verify_key_identity(&assertion).unwrap(), ns);
        // The same secret, another signer: refused.
        let gacha = ServiceTokens::new("gacha", &secret('a'));
        let forged = gacha.assert_key_identity(&ns).unwrap();
        assert!(gateway.verify_key_identity(&forged).is_err());
        // Another secret: refused.
        let outsider = ServiceTokens::new("gateway", &secret('b'));
        let outside = outsider.assert_key_identity(&ns).unwrap();
        assert!(gateway.verify_key_identity(&outside).is_err());
        // Neither kind of token passes for the other.
        assert!(
            gateway
                .verify_key_identity(&gateway.sign().unwrap())
                .is_err()
        );
        assert!(gateway.verify(&assertion).is_err());
    }
}
