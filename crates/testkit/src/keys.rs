//! Test signing keys, a JWKS server speaking the auth service's protocol, and token minting.

use std::sync::Mutex;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::auth::AccessClaims;
use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::EncodePrivateKey;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Issuer the test settings expect.
pub const TEST_ISSUER: &str = "gameplatform-auth";
/// Audience the test settings expect.
pub const TEST_AUDIENCE: &str = "gameplatform";

/// One Ed25519 signing key with its `kid`.
pub struct TestKey {
    /// The key id put in token headers and the JWKS.
    pub kid: String,
    signing: SigningKey,
}

impl TestKey {
    /// A fresh random key.
    pub fn generate() -> Self {
        TestKey {
            kid: format!("test-{}", Uuid::new_v4().simple()),
            signing: SigningKey::generate(&mut rand::rngs::OsRng),
        }
    }

    /// The key for jsonwebtoken (PKCS#8 DER).
    pub fn encoding_key(&self) -> EncodingKey {
        let der = self
            .signing
            .to_pkcs8_der()
            .unwrap_or_else(|e| panic!("encoding test key: {e}"));
        EncodingKey::from_ed_der(der.as_bytes())
    }

    /// The raw 32-byte public key.
    pub fn public_bytes(&self) -> [u8; 32] {
        self.signing.verifying_key().to_bytes()
    }

    /// The public key as a JWK.
    pub fn jwk(&self) -> serde_json::Value {
        serde_json::json!({
            "kty": "OKP",
            "crv": "Ed25519",
            "alg": "EdDSA",
            "use": "sig",
            "kid": self.kid,
            "x": URL_SAFE_NO_PAD.encode(self.public_bytes()),
        })
    }

    /// Signs `claims` with this key (EdDSA, `kid` in the header).
    pub fn sign<T: serde::Serialize>(&self, claims: &T) -> String {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, claims, &self.encoding_key())
            .unwrap_or_else(|e| panic!("signing test token: {e}"))
    }
}

/// A JWKS server (wiremock) plus the keys it publishes; the first key signs new tokens.
pub struct TestAuth {
    server: MockServer,
    keys: Mutex<Vec<TestKey>>,
}

impl TestAuth {
    /// Starts a JWKS server publishing one fresh key.
    pub async fn start() -> Self {
        let auth = TestAuth {
            server: MockServer::start().await,
            keys: Mutex::new(vec![TestKey::generate()]),
        };
        auth.publish().await;
        auth
    }

    /// The URL services fetch keys from.
    pub fn jwks_url(&self) -> String {
        format!("{}/.well-known/jwks.json", self.server.uri())
    }

    /// How many times the JWKS was fetched.
    pub async fn jwks_fetches(&self) -> usize {
        self.server.received_requests().await.map_or(0, |r| r.len())
    }

    async fn publish(&self) {
        let jwks = {
            let keys = self.keys.lock().unwrap_or_else(|p| p.into_inner());
            serde_json::json!({ "keys": keys.iter().map(TestKey::jwk).collect::<Vec<_>>() })
        };
        self.server.reset().await;
        Mock::given(method("GET"))
            .and(path("/.well-known/jwks.json"))
            .respond_with(ResponseTemplate::new(200).set_body_json(jwks))
            .mount(&self.server)
            .await;
    }

    /// Adds a new signing key in front (older keys stay published, as after a rotation).
    pub async fn rotate(&self) {
        self.keys
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(0, TestKey::generate());
        self.publish().await;
    }

    /// Claims of a valid 15-minute player token for `user`.
    pub fn claims_for(&self, user: Uuid) -> AccessClaims {
        let now = chrono::Utc::now().timestamp();
        AccessClaims {
            iss: TEST_ISSUER.to_owned(),
            aud: TEST_AUDIENCE.to_owned(),
            sub: user,
            sid: Uuid::new_v4(),
            role: "player".to_owned(),
            iat: now,
            exp: now + 15 * 60,
            jti: Uuid::new_v4(),
        }
    }

    /// Signs any claims with the current key.
    pub fn sign<T: serde::Serialize>(&self, claims: &T) -> String {
        let keys = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        keys[0].sign(claims)
    }

    /// A valid access token for `user`.
    pub fn token_for(&self, user: Uuid) -> String {
        self.sign(&self.claims_for(user))
    }

    /// A valid access token for `user` with `role`.
    pub fn token_with_role(&self, user: Uuid, role: &str) -> String {
        let mut claims = self.claims_for(user);
        claims.role = role.to_owned();
        self.sign(&claims)
    }

    /// The raw public key bytes of the current key (for key-confusion attacks in tests).
    pub fn current_public_key(&self) -> [u8; 32] {
        let keys = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        keys[0].public_bytes()
    }
}
