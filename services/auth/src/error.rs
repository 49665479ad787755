//! The auth service's one error enum and its problem+json mapping.

use actix_web::http::StatusCode;
use common::auth::TokenError;
use common::error::FieldError;
use common::{Infra, Problem};
use diesel::result::{DatabaseErrorKind, Error as DieselError};

/// Everything an auth endpoint can answer besides success.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// Some fields of the request are invalid.
    #[error("invalid fields")]
    Validation(Vec<FieldError>),
    /// Another account has this email.
    #[error("email already registered")]
    EmailTaken,
    /// Another account has this username (in any letter case).
    #[error("username already taken")]
    UsernameTaken,
    /// Unknown email or wrong password: deliberately indistinguishable.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// Too many failed logins for this account or address.
    #[error("too many failed attempts")]
    TooManyAttempts {
        /// Seconds until another attempt is allowed.
        retry_after: u64,
    },
    /// No refresh token, or an unknown, expired or revoked one.
    #[error("invalid refresh token")]
    InvalidRefreshToken,
    /// A refresh token that was already rotated: its session has been revoked.
    #[error("refresh token reused; session revoked")]
    RefreshTokenReused,
    /// The access token is missing, invalid or revoked.
    #[error(transparent)]
    Token(#[from] TokenError),
    /// No such user.
    #[error("user not found")]
    UserNotFound,
    /// The account is not a guest, so there is nothing to upgrade.
    #[error("account is not a guest")]
    NotAGuest,
    /// `?provider=` is needed because several (or no) providers are configured.
    #[error("provider required")]
    ProviderRequired,
    /// No provider with this name is configured.
    #[error("unknown OAuth provider")]
    UnknownProvider,
    /// The OAuth `state` is unknown, expired or already used.
    #[error("invalid OAuth state")]
    InvalidState,
    /// The provider (or the user at the provider) refused the authorization.
    #[error("authorization denied by the provider")]
    OAuthDenied,
    /// The provider refused to exchange the code.
    #[error("authorization code rejected by the provider")]
    OAuthCodeRejected,
    /// The provider could not be reached or answered nonsense.
    #[error("OAuth provider failed: {0:#}")]
    OAuthProvider(anyhow::Error),
    /// A mailed token (verification, reset) that is unknown, expired or used.
    #[error("invalid or expired token")]
    InvalidEmailToken,
    /// The current password given to change a password or email is wrong.
    #[error("wrong current password")]
    WrongPassword,
    /// The account has no password to check (guest or OAuth-only).
    #[error("account has no password")]
    NoPassword,
    /// The account has no email to verify.
    #[error("account has no email")]
    NoEmail,
    /// The account's email is verified already.
    #[error("email already verified")]
    EmailAlreadyVerified,
    /// No session of the caller has this id.
    #[error("session not found")]
    SessionNotFound,
    /// A password-less account (the cafe seed's mode) where that mode is off (production).
    #[error("password-less accounts are disabled")]
    PasswordlessDisabled,
    /// A concurrent first OAuth login of the same identity committed first; retried.
    #[error("concurrent OAuth sign-in")]
    OAuthRace,
    /// The database or Redis failed or could not be reached, or something else that is our
    /// fault.
    #[error(transparent)]
    Infra(#[from] Infra),
}

// Query failures go through `on_constraint` first, so only the pool gets the shared mapping.
common::infra_from!(@one AuthError, common::db::PoolError);

impl AuthError {
    /// A failure that is our fault, not the client's.
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        AuthError::Infra(Infra::internal(cause))
    }

    /// Redis could not be reached or failed.
    pub fn redis(cause: impl Into<anyhow::Error>) -> Self {
        AuthError::Infra(Infra::redis(cause))
    }
}

impl From<DieselError> for AuthError {
    fn from(err: DieselError) -> Self {
        on_constraint(&err).unwrap_or(AuthError::Infra(Infra::Database(err)))
    }
}

/// The client-facing error behind a named constraint violation, if it is one we expect.
fn on_constraint(err: &DieselError) -> Option<AuthError> {
    let DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) = err else {
        return None;
    };
    match info.constraint_name()? {
        "users_email_key" => Some(AuthError::EmailTaken),
        "users_username_key" => Some(AuthError::UsernameTaken),
        _ => None,
    }
}

impl AuthError {
    /// One invalid field.
    pub fn field(field: &str, message: &str) -> Self {
        AuthError::Validation(vec![FieldError {
            field: field.to_owned(),
            message: message.to_owned(),
        }])
    }

    /// The HTTP status of each variant.
    pub fn status_code(&self) -> StatusCode {
        match self {
            AuthError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AuthError::EmailTaken
            | AuthError::UsernameTaken
            | AuthError::NotAGuest
            | AuthError::NoPassword
            | AuthError::NoEmail
            | AuthError::EmailAlreadyVerified => StatusCode::CONFLICT,
            AuthError::WrongPassword | AuthError::PasswordlessDisabled => StatusCode::FORBIDDEN,
            AuthError::SessionNotFound => StatusCode::NOT_FOUND,
            AuthError::InvalidEmailToken => StatusCode::BAD_REQUEST,
            AuthError::InvalidCredentials
            | AuthError::InvalidRefreshToken
            | AuthError::RefreshTokenReused => StatusCode::UNAUTHORIZED,
            AuthError::Token(TokenError::Unavailable(_)) => StatusCode::SERVICE_UNAVAILABLE,
            AuthError::Token(_) => StatusCode::UNAUTHORIZED,
            AuthError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            AuthError::UserNotFound | AuthError::UnknownProvider => StatusCode::NOT_FOUND,
            AuthError::ProviderRequired
            | AuthError::InvalidState
            | AuthError::OAuthDenied
            | AuthError::OAuthCodeRejected => StatusCode::BAD_REQUEST,
            AuthError::OAuthProvider(_) => StatusCode::BAD_GATEWAY,
            AuthError::Infra(infra) => infra.status_code(),
            AuthError::OAuthRace => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<AuthError> for Problem {
    fn from(err: AuthError) -> Self {
        let status = err.status_code();
        let client = |code: &'static str, detail: &str| Problem::new(status, code).detail(detail);
        match err {
            AuthError::Validation(errors) => Problem::validation(errors),
            AuthError::EmailTaken => client("email_taken", "an account with this email exists"),
            AuthError::UsernameTaken => client("username_taken", "this username is taken"),
            AuthError::InvalidCredentials => {
                client("invalid_credentials", "the email or password is incorrect")
            }
            AuthError::TooManyAttempts { retry_after } => client(
                "too_many_attempts",
                "too many failed logins; wait before trying again",
            )
            .retry_after(retry_after),
            AuthError::InvalidRefreshToken => client(
                "invalid_refresh_token",
                "the refresh token is missing, invalid, expired or revoked",
            ),
            AuthError::RefreshTokenReused => client(
                "refresh_token_reused",
                "this refresh token was already used; the session has been revoked",
            ),
            AuthError::Token(e) => e.into(),
            AuthError::UserNotFound => client("user_not_found", "no such user"),
            AuthError::NotAGuest => client("not_a_guest", "only guest accounts can be upgraded"),
            AuthError::ProviderRequired => client(
                "provider_required",
                "name an OAuth provider with ?provider= (see /api/auth/providers)",
            ),
            AuthError::UnknownProvider => {
                client("unknown_provider", "no OAuth provider with this name")
            }
            AuthError::InvalidState => client(
                "invalid_oauth_state",
                "the OAuth state is unknown, expired or already used; start the login again",
            ),
            AuthError::OAuthDenied => {
                client("oauth_denied", "the provider did not authorize the login")
            }
            AuthError::OAuthCodeRejected => client(
                "oauth_code_rejected",
                "the provider rejected the authorization code; start the login again",
            ),
            AuthError::OAuthProvider(e) => {
                // Problem keeps a cause only for 500/503; log this 502's cause here, once.
                tracing::warn!(error = %format!("{e:#}"), "OAuth provider failed");
                Problem::new(status, "oauth_provider_error").public_detail(
                    "the OAuth provider could not be reached or gave an unexpected answer",
                )
            }
            AuthError::InvalidEmailToken => client(
                "invalid_token",
                "the link is invalid, expired or was already used; ask for a new one",
            ),
            AuthError::WrongPassword => {
                client("wrong_password", "the current password is incorrect")
            }
            AuthError::NoPassword => client(
                "no_password",
                "this account has no password; set one with a password reset by email",
            ),
            AuthError::NoEmail => client("no_email", "this account has no email address"),
            AuthError::PasswordlessDisabled => client(
                "passwordless_disabled",
                "accounts without a password are a development mode; register with a password",
            ),
            AuthError::EmailAlreadyVerified => client(
                "email_already_verified",
                "this email address is verified already",
            ),
            AuthError::SessionNotFound => client(
                "session_not_found",
                "you have no active session with this id",
            ),
            AuthError::OAuthRace => Problem::internal(anyhow::anyhow!(
                "an OAuth sign-in lost its race three times"
            )),
            AuthError::Infra(infra) => infra.into(),
        }
    }
}
