//! Access-token verification per second on one core: common's `JwtVerifier::verify` (header
//! decode, cached-key lookup, EdDSA signature and claims check) as every service runs it, and
//! the bare `jsonwebtoken::decode` underneath it.
//!
//! `cargo bench --workspace --bench token_verify`

// Bench code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use common::auth::{AccessClaims, JwtVerifier};
use common::settings::JwtSettings;
use criterion::{Criterion, criterion_group, criterion_main};
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use testkit::TestAuth;
use testkit::keys::{TEST_AUDIENCE, TEST_ISSUER};
use uuid::Uuid;

fn token_verify(c: &mut Criterion) {
    // One worker serves the JWKS (wiremock); verification itself runs on the bench thread.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    common::http::init_crypto();
    let auth = rt.block_on(TestAuth::start());
    let settings = JwtSettings {
        jwks_url: auth.jwks_url().parse().unwrap(),
        issuer: TEST_ISSUER.to_owned(),
        audience: TEST_AUDIENCE.to_owned(),
    };
    let verifier = JwtVerifier::new(&settings, reqwest::Client::new());
    let token = auth.token_for(Uuid::new_v4());
    // Warm the key cache, as a running service has it.
    rt.block_on(verifier.verify(&token)).unwrap();

    c.bench_function("JwtVerifier::verify (cached JWKS, EdDSA)", |b| {
        b.iter(|| rt.block_on(verifier.verify(black_box(&token))).unwrap())
    });

    let jwks: JwkSet = serde_json::from_value(serde_json::json!({
        "keys": [rt.block_on(async {
            reqwest::get(auth.jwks_url()).await.unwrap().json::<serde_json::Value>().await.unwrap()
        })["keys"][0]]
    }))
    .unwrap();
    let key = DecodingKey::from_jwk(&jwks.keys[0]).unwrap();
    let mut validation = Validation::new(Algorithm::EdDSA);
    validation.set_issuer(&[TEST_ISSUER]);
    validation.set_audience(&[TEST_AUDIENCE]);
    validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
    validation.leeway = 30;
    c.bench_function("jsonwebtoken::decode (EdDSA)", |b| {
        b.iter(|| {
            jsonwebtoken::decode::<AccessClaims>(black_box(&token), &key, &validation).unwrap()
        })
    });
}

criterion_group!(benches, token_verify);
criterion_main!(benches);
