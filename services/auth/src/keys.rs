//! Ed25519 signing keys: generated on first start, kept in the database with the private half
//! encrypted (ChaCha20-Poly1305 under a key derived from `AUTH_KEY_ENCRYPTION_SECRET`), rotated
//! by `auth keys rotate`, published at `/.well-known/jwks.json`; and access tokens signed and
//! verified with them.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::Aead;
use chacha20poly1305::aead::Payload;
use chacha20poly1305::{ChaCha20Poly1305, KeyInit, Nonce};
use chrono::Utc;
use common::auth::{AccessClaims, TokenError};
use common::db::DbPool;
use common::settings::JwtSettings;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::EncodePrivateKey;
use hkdf::Hkdf;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::models::{NewSigningKey, SigningKeyRow};
use crate::db::queries;

/// Lifetime of an access token (ARCHITECTURE.md: 15 minutes).
pub const ACCESS_TOKEN_TTL_SECS: i64 = 15 * 60;
/// Clock skew tolerated on `exp`/`iat`; the same as common's verifier.
pub const LEEWAY_SECS: i64 = 30;
/// Superseded keys are deleted after this long (their tokens expired long before).
const PRUNE_AFTER: chrono::TimeDelta = chrono::TimeDelta::days(7);

/// Encrypts and decrypts private keys at rest.
struct KeyCipher(ChaCha20Poly1305);

impl KeyCipher {
    fn new(secret: &SecretString) -> Self {
        let hkdf = Hkdf::<Sha256>::new(
            Some(b"gameplatform-auth signing keys"),
            secret.expose_secret().as_bytes(),
        );
        let mut key = [0u8; 32];
        // 32 bytes is far below HKDF-SHA256's 8160-byte limit, so expand cannot fail.
        let _ = hkdf.expand(b"chacha20poly1305 v1", &mut key);
        KeyCipher(ChaCha20Poly1305::new(&key.into()))
    }

    /// Encrypts `plaintext` bound to `kid` (swapping rows between kids breaks decryption).
    fn encrypt(&self, kid: &str, plaintext: &[u8]) -> anyhow::Result<(Vec<u8>, [u8; 12])> {
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let payload = Payload {
            msg: plaintext,
            aad: kid.as_bytes(),
        };
        let ciphertext = self
            .0
            .encrypt(&Nonce::from(nonce), payload)
            .map_err(|_| anyhow::anyhow!("encrypting a signing key"))?;
        Ok((ciphertext, nonce))
    }

    fn decrypt(&self, kid: &str, nonce: &[u8], ciphertext: &[u8]) -> anyhow::Result<Vec<u8>> {
        let nonce: [u8; 12] = nonce.try_into().context("stored nonce is not 12 bytes")?;
        let payload = Payload {
            msg: ciphertext,
            aad: kid.as_bytes(),
        };
        self.0.decrypt(&Nonce::from(nonce), payload).map_err(|_| {
            anyhow::anyhow!(
                "cannot decrypt signing key {kid}: is AUTH_KEY_ENCRYPTION_SECRET the one it was stored with?"
            )
        })
    }
}

/// One public key as a JWK (RFC 8037 OKP).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Jwk {
    /// `OKP`.
    pub kty: &'static str,
    /// `Ed25519`.
    pub crv: &'static str,
    /// `EdDSA`.
    pub alg: &'static str,
    /// `sig`.
    #[serde(rename = "use")]
    pub use_: &'static str,
    /// The key id (its RFC 7638 thumbprint).
    pub kid: String,
    /// The raw public key, base64url without padding.
    pub x: String,
}

impl Jwk {
    fn ed25519(kid: &str, public: &[u8]) -> Self {
        Jwk {
            kty: "OKP",
            crv: "Ed25519",
            alg: "EdDSA",
            use_: "sig",
            kid: kid.to_owned(),
            x: URL_SAFE_NO_PAD.encode(public),
        }
    }
}

/// The published key set.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Jwks {
    /// Every key whose tokens may still be valid, the signing key first.
    pub keys: Vec<Jwk>,
}

/// The RFC 7638 thumbprint of an Ed25519 public key: a stable, unique `kid`.
fn thumbprint(public: &[u8]) -> String {
    let canonical = format!(
        r#"{{"crv":"Ed25519","kty":"OKP","x":"{}"}}"#,
        URL_SAFE_NO_PAD.encode(public)
    );
    URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()))
}

/// The keys loaded at one moment.
pub struct KeySet {
    signing_kid: String,
    signing: EncodingKey,
    verifying: HashMap<String, DecodingKey>,
    jwks: Arc<Jwks>,
    loaded_at: Instant,
}

impl KeySet {
    /// The `kid` new tokens are signed with.
    pub fn signing_kid(&self) -> &str {
        &self.signing_kid
    }
}

/// Signing keys shared by every worker, re-read from the database every
/// `AUTH_KEY_RELOAD_SECS` so a rotation reaches every replica.
pub struct KeyStore {
    pool: DbPool,
    cipher: KeyCipher,
    reload_every: Duration,
    validation: Validation,
    issuer: String,
    audience: String,
    current: RwLock<Arc<KeySet>>,
    reloading: tokio::sync::Mutex<()>,
}

impl KeyStore {
    /// Loads the keys, generating the first one when the database has none.
    pub async fn open(
        pool: DbPool,
        secret: &SecretString,
        reload_every: Duration,
        jwt: &JwtSettings,
    ) -> anyhow::Result<Self> {
        let cipher = KeyCipher::new(secret);
        {
            let mut conn = pool
                .get()
                .await
                .context("connecting to load signing keys")?;
            ensure_signing_key(&mut conn, &cipher).await?;
        }
        let set = load(&pool, &cipher, reload_every).await?;
        let validation = common::auth::access_validation(jwt);
        Ok(KeyStore {
            pool,
            cipher,
            reload_every,
            validation,
            issuer: jwt.issuer.clone(),
            audience: jwt.audience.clone(),
            current: RwLock::new(Arc::new(set)),
            reloading: tokio::sync::Mutex::new(()),
        })
    }

    /// The current keys, re-read first when they are older than the reload interval. A failed
    /// reload keeps the keys already loaded.
    pub async fn keys(&self) -> Arc<KeySet> {
        let current = self.snapshot();
        if current.loaded_at.elapsed() < self.reload_every {
            return current;
        }
        let _one_at_a_time = self.reloading.lock().await;
        let current = self.snapshot();
        if current.loaded_at.elapsed() < self.reload_every {
            return current;
        }
        match load(&self.pool, &self.cipher, self.reload_every).await {
            Ok(set) => {
                let set = Arc::new(set);
                *self.current.write().unwrap_or_else(|p| p.into_inner()) = set.clone();
                set
            }
            Err(e) => {
                tracing::warn!(error = %format!("{e:#}"), "reloading signing keys failed; keeping the loaded ones");
                current
            }
        }
    }

    fn snapshot(&self) -> Arc<KeySet> {
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Fresh claims for a 15-minute access token.
    pub fn claims(&self, user: Uuid, session: Uuid, role: &str) -> AccessClaims {
        let now = Utc::now().timestamp();
        AccessClaims {
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            sub: user,
            sid: session,
            role: role.to_owned(),
            iat: now,
            exp: now + ACCESS_TOKEN_TTL_SECS,
            jti: Uuid::new_v4(),
        }
    }

    /// Signs `claims` with the newest key (EdDSA, `kid` in the header).
    pub async fn sign(&self, claims: &AccessClaims) -> anyhow::Result<String> {
        let keys = self.keys().await;
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(keys.signing_kid.clone());
        jsonwebtoken::encode(&header, claims, &keys.signing).context("signing an access token")
    }

    /// Verifies an access token exactly as common's `JwtVerifier` does, with the local keys.
    pub async fn verify(&self, token: &str) -> Result<AccessClaims, TokenError> {
        let kid = common::auth::access_token_kid(token)?;
        let keys = self.keys().await;
        let key = keys
            .verifying
            .get(&kid)
            .ok_or_else(|| TokenError::Invalid("unknown kid".into()))?;
        common::auth::decode_access(token, key, &self.validation)
    }

    /// The published key set.
    pub async fn jwks(&self) -> Arc<Jwks> {
        self.keys().await.jwks.clone()
    }
}

/// How long a superseded key stays published: a token signed just before a replica noticed
/// the rotation lives 15 minutes, plus clock leeway, plus the reload delay, plus a margin.
fn publish_window(reload_every: Duration) -> chrono::TimeDelta {
    let reload = i64::try_from(reload_every.as_secs()).unwrap_or(i64::MAX / 4);
    chrono::TimeDelta::seconds(ACCESS_TOKEN_TTL_SECS + LEEWAY_SECS + reload + 30)
}

async fn load(pool: &DbPool, cipher: &KeyCipher, reload_every: Duration) -> anyhow::Result<KeySet> {
    let mut conn = pool
        .get()
        .await
        .context("connecting to load signing keys")?;
    let cutoff = Utc::now() - publish_window(reload_every);
    let rows = queries::published_keys(&mut conn, cutoff)
        .await
        .context("loading signing keys")?;
    build_set(rows, cipher)
}

fn build_set(rows: Vec<SigningKeyRow>, cipher: &KeyCipher) -> anyhow::Result<KeySet> {
    // Rows come newest first; the newest key that is not superseded signs.
    let Some(signer) = rows
        .iter()
        .find(|r| r.superseded_at.is_none())
        .or(rows.first())
    else {
        bail!("no signing key in the database");
    };
    let der = cipher.decrypt(&signer.kid, &signer.nonce, &signer.private_key_ciphertext)?;
    let signing = EncodingKey::from_ed_der(&der);
    let signing_kid = signer.kid.clone();
    let mut verifying = HashMap::new();
    let mut jwks = Vec::new();
    for row in std::iter::once(signer).chain(rows.iter().filter(|r| r.kid != signing_kid)) {
        verifying.insert(row.kid.clone(), DecodingKey::from_ed_der(&row.public_key));
        jwks.push(Jwk::ed25519(&row.kid, &row.public_key));
    }
    Ok(KeySet {
        signing_kid,
        signing,
        verifying,
        jwks: Arc::new(Jwks { keys: jwks }),
        loaded_at: Instant::now(),
    })
}

/// A fresh key, encrypted for storage.
fn generate(cipher: &KeyCipher) -> anyhow::Result<NewSigningKey> {
    let signing = SigningKey::generate(&mut rand::rngs::OsRng);
    let public = signing.verifying_key().to_bytes().to_vec();
    let der = signing
        .to_pkcs8_der()
        .context("encoding a signing key as PKCS#8")?;
    let kid = thumbprint(&public);
    let (ciphertext, nonce) = cipher.encrypt(&kid, der.as_bytes())?;
    Ok(NewSigningKey {
        kid,
        public_key: public,
        private_key_ciphertext: ciphertext,
        nonce: nonce.to_vec(),
        created_at: Utc::now(),
    })
}

/// Creates the first key unless one exists; replicas starting together create only one.
async fn ensure_signing_key(
    conn: &mut AsyncPgConnection,
    cipher: &KeyCipher,
) -> anyhow::Result<()> {
    let key = generate(cipher)?;
    let created = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            queries::lock_signing_keys(conn).await?;
            if queries::active_key_count(conn).await? > 0 {
                return Ok(false);
            }
            queries::insert_signing_key(conn, &key).await?;
            Ok(true)
        })
        .await
        .context("creating the first signing key")?;
    if created {
        tracing::info!(kid = %key.kid, "generated the first signing key");
    }
    Ok(())
}

/// Adds a new signing key and marks the previous ones superseded (they stay in the JWKS until
/// their tokens have expired). Returns the new `kid`.
pub async fn rotate(conn: &mut AsyncPgConnection, secret: &SecretString) -> anyhow::Result<String> {
    let cipher = KeyCipher::new(secret);
    // Refuse to rotate under the wrong secret: the current key must decrypt.
    let current = queries::published_keys(conn, Utc::now())
        .await
        .context("reading signing keys")?;
    if let Some(row) = current.first() {
        cipher.decrypt(&row.kid, &row.nonce, &row.private_key_ciphertext)?;
    }
    let key = generate(&cipher)?;
    let now = Utc::now();
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        queries::lock_signing_keys(conn).await?;
        queries::supersede_signing_keys(conn, now).await?;
        queries::insert_signing_key(conn, &key).await?;
        queries::prune_signing_keys(conn, now - PRUNE_AFTER).await?;
        Ok(())
    })
    .await
    .context("rotating the signing key")?;
    Ok(key.kid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_keys_decrypt_only_with_the_same_secret_and_kid() {
        let cipher = KeyCipher::new(&SecretString::from("one secret"));
        let (ct, nonce) = cipher.encrypt("kid-a", b"private").unwrap();
        assert_eq!(cipher.decrypt("kid-a", &nonce, &ct).unwrap(), b"private");
        assert!(cipher.decrypt("kid-b", &nonce, &ct).is_err());
        let other = KeyCipher::new(&SecretString::from("another secret"));
        assert!(other.decrypt("kid-a", &nonce, &ct).is_err());
    }

    #[test]
    fn kids_are_rfc7638_thumbprints() {
        // RFC 8037 appendix A.3.
        let x = URL_SAFE_NO_PAD
            .decode("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")
            .unwrap();
        assert_eq!(
            thumbprint(&x),
            "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
        );
    }

    #[test]
    fn generated_keys_sign_tokens_their_published_jwk_verifies() {
        let cipher = KeyCipher::new(&SecretString::from("s"));
        let new = generate(&cipher).unwrap();
        let row = SigningKeyRow {
            kid: new.kid.clone(),
            public_key: new.public_key.clone(),
            private_key_ciphertext: new.private_key_ciphertext.clone(),
            nonce: new.nonce.clone(),
            created_at: new.created_at,
            superseded_at: None,
        };
        let set = build_set(vec![row], &cipher).unwrap();
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(set.signing_kid.clone());
        let claims = serde_json::json!({"sub": "x", "exp": Utc::now().timestamp() + 60});
        let token = jsonwebtoken::encode(&header, &claims, &set.signing).unwrap();
        let jwk: jsonwebtoken::jwk::Jwk =
            serde_json::from_value(serde_json::to_value(&set.jwks.keys[0]).unwrap()).unwrap();
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_required_spec_claims(&["exp"]);
        jsonwebtoken::decode::<serde_json::Value>(
            &token,
            &DecodingKey::from_jwk(&jwk).unwrap(),
            &validation,
        )
        .unwrap();
    }
}
