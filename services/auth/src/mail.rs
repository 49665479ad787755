//! Account mail (email verification, password reset): a bounded queue that requests fill
//! without waiting, and a worker that issues the single-use token and sends the message over
//! SMTP (`lettre`), or to the log in development.
//!
//! Requests never wait for the database work or the SMTP round trip of a mail, so
//! `POST /api/auth/password/forgot` answers in the same time whether the account exists. A
//! message lost in a crash is not retried: the user asks again.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use chrono::Utc;
use common::db::DbPool;
use common::worker::Workers;
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;
use tokio::sync::mpsc;
use uuid::Uuid;

use crate::db::queries;
use crate::domain::Email;
use crate::email_tokens::{self, Purpose};
use crate::settings::{MailSettings, MailTransportSetting};

/// Mails waiting for the worker; more are dropped (and logged) rather than queued unbounded.
const QUEUE_CAPACITY: usize = 1024;
/// Longest an SMTP exchange may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(15);

/// A mail to send.
#[derive(Debug)]
pub enum MailJob {
    /// A link proving that `user_id` owns `email` (registration, guest upgrade, email change).
    VerifyEmail {
        /// The account.
        user_id: Uuid,
        /// The address to prove (the account's, or the one it is changing to).
        email: String,
    },
    /// A password-reset link for the account with this email, if there is one.
    ResetPassword {
        /// The address given to `POST /api/auth/password/forgot`.
        email: Email,
    },
}

/// Where requests put mail.
#[derive(Clone)]
pub struct MailQueue {
    tx: mpsc::Sender<MailJob>,
}

impl MailQueue {
    /// Queues `job` without waiting; a full queue drops it.
    pub fn enqueue(&self, job: MailJob) {
        if let Err(e) = self.tx.try_send(job) {
            tracing::warn!(error = %e, "mail queue full or closed; a mail was dropped");
        }
    }
}

/// How messages leave.
#[derive(Clone)]
pub enum Mailer {
    /// Development: the message, link included, goes to the log (refused in production).
    Log,
    /// An SMTP relay.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

impl Mailer {
    /// The transport configured in `settings`.
    pub fn new(settings: &MailSettings) -> anyhow::Result<Self> {
        Ok(match &settings.transport {
            MailTransportSetting::Log => Mailer::Log,
            MailTransportSetting::Smtp(url) => Mailer::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose_secret())
                    .context("AUTH_SMTP_URL")?
                    .timeout(Some(SMTP_TIMEOUT))
                    .build(),
            ),
        })
    }

    /// Sends one plain-text message.
    pub async fn send(
        &self,
        from: &Mailbox,
        to: &str,
        subject: &str,
        body: String,
    ) -> anyhow::Result<()> {
        match self {
            Mailer::Log => {
                // Decoded, so a developer can open the link straight from the log.
                tracing::info!(mail.to = to, mail.subject = subject, mail.body = %body, "mail (log transport, development only)");
                Ok(())
            }
            Mailer::Smtp(transport) => {
                let message = Message::builder()
                    .from(from.clone())
                    .to(to.parse().context("recipient address")?)
                    .subject(subject)
                    .header(ContentType::TEXT_PLAIN)
                    .body(body)
                    .context("building the message")?;
                transport
                    .send(message)
                    .await
                    .map(drop)
                    .context("sending mail over SMTP")
            }
        }
    }
}

/// The worker's share of the state.
pub struct MailWorker {
    db: DbPool,
    mailer: Mailer,
    settings: MailSettings,
    from: Mailbox,
}

/// Starts the worker; it stops at shutdown (after the mail in hand) or when every
/// [`MailQueue`] clone is dropped.
pub fn start(workers: &Workers, db: DbPool, settings: &MailSettings) -> anyhow::Result<MailQueue> {
    let (tx, mut rx) = mpsc::channel(QUEUE_CAPACITY);
    let worker = Arc::new(MailWorker {
        db,
        mailer: Mailer::new(settings)?,
        from: settings
            .from
            .parse()
            .context("AUTH_MAIL_FROM is not a mailbox")?,
        settings: settings.clone(),
    });
    workers.spawn("auth mail", move |stop| async move {
        loop {
            let job = tokio::select! {
                () = stop.cancelled() => break,
                job = rx.recv() => match job {
                    Some(job) => job,
                    None => break,
                },
            };
            if let Err(e) = worker.handle(job).await {
                tracing::warn!(error = %format!("{e:#}"), "an account mail was not sent");
            }
        }
        Ok(())
    });
    Ok(MailQueue { tx })
}

impl MailWorker {
    async fn handle(&self, job: MailJob) -> anyhow::Result<()> {
        match job {
            MailJob::VerifyEmail { user_id, email } => {
                let Some(token) = self.issue(user_id, Purpose::VerifyEmail, &email).await? else {
                    return Ok(());
                };
                let link = link(&self.settings.verify_url, &token);
                let hours = self.settings.verify_ttl.as_secs() / 3600;
                self.send(
                    &email,
                    "Confirm your email address",
                    format!(
                        "Hello,\n\nconfirm that this address belongs to your account by opening this link:\n\n{link}\n\nIt works once, for {hours} hours. If you did not ask for it, ignore this message.\n"
                    ),
                )
                .await
            }
            MailJob::ResetPassword { email } => {
                let user = {
                    let mut conn = self.db.get().await?;
                    queries::find_user_by_email(&mut conn, email.as_str()).await?
                };
                // Nobody has this address: nothing to send, and the caller was answered already.
                let Some(user) = user else {
                    return Ok(());
                };
                let Some(token) = self
                    .issue(user.id, Purpose::ResetPassword, email.as_str())
                    .await?
                else {
                    return Ok(());
                };
                let link = link(&self.settings.reset_url, &token);
                let minutes = self.settings.reset_ttl.as_secs() / 60;
                self.send(
                    email.as_str(),
                    "Reset your password",
                    format!(
                        "Hello,\n\nsomeone asked to reset the password of your account. To choose a new one, open this link:\n\n{link}\n\nIt works once, for {minutes} minutes. If it was not you, ignore this message: your password stays as it is.\n"
                    ),
                )
                .await
            }
        }
    }

    /// A new token, unless the account used up its hourly mail budget for this purpose.
    async fn issue(
        &self,
        user: Uuid,
        purpose: Purpose,
        email: &str,
    ) -> anyhow::Result<Option<String>> {
        let mut conn = self.db.get().await?;
        let since = Utc::now() - chrono::TimeDelta::hours(1);
        let recent =
            queries::count_recent_email_tokens(&mut conn, user, purpose.as_str(), since).await?;
        if recent >= i64::from(self.settings.max_per_hour) {
            tracing::info!(user.id = %user, purpose = purpose.as_str(), "mail budget used up; not sent");
            return Ok(None);
        }
        let ttl = match purpose {
            Purpose::VerifyEmail => self.settings.verify_ttl,
            Purpose::ResetPassword => self.settings.reset_ttl,
        };
        let token = email_tokens::issue(&mut conn, user, purpose, email, ttl).await?;
        Ok(Some(token))
    }

    async fn send(&self, to: &str, subject: &str, body: String) -> anyhow::Result<()> {
        self.mailer.send(&self.from, to, subject, body).await?;
        tracing::info!(subject, "account mail sent");
        Ok(())
    }
}

/// `base` with `?token=` set.
fn link(base: &url::Url, token: &str) -> url::Url {
    let mut url = base.clone();
    url.query_pairs_mut().append_pair("token", token);
    url
}
