//! Which account a provider identity logs into: the linked one, else one whose email both the
//! provider and the owner verified, else a new one; and the race of two first logins.

use chrono::Utc;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use rand::RngCore;
use uuid::Uuid;

use crate::db::models::{NewUser, OAuthIdentity, User};
use crate::db::queries;
use crate::domain::{AvatarUrl, Email, Role, Username};
use crate::error::AuthError;
use crate::oauth::ProviderUser;
use crate::sessions::{self, ClientInfo, Grant};

/// The account of a provider identity: the linked one; else the account with the same email
/// when the provider verified it and so did the account's owner; else a new account. Starts a
/// session for it. [`AuthError::OAuthRace`] when a concurrent first login of the same identity
/// (or a new account with the same email) committed first; everything here is rolled back.
pub async fn sign_in(
    conn: &mut AsyncPgConnection,
    provider: &str,
    info: &ProviderUser,
    ttl: std::time::Duration,
    client: &ClientInfo,
) -> Result<(User, Grant), AuthError> {
    // An unverified email is never trusted: it neither links nor is stored on the account.
    let verified_email = info
        .email
        .as_deref()
        .filter(|_| info.email_verified)
        .and_then(|e| Email::parse(e).ok());
    conn.transaction::<_, AuthError, _>(async |conn| {
        let linked = match queries::find_identity(conn, provider, &info.subject).await? {
            Some(identity) => queries::find_user(conn, identity.user_id).await?,
            None => None,
        };
        let user = match linked {
            Some(user) => user,
            None => {
                let by_email = match &verified_email {
                    Some(email) => queries::find_user_by_email(conn, email.as_str()).await?,
                    None => None,
                };
                let user = match by_email {
                    // Linking to an unproven address would hand the account to whoever
                    // registered it first: only the owner's verified email links.
                    Some(user) if user.email_verified_at.is_some() => user,
                    // Someone registered the address without proving it: a separate account,
                    // without the email (it is unique).
                    Some(_) => create_account(conn, info, None).await?,
                    None => create_account(conn, info, verified_email.as_ref())
                        .await
                        .map_err(|e| match e {
                            // A concurrent first login created this email's account.
                            AuthError::EmailTaken => AuthError::OAuthRace,
                            e => e,
                        })?,
                };
                let linked = queries::insert_identity(
                    conn,
                    &OAuthIdentity {
                        provider: provider.to_owned(),
                        subject: info.subject.clone(),
                        user_id: user.id,
                        email: info.email.clone().filter(|e| e.len() <= Email::MAX_LEN),
                        created_at: Utc::now(),
                    },
                )
                .await?;
                if !linked {
                    return Err(AuthError::OAuthRace);
                }
                tracing::info!(user.id = %user.id, "OAuth identity linked");
                user
            }
        };
        let grant = sessions::start(conn, user.id, ttl, client).await?;
        Ok((user, grant))
    })
    .await
}

async fn create_account(
    conn: &mut AsyncPgConnection,
    info: &ProviderUser,
    email: Option<&Email>,
) -> Result<User, AuthError> {
    let hint = info
        .name
        .clone()
        .or_else(|| {
            info.email
                .as_deref()
                .and_then(|e| e.split('@').next())
                .map(str::to_owned)
        })
        .unwrap_or_default();
    let mut suffix = [0u8; 4];
    rand::rngs::OsRng.fill_bytes(&mut suffix);
    let suffix: String = suffix.iter().map(|b| format!("{b:02x}")).collect();
    let username = Username::derive(&hint, &suffix);
    let avatar = info
        .picture
        .as_deref()
        .and_then(|p| AvatarUrl::parse(p).ok());
    Ok(queries::insert_user(
        conn,
        &NewUser {
            id: Uuid::now_v7(),
            email: email.map(Email::as_str),
            username: username.as_str(),
            password_hash: None,
            avatar_url: avatar.as_ref().map(AvatarUrl::as_str),
            role: Role::Player.as_str(),
            is_guest: false,
            // Only a provider-verified email is ever passed here.
            email_verified_at: email.map(|_| Utc::now()),
        },
    )
    .await?)
}
