//! Access tokens issued by the real service: their shape, the JWKS, attacks refused by common's
//! verifier (in another service), key storage and rotation.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::auth::AccessClaims;
use diesel_async::RunQueryDsl;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use secrecy::SecretString;
use serde_json::{Value, json};
use testkit::TestKey;
use testkit::conformance::assert_problem;

use crate::helpers::{Auth, PASSWORD, spawn_auth, spawn_probe, whoami_status};

/// The decoded payload of a JWT (unverified).
pub fn claims_of(token: &str) -> Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

fn header_of(token: &str) -> Value {
    let header = token.split('.').next().unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).unwrap()).unwrap()
}

/// The service's own key store, opened on its database (to sign claims the service never
/// would, with its real key).
async fn key_store(auth: &Auth) -> auth::keys::KeyStore {
    let ctx = &auth.app.context;
    auth::keys::KeyStore::open(
        ctx.db.clone().unwrap(),
        &SecretString::from(auth::settings::DEV_KEY_ENCRYPTION_SECRET),
        std::time::Duration::ZERO,
        &ctx.settings.jwt,
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn access_tokens_are_eddsa_with_a_published_kid_and_the_architecture_claims() {
    let auth = spawn_auth().await;
    let reg = auth.register("amy@example.com", "amy").await;
    let token = reg["access_token"].as_str().unwrap();

    let header = header_of(token);
    assert_eq!(header["alg"], "EdDSA");
    let kid = header["kid"].as_str().unwrap();
    let claims = claims_of(token);
    let claims: AccessClaims = serde_json::from_value(claims).unwrap();
    assert_eq!(claims.iss, "gameplatform-auth");
    assert_eq!(claims.aud, "gameplatform");
    assert_eq!(claims.sub.to_string(), reg["user"]["id"].as_str().unwrap());
    assert_eq!(claims.role, "player");
    assert_eq!(claims.exp - claims.iat, 15 * 60);

    let res = auth
        .http
        .get(auth.url("/.well-known/jwks.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age")
    );
    let jwks: Value = res.json().await.unwrap();
    let keys = jwks["keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(
        keys[0],
        json!({
            "kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig",
            "kid": kid, "x": keys[0]["x"],
        })
    );
    assert!(jwks.to_string().find("\"d\"").is_none(), "no private part");
}

#[tokio::test]
async fn attacks_on_real_tokens_are_refused_by_another_services_extractor() {
    let auth = spawn_auth().await;
    let probe = spawn_probe(&auth).await;
    let reg = auth.register("ben@example.com", "ben").await;
    let good = reg["access_token"].as_str().unwrap();
    let refresh = reg["refresh_token"].as_str().unwrap();
    let res = whoami_status(&probe, good).await;
    assert_eq!(res.status(), StatusCode::OK, "a genuine token works");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["id"], reg["user"]["id"]);

    let claims: AccessClaims = serde_json::from_value(claims_of(good)).unwrap();
    let kid = header_of(good)["kid"].as_str().unwrap().to_owned();
    let refused = async |token: &str, what: &str| {
        let res = whoami_status(&probe, token).await;
        assert_eq!(
            res.status(),
            StatusCode::UNAUTHORIZED,
            "{what} was accepted"
        );
        assert_problem(res, StatusCode::UNAUTHORIZED, "invalid_token").await;
    };

    // alg none, with the genuine payload
    let none = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = good.split('.').nth(1).unwrap();
    refused(&format!("{none}.{payload}."), "alg none").await;

    // HS256 signed with the published public key (key confusion)
    let jwks = auth.jwks().await;
    let public = URL_SAFE_NO_PAD
        .decode(jwks["keys"][0]["x"].as_str().unwrap())
        .unwrap();
    let mut hs = Header::new(Algorithm::HS256);
    hs.kid = Some(kid.clone());
    let confused = jsonwebtoken::encode(&hs, &claims, &EncodingKey::from_secret(&public)).unwrap();
    refused(&confused, "HS256 with the public key").await;

    // Signed with the service's real key, but expired / for another audience / issuer.
    let keys = key_store(&auth).await;
    let mut expired = claims.clone();
    expired.iat -= 3600;
    expired.exp = chrono::Utc::now().timestamp() - 120;
    refused(&keys.sign(&expired).await.unwrap(), "expired").await;
    let mut aud = claims.clone();
    aud.aud = "another-platform".into();
    refused(&keys.sign(&aud).await.unwrap(), "wrong aud").await;
    let mut iss = claims.clone();
    iss.iss = "evil-issuer".into();
    refused(&keys.sign(&iss).await.unwrap(), "wrong iss").await;

    // A key nobody published, claiming the real kid or an unknown one
    let stranger = TestKey::generate();
    refused(&stranger.sign(&claims), "unknown kid").await;
    let mut header = Header::new(Algorithm::EdDSA);
    header.kid = Some(kid.clone());
    let impostor = jsonwebtoken::encode(&header, &claims, &stranger.encoding_key()).unwrap();
    refused(&impostor, "foreign key with the real kid").await;

    // Tampered payload: the role raised, the signature kept
    let mut raised = claims.clone();
    raised.role = "admin".into();
    let raised = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&raised).unwrap());
    let parts: Vec<&str> = good.split('.').collect();
    refused(
        &format!("{}.{raised}.{}", parts[0], parts[2]),
        "tampered payload",
    )
    .await;

    // The refresh token is not an access token
    refused(refresh, "refresh token as access token").await;

    assert_eq!(whoami_status(&probe, good).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn signing_keys_are_stored_encrypted_and_refuse_another_secret() {
    let auth = spawn_auth().await;
    let jwks = auth.jwks().await;

    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Bytea)]
        private_key_ciphertext: Vec<u8>,
    }
    let mut conn = auth.db().await;
    let rows: Vec<Row> = diesel::sql_query("SELECT private_key_ciphertext FROM signing_keys")
        .load(&mut conn)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    // An unencrypted PKCS#8 Ed25519 key starts with this DER prefix.
    let pkcs8_prefix = [
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70,
    ];
    assert!(!rows[0].private_key_ciphertext.starts_with(&pkcs8_prefix));

    let ctx = &auth.app.context;
    let wrong = auth::keys::KeyStore::open(
        ctx.db.clone().unwrap(),
        &SecretString::from("another secret of enough length, but not the one"),
        std::time::Duration::ZERO,
        &ctx.settings.jwt,
    )
    .await;
    let err = wrong.err().expect("opening with another secret fails");
    assert!(
        format!("{err:#}").contains("AUTH_KEY_ENCRYPTION_SECRET"),
        "{err:#}"
    );

    // The right secret finds the same key again (as a restart would).
    let keys = key_store(&auth).await;
    assert_eq!(keys.keys().await.signing_kid(), jwks["keys"][0]["kid"]);
}

#[tokio::test]
async fn key_rotation_keeps_old_tokens_valid_until_they_expire() {
    let auth = spawn_auth().await;
    let probe = spawn_probe(&auth).await;
    let reg = auth.register("cat@example.com", "cat").await;
    let old = reg["access_token"].as_str().unwrap().to_owned();
    let old_kid = header_of(&old)["kid"].as_str().unwrap().to_owned();
    assert_eq!(whoami_status(&probe, &old).await.status(), StatusCode::OK);

    let out = auth.cli(&["keys", "rotate"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("new signing key"));

    let res = auth.login("cat@example.com", PASSWORD).await;
    let new = res.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let new_kid = header_of(&new)["kid"].as_str().unwrap().to_owned();
    assert_ne!(new_kid, old_kid, "new tokens are signed with the new key");

    let kids: Vec<String> = auth.jwks().await["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        kids,
        [new_kid.clone(), old_kid.clone()],
        "signing key first"
    );

    // Another service learns the new kid (its refresh guard allows one fetch per 5 s) and
    // still accepts the old token.
    tokio::time::sleep(std::time::Duration::from_millis(5200)).await;
    assert_eq!(whoami_status(&probe, &new).await.status(), StatusCode::OK);
    assert_eq!(whoami_status(&probe, &old).await.status(), StatusCode::OK);
    let verify = auth
        .post("/api/auth/verify", &json!({ "token": old }))
        .await;
    assert_eq!(verify.status(), StatusCode::OK);

    // Once the old key was superseded longer ago than a token lives, it is unpublished.
    let mut conn = auth.db().await;
    diesel::sql_query(
        "UPDATE signing_keys SET superseded_at = now() - interval '2 hours' WHERE kid = $1",
    )
    .bind::<diesel::sql_types::Text, _>(&old_kid)
    .execute(&mut conn)
    .await
    .unwrap();
    let kids = auth.jwks().await["keys"].as_array().unwrap().len();
    assert_eq!(kids, 1, "the expired key left the JWKS");
    let verify = auth
        .post("/api/auth/verify", &json!({ "token": old }))
        .await;
    assert_problem(verify, StatusCode::UNAUTHORIZED, "invalid_token").await;
    let verify = auth
        .post("/api/auth/verify", &json!({ "token": new }))
        .await;
    assert_eq!(verify.status(), StatusCode::OK);
}
