//! Mail settings: transport, sender, the links mailed, token lifetimes and the mail budget
//! (the variables are listed in the parent module's table).

use std::time::Duration;

use anyhow::{Context, bail};
use common::settings::Env;
use secrecy::SecretString;
use url::Url;

/// How mail leaves the service.
#[derive(Debug, Clone)]
pub enum MailTransportSetting {
    /// Development: each message, link included, is written to the log.
    Log,
    /// An SMTP relay, by URL (credentials included, hence secret).
    Smtp(SecretString),
}

/// Mail: transport, sender, links and token lifetimes.
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// Where messages go.
    pub transport: MailTransportSetting,
    /// The `From` mailbox.
    pub from: String,
    /// The page that verifies an email (`?token=` is appended).
    pub verify_url: Url,
    /// The page that resets a password (`?token=` is appended).
    pub reset_url: Url,
    /// Lifetime of an email-verification token.
    pub verify_ttl: Duration,
    /// Lifetime of a password-reset token.
    pub reset_ttl: Duration,
    /// Mails of each kind per account per hour.
    pub max_per_hour: u32,
}

/// Reads the `AUTH_MAIL_*`, `AUTH_SMTP_URL`, link and token-lifetime variables.
pub(super) fn load(env: &Env<'_>) -> anyhow::Result<MailSettings> {
    let transport = match env.string("AUTH_MAIL_TRANSPORT", "log").as_str() {
        "log" => MailTransportSetting::Log,
        "smtp" => {
            let url = env.string("AUTH_SMTP_URL", "smtp://127.0.0.1:25");
            let scheme = Url::parse(&url)
                .map(|u| u.scheme().to_owned())
                .context("AUTH_SMTP_URL is not a valid URL")?;
            if scheme != "smtp" && scheme != "smtps" {
                bail!("AUTH_SMTP_URL must start with smtp:// or smtps://");
            }
            MailTransportSetting::Smtp(SecretString::from(url))
        }
        other => bail!("AUTH_MAIL_TRANSPORT must be log or smtp, not {other:?}"),
    };
    let link = |key: &str, default: &str| -> anyhow::Result<Url> {
        Url::parse(&env.string(key, default)).with_context(|| format!("{key} is not a valid URL"))
    };
    let from = env.string("AUTH_MAIL_FROM", "Game Platform <no-reply@localhost>");
    if from.parse::<lettre::message::Mailbox>().is_err() {
        bail!("AUTH_MAIL_FROM must be a mailbox such as `Game <no-reply@example.com>`");
    }
    Ok(MailSettings {
        transport,
        from,
        verify_url: link(
            "AUTH_VERIFY_EMAIL_URL",
            "http://127.0.0.1:8080/verify-email",
        )?,
        reset_url: link(
            "AUTH_RESET_PASSWORD_URL",
            "http://127.0.0.1:8080/reset-password",
        )?,
        verify_ttl: Duration::from_secs(
            env.parse("AUTH_VERIFY_TOKEN_TTL_SECS", 172_800u64)?.max(1),
        ),
        reset_ttl: Duration::from_secs(env.parse("AUTH_RESET_TOKEN_TTL_SECS", 3600u64)?.max(1)),
        max_per_hour: env.parse("AUTH_MAIL_MAX_PER_HOUR", 5u32)?.max(1),
    })
}
