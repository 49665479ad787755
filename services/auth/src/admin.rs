//! Operator commands: `auth keys rotate` and `auth users promote EMAIL`.

use anyhow::Context;
use common::ServiceName;
use common::settings::Settings;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use secrecy::ExposeSecret;

use crate::db::queries;
use crate::domain::{Email, Role};
use crate::settings::AuthSettings;

async fn connect(settings: &Settings) -> anyhow::Result<AsyncPgConnection> {
    let db = settings
        .database
        .as_ref()
        .context("the auth service needs DATABASE_URL")?;
    AsyncPgConnection::establish(db.url.expose_secret())
        .await
        .context("connecting to the auth database")
}

/// Adds a new signing key; the previous one stays published until its tokens expire.
/// Returns the new `kid`.
pub async fn rotate_keys(settings: &Settings, auth: &AuthSettings) -> anyhow::Result<String> {
    auth.check(settings.is_production())?;
    let mut conn = connect(settings).await?;
    crate::keys::rotate(&mut conn, &auth.key_encryption_secret).await
}

/// Grants `role = admin` to the account with `email`. Tokens issued from then on (the next
/// login or refresh) carry it.
pub async fn promote(settings: &Settings, email: &str) -> anyhow::Result<uuid::Uuid> {
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("EMAIL {e}"))?;
    let mut conn = connect(settings).await?;
    let user = queries::set_role_by_email(&mut conn, email.as_str(), Role::Admin.as_str())
        .await
        .context("updating the account")?
        .with_context(|| format!("no account with email {email}"))?;
    Ok(user.id)
}

/// Reads the settings the commands need.
pub fn load_settings() -> anyhow::Result<(Settings, AuthSettings)> {
    Ok((
        Settings::from_env(ServiceName::Auth)?,
        <AuthSettings as common::settings::ServiceSettings>::from_env()?,
    ))
}
