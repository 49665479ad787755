//! The `Idempotency-Key` header: one rule for every service (1-200 visible ASCII characters,
//! the same bound inventory applies to the keys callers send it).

use std::future::{Ready, ready};

use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, dev::Payload};
use contracts::inventory::MAX_IDEMPOTENCY_KEY_LEN;

use crate::error::Problem;

/// The header's name.
pub const HEADER: &str = "Idempotency-Key";

/// A client-chosen key that makes a retried request apply once. As an extractor it is
/// required (400 `idempotency_key_required` when absent); take `Option<IdempotencyKey>` where
/// the key is optional. A malformed key is always 400 `invalid_idempotency_key`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// Checks `key` against the rule.
    pub fn parse(key: &str) -> Result<Self, Problem> {
        if valid(key) {
            Ok(IdempotencyKey(key.to_owned()))
        } else {
            Err(invalid())
        }
    }

    /// The key as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as an owned string.
    pub fn into_inner(self) -> String {
        self.0
    }

    /// The request's key, if it sent one; malformed keys are an error.
    pub fn from_headers(req: &HttpRequest) -> Result<Option<Self>, Problem> {
        match req.headers().get(HEADER) {
            None => Ok(None),
            Some(raw) => raw
                .to_str()
                .map_err(|_| invalid())
                .and_then(Self::parse)
                .map(Some),
        }
    }
}

/// Whether `key` can be an idempotency key: 1-200 visible ASCII characters.
pub fn valid(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= MAX_IDEMPOTENCY_KEY_LEN
        && key.bytes().all(|b| b.is_ascii_graphic())
}

fn invalid() -> Problem {
    Problem::new(StatusCode::BAD_REQUEST, "invalid_idempotency_key")
        .detail("Idempotency-Key must be 1-200 visible ASCII characters")
}

impl FromRequest for IdempotencyKey {
    type Error = Problem;
    type Future = Ready<Result<Self, Problem>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Self::from_headers(req).and_then(|key| {
            key.ok_or_else(|| {
                Problem::new(StatusCode::BAD_REQUEST, "idempotency_key_required")
                    .detail("send an Idempotency-Key header with this request")
            })
        }))
    }
}

impl std::fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn keys_are_one_to_two_hundred_visible_ascii_characters() {
        assert!(valid("retry-1"));
        assert!(valid(&"k".repeat(200)));
        assert!(!valid(""));
        assert!(!valid(&"k".repeat(201)));
        assert!(!valid("has space"));
        assert!(!valid("naïve"));
    }

    #[actix_web::test]
    async fn the_extractor_requires_a_key_and_the_option_form_does_not() {
        let req = TestRequest::default().to_http_request();
        let err = IdempotencyKey::extract(&req).await.unwrap_err();
        assert_eq!(err.code(), "idempotency_key_required");
        assert!(
            Option::<IdempotencyKey>::extract(&req)
                .await
                .unwrap()
                .is_none()
        );

        let req = TestRequest::default()
            .insert_header((HEADER, "a b"))
            .to_http_request();
        assert_eq!(
            IdempotencyKey::extract(&req).await.unwrap_err().code(),
            "invalid_idempotency_key"
        );

        let req = TestRequest::default()
            .insert_header((HEADER, "pull-7"))
            .to_http_request();
        assert_eq!(
            IdempotencyKey::extract(&req).await.unwrap().as_str(),
            "pull-7"
        );
    }
}
