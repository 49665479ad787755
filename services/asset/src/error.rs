//! The asset service's one error enum and its problem+json mapping.

use actix_web::http::StatusCode;
use common::Infra;
use common::Problem;
use common::error::FieldError;

use crate::domain::{ContentError, SignatureError, UploadError, ValidationErrors};

/// Everything an asset endpoint can answer besides success.
#[derive(Debug, thiserror::Error)]
pub enum AssetError {
    /// Some fields of the request are invalid.
    #[error("invalid fields")]
    Validation(Vec<FieldError>),
    /// A query parameter is invalid.
    #[error("invalid query parameter")]
    InvalidQuery(Vec<FieldError>),
    /// The request body is not JSON of the expected shape.
    #[error("malformed body: {0}")]
    MalformedBody(String),
    /// No such asset or version, or not visible to the caller.
    #[error("asset not found")]
    NotFound,
    /// The caller neither owns the asset nor is an admin.
    #[error("not the asset's owner")]
    NotOwner,
    /// The signed URL is forged, tampered with, or for something else.
    #[error("invalid signature")]
    InvalidSignature,
    /// The signed URL's time is up.
    #[error("the URL has expired")]
    Expired,
    /// The version is not pending (already complete, or its asset is deleted).
    #[error("the version is not pending")]
    NotPending,
    /// Completion was asked before any bytes arrived.
    #[error("no upload received")]
    UploadMissing,
    /// The upload's bytes do not match what it was bound to.
    #[error(transparent)]
    Upload(#[from] UploadError),
    /// The `Content-Type` of an upload is not what its URL was issued for.
    #[error("content type {sent} does not match the upload's {bound}")]
    ContentTypeHeader {
        /// What the URL is bound to.
        bound: String,
        /// What the client sent.
        sent: String,
    },
    /// The client's upload stream broke off.
    #[error("the upload broke off: {0}")]
    UploadInterrupted(String),
    /// The storage backend failed or could not be reached.
    #[error("storage error: {0:#}")]
    Storage(anyhow::Error),
    /// The database, Redis, or something else beneath the request failed.
    #[error(transparent)]
    Infra(#[from] Infra),
}

common::infra_from!(AssetError);

impl From<SignatureError> for AssetError {
    fn from(e: SignatureError) -> Self {
        match e {
            SignatureError::Invalid => AssetError::InvalidSignature,
            SignatureError::Expired => AssetError::Expired,
        }
    }
}

impl AssetError {
    /// Field failures from the domain's validation.
    pub fn validation(errors: ValidationErrors) -> Self {
        AssetError::Validation(
            errors
                .into_iter()
                .map(|(field, message)| FieldError {
                    field: field.to_owned(),
                    message,
                })
                .collect(),
        )
    }

    /// Anything else that is our fault (500).
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        AssetError::Infra(Infra::internal(cause))
    }

    /// One invalid query parameter.
    pub fn query(field: &str, message: impl Into<String>) -> Self {
        AssetError::InvalidQuery(vec![FieldError {
            field: field.to_owned(),
            message: message.into(),
        }])
    }

    /// The HTTP status of each variant.
    pub fn status(&self) -> StatusCode {
        match self {
            AssetError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AssetError::InvalidQuery(_) | AssetError::MalformedBody(_) => StatusCode::BAD_REQUEST,
            AssetError::UploadInterrupted(_) => StatusCode::BAD_REQUEST,
            AssetError::NotFound => StatusCode::NOT_FOUND,
            AssetError::NotOwner | AssetError::InvalidSignature | AssetError::Expired => {
                StatusCode::FORBIDDEN
            }
            AssetError::NotPending | AssetError::UploadMissing => StatusCode::CONFLICT,
            AssetError::Upload(UploadError::Content(ContentError::TooLarge { .. })) => {
                StatusCode::PAYLOAD_TOO_LARGE
            }
            AssetError::Upload(UploadError::Content(ContentError::TypeMismatch { .. }))
            | AssetError::ContentTypeHeader { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AssetError::Upload(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AssetError::Storage(_) => StatusCode::SERVICE_UNAVAILABLE,
            AssetError::Infra(infra) => infra.status_code(),
        }
    }
}

impl From<AssetError> for Problem {
    fn from(err: AssetError) -> Self {
        let status = err.status();
        let client = |code: &'static str, detail: String| Problem::new(status, code).detail(detail);
        match err {
            AssetError::Validation(errors) => Problem::validation(errors),
            AssetError::InvalidQuery(errors) => {
                client("invalid_query", "a query parameter is invalid".into()).errors(errors)
            }
            AssetError::MalformedBody(detail) => client("malformed_json", detail),
            AssetError::NotFound => client("asset_not_found", "Asset not found".into()),
            AssetError::NotOwner => client(
                "not_your_asset",
                "only the asset's owner or an admin may do this".into(),
            ),
            AssetError::InvalidSignature => {
                client("invalid_signature", "the URL's signature is invalid".into())
            }
            AssetError::Expired => client(
                "url_expired",
                "the URL has expired; ask for a new one".into(),
            ),
            AssetError::NotPending => client(
                "version_not_pending",
                "this version is complete or its asset is deleted".into(),
            ),
            AssetError::UploadMissing => client(
                "upload_missing",
                "no bytes were uploaded for this version".into(),
            ),
            AssetError::Upload(e) => {
                let code = match &e {
                    UploadError::Content(ContentError::TooLarge { .. }) => "too_large",
                    UploadError::Content(ContentError::TypeMismatch { .. }) => {
                        "content_type_mismatch"
                    }
                    UploadError::SizeMismatch { .. } => "size_mismatch",
                    UploadError::HashMismatch { .. } => "hash_mismatch",
                    UploadError::Empty => "empty_upload",
                };
                client(code, e.to_string())
            }
            e @ AssetError::ContentTypeHeader { .. } => {
                client("content_type_mismatch", e.to_string())
            }
            AssetError::UploadInterrupted(detail) => client("upload_interrupted", detail),
            AssetError::Storage(e) => Problem::unavailable("storage_unavailable", e),
            AssetError::Infra(infra) => infra.into(),
        }
    }
}
