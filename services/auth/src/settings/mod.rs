//! The auth service's own settings, read from environment variables beside the common ones
//! (`common::settings`). Every default makes a local run work with zero configuration; with
//! `APP_ENV=production` the service refuses the development encryption secret and argon2
//! parameters weaker than OWASP's.
//!
//! | variable | default |
//! |---|---|
//! | `AUTH_KEY_ENCRYPTION_SECRET` | a development secret (refused in production; at least 32 bytes) |
//! | `AUTH_ARGON2_MEMORY_KIB` | `19456` (OWASP: argon2id m=19 MiB, t=2, p=1) |
//! | `AUTH_ARGON2_ITERATIONS` | `2` |
//! | `AUTH_ARGON2_PARALLELISM` | `1` |
//! | `AUTH_REFRESH_TOKEN_TTL_DAYS` | `30` |
//! | `AUTH_COOKIE_SECURE` | `true` (set `false` for local plain-http front ends) |
//! | `AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT_IP` | `5` failed logins per (email, client address) pair, and per (email, known device), per window |
//! | `AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT` | `50` failed logins per email from devices it does not know, per window (a known device is never stopped by it) |
//! | `AUTH_LOGIN_MAX_FAILURES_PER_IP` | `50` failed logins per client address per window (not applied to an account's known devices) |
//! | `AUTH_LOGIN_FAILURE_WINDOW_SECS` | `900` |
//! | `AUTH_TRUST_X_FORWARDED_FOR` | `false`; `true` only behind the gateway, which sets `x-forwarded-for` to the client address (the last hop is used) |
//! | `AUTH_KEY_RELOAD_SECS` | `30`: how often signing keys are re-read, so `auth keys rotate` reaches running replicas |
//! | `AUTH_OAUTH_STATE_TTL_SECS` | `600` |
//! | `AUTH_OAUTH_PROVIDERS` | empty: comma-separated provider names, e.g. `google,github` |
//! | `AUTH_CLEANUP_INTERVAL_SECS` | `3600`: how often expired refresh tokens, mailed tokens, revoked sessions and stale devices are deleted |
//! | `AUTH_MAIL_TRANSPORT` | `log` (development only: messages, links included, go to the log) or `smtp` (required in production) |
//! | `AUTH_SMTP_URL` | `smtp://127.0.0.1:25`; `smtps://user:pass@host` (TLS), `smtp://host:587?tls=required` (STARTTLS) |
//! | `AUTH_MAIL_FROM` | `Game Platform <no-reply@localhost>` |
//! | `AUTH_VERIFY_EMAIL_URL` | `http://127.0.0.1:8080/verify-email`: the mailed link, `?token=` appended |
//! | `AUTH_RESET_PASSWORD_URL` | `http://127.0.0.1:8080/reset-password`: the mailed link, `?token=` appended |
//! | `AUTH_VERIFY_TOKEN_TTL_SECS` | `172800` (48 hours) |
//! | `AUTH_RESET_TOKEN_TTL_SECS` | `3600` (1 hour) |
//! | `AUTH_MAIL_MAX_PER_HOUR` | `5` mails of each kind per account per hour |
//! | `AUTH_CAFE_PASSWORDLESS` | `true` in development, `false` in production (which refuses `true`): the cafe seed's password-less accounts at `/api/v1/auth/*` |
//!
//! For each provider `NAME` (upper-cased, `-` read as `_`): `AUTH_OAUTH_<NAME>_CLIENT_ID`,
//! `AUTH_OAUTH_<NAME>_CLIENT_SECRET`, `AUTH_OAUTH_<NAME>_AUTHORIZE_URL`,
//! `AUTH_OAUTH_<NAME>_TOKEN_URL`, `AUTH_OAUTH_<NAME>_USERINFO_URL` and
//! `AUTH_OAUTH_<NAME>_REDIRECT_URI` (the exact callback URL registered with the provider) are
//! required; `AUTH_OAUTH_<NAME>_SCOPES` defaults to `openid email profile`.

use std::time::Duration;

use anyhow::{Context, bail};
use common::settings::{Env, ProcessEnv, ServiceSettings, Source};
use secrecy::{ExposeSecret, SecretString};
use url::Url;

mod mail;

pub use mail::{MailSettings, MailTransportSetting};

/// The development default for `AUTH_KEY_ENCRYPTION_SECRET`; production refuses it.
pub const DEV_KEY_ENCRYPTION_SECRET: &str =
    "dev-auth-key-encryption-secret-change-me-in-production";

/// OWASP's recommended argon2id memory cost (KiB) at two iterations.
pub const OWASP_MEMORY_KIB: u32 = 19_456;
/// OWASP's recommended argon2id iterations at 19 MiB.
pub const OWASP_ITERATIONS: u32 = 2;
/// OWASP's recommended argon2id parallelism.
pub const OWASP_PARALLELISM: u32 = 1;

/// argon2id cost parameters for new password hashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Argon2Settings {
    /// Memory cost in KiB.
    pub memory_kib: u32,
    /// Iterations (time cost).
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl Argon2Settings {
    /// Whether these parameters are at least as strong as one of OWASP's argon2id
    /// configurations (m=47104 t=1 ... m=7168 t=5: memory times iterations of about 36 MiB).
    pub fn meets_owasp(&self) -> bool {
        self.memory_kib >= 7168 && u64::from(self.memory_kib) * u64::from(self.iterations) >= 35_840
    }
}

/// Failed-login throttling (the model is in `throttle.rs`).
#[derive(Debug, Clone, Copy)]
pub struct ThrottleSettings {
    /// Failures per (account, address) and per (account, known device) before 429.
    pub max_failures_per_account_ip: u32,
    /// Failures per account from devices it does not know before 429.
    pub max_failures_per_account: u32,
    /// Failures per client address before 429.
    pub max_failures_per_ip: u32,
    /// How long failures are remembered.
    pub window: Duration,
}

/// One OAuth2 provider (authorization code + PKCE).
#[derive(Debug, Clone)]
pub struct ProviderSettings {
    /// Lowercase name used in `?provider=` and stored with linked identities.
    pub name: String,
    /// OAuth client id.
    pub client_id: String,
    /// OAuth client secret.
    pub client_secret: SecretString,
    /// The provider's authorization endpoint.
    pub authorize_url: Url,
    /// The provider's token endpoint.
    pub token_url: Url,
    /// The provider's userinfo endpoint.
    pub userinfo_url: Url,
    /// Scopes requested.
    pub scopes: Vec<String>,
    /// The exact redirect URI registered with the provider.
    pub redirect_uri: Url,
}

/// Everything the auth service reads beyond the common settings.
#[derive(Debug, Clone)]
pub struct AuthSettings {
    /// Encrypts signing keys at rest.
    pub key_encryption_secret: SecretString,
    /// Cost of new password hashes.
    pub argon2: Argon2Settings,
    /// Lifetime of a refresh token (each rotation starts a new one).
    pub refresh_token_ttl: Duration,
    /// Mark cookies `Secure`.
    pub cookie_secure: bool,
    /// Failed-login throttling.
    pub throttle: ThrottleSettings,
    /// Take the client address from `x-forwarded-for` (set by the gateway).
    pub trust_forwarded_for: bool,
    /// How often the signing keys are re-read from the database.
    pub key_reload_interval: Duration,
    /// How long an OAuth `state` (and its PKCE verifier) stays usable.
    pub oauth_state_ttl: Duration,
    /// Configured OAuth providers.
    pub providers: Vec<ProviderSettings>,
    /// How often the cleanup job runs.
    pub cleanup_interval: Duration,
    /// Mail.
    pub mail: MailSettings,
    /// `AUTH_CAFE_PASSWORDLESS` when set; unset means "on in development only".
    pub cafe_passwordless: Option<bool>,
}

impl ServiceSettings for AuthSettings {
    fn from_env() -> anyhow::Result<Self> {
        Self::load(&ProcessEnv)
    }
}

impl AuthSettings {
    /// Reads `source` (a map in tests).
    pub fn load(source: &dyn Source) -> anyhow::Result<Self> {
        let env = Env(source);
        let throttle = ThrottleSettings {
            max_failures_per_account_ip: env
                .parse("AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT_IP", 5u32)?,
            max_failures_per_account: env.parse("AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT", 50u32)?,
            max_failures_per_ip: env.parse("AUTH_LOGIN_MAX_FAILURES_PER_IP", 50u32)?,
            window: Duration::from_secs(env.parse("AUTH_LOGIN_FAILURE_WINDOW_SECS", 900u64)?),
        };
        if throttle.max_failures_per_account == 0
            || throttle.max_failures_per_account_ip == 0
            || throttle.max_failures_per_ip == 0
            || throttle.window.is_zero()
        {
            bail!("AUTH_LOGIN_* limits and window must be at least 1");
        }
        let refresh_days = env.parse("AUTH_REFRESH_TOKEN_TTL_DAYS", 30u64)?;
        if !(1..=365).contains(&refresh_days) {
            bail!("AUTH_REFRESH_TOKEN_TTL_DAYS must be 1..=365");
        }
        let providers = env
            .string("AUTH_OAUTH_PROVIDERS", "")
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|name| provider(&env, name))
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok(AuthSettings {
            key_encryption_secret: SecretString::from(
                env.string("AUTH_KEY_ENCRYPTION_SECRET", DEV_KEY_ENCRYPTION_SECRET),
            ),
            argon2: Argon2Settings {
                memory_kib: env.parse("AUTH_ARGON2_MEMORY_KIB", OWASP_MEMORY_KIB)?,
                iterations: env.parse("AUTH_ARGON2_ITERATIONS", OWASP_ITERATIONS)?,
                parallelism: env.parse("AUTH_ARGON2_PARALLELISM", OWASP_PARALLELISM)?,
            },
            refresh_token_ttl: Duration::from_secs(refresh_days * 86_400),
            cookie_secure: env.parse("AUTH_COOKIE_SECURE", true)?,
            throttle,
            trust_forwarded_for: env.parse("AUTH_TRUST_X_FORWARDED_FOR", false)?,
            key_reload_interval: Duration::from_secs(env.parse("AUTH_KEY_RELOAD_SECS", 30u64)?),
            oauth_state_ttl: Duration::from_secs(
                env.parse("AUTH_OAUTH_STATE_TTL_SECS", 600u64)?.max(1),
            ),
            providers,
            cleanup_interval: Duration::from_secs(
                env.parse("AUTH_CLEANUP_INTERVAL_SECS", 3600u64)?.max(1),
            ),
            mail: mail::load(&env)?,
            cafe_passwordless: if env.is_set("AUTH_CAFE_PASSWORDLESS") {
                Some(env.parse("AUTH_CAFE_PASSWORDLESS", false)?)
            } else {
                None
            },
        })
    }

    /// Refuses what is unsafe in production: the development secret, a short secret, weak
    /// argon2 parameters, insecure cookies.
    pub fn check(&self, production: bool) -> anyhow::Result<()> {
        argon2::Params::new(
            self.argon2.memory_kib,
            self.argon2.iterations,
            self.argon2.parallelism,
            None,
        )
        .map_err(|e| anyhow::anyhow!("AUTH_ARGON2_* parameters are invalid: {e}"))?;
        if !production {
            return Ok(());
        }
        if self.cafe_passwordless == Some(true) {
            bail!(
                "production refuses AUTH_CAFE_PASSWORDLESS=true: password-less accounts are a development mode"
            );
        }
        let secret = self.key_encryption_secret.expose_secret();
        if secret == DEV_KEY_ENCRYPTION_SECRET || secret.len() < 32 {
            bail!(
                "production refuses the development AUTH_KEY_ENCRYPTION_SECRET: set a random secret of at least 32 bytes"
            );
        }
        if !self.argon2.meets_owasp() {
            bail!("production refuses AUTH_ARGON2_* parameters weaker than OWASP's argon2id ones");
        }
        if !self.cookie_secure {
            bail!("production refuses AUTH_COOKIE_SECURE=false");
        }
        if matches!(self.mail.transport, MailTransportSetting::Log) {
            // The log transport writes reset and verification links to the log.
            bail!(
                "production refuses AUTH_MAIL_TRANSPORT=log: configure AUTH_SMTP_URL and AUTH_MAIL_TRANSPORT=smtp"
            );
        }
        Ok(())
    }

    /// Whether the cafe seed's password-less accounts may register and log in.
    pub fn passwordless_allowed(&self, production: bool) -> bool {
        self.cafe_passwordless.unwrap_or(!production)
    }

    /// The provider called `name`.
    pub fn provider(&self, name: &str) -> Option<&ProviderSettings> {
        self.providers.iter().find(|p| p.name == name)
    }
}

fn provider(env: &Env<'_>, name: &str) -> anyhow::Result<ProviderSettings> {
    let name = name.to_ascii_lowercase();
    if name.len() > 32
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        bail!("AUTH_OAUTH_PROVIDERS: {name:?} must be 1-32 characters of [a-z0-9_-]");
    }
    let prefix = format!(
        "AUTH_OAUTH_{}_",
        name.to_ascii_uppercase().replace('-', "_")
    );
    let required = |suffix: &str| -> anyhow::Result<String> {
        let key = format!("{prefix}{suffix}");
        env.0
            .get(&key)
            .with_context(|| format!("OAuth provider {name} needs {key}"))
    };
    let url = |suffix: &str| -> anyhow::Result<Url> {
        let raw = required(suffix)?;
        Url::parse(&raw).with_context(|| format!("{prefix}{suffix} is not a valid URL"))
    };
    let scopes = env
        .string(&format!("{prefix}SCOPES"), "openid email profile")
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    Ok(ProviderSettings {
        client_id: required("CLIENT_ID")?,
        client_secret: SecretString::from(required("CLIENT_SECRET")?),
        authorize_url: url("AUTHORIZE_URL")?,
        token_url: url("TOKEN_URL")?,
        userinfo_url: url("USERINFO_URL")?,
        redirect_uri: url("REDIRECT_URI")?,
        scopes,
        name,
    })
}

#[cfg(test)]
mod tests {

    use super::*;

    use common::settings::env_map as source;

    #[test]
    fn default_argon2_parameters_are_owasps_argon2id_ones() {
        let s = AuthSettings::load(&source(&[])).unwrap();
        assert_eq!(
            s.argon2,
            Argon2Settings {
                memory_kib: 19_456,
                iterations: 2,
                parallelism: 1
            }
        );
        assert!(s.argon2.meets_owasp());
        assert!(s.cookie_secure);
        assert!(!s.trust_forwarded_for);
        assert!(s.providers.is_empty());
    }

    #[test]
    fn production_refuses_the_development_secret_and_weak_hashing() {
        let s = AuthSettings::load(&source(&[])).unwrap();
        s.check(false).unwrap();
        let err = s.check(true).unwrap_err();
        assert!(
            err.to_string().contains("AUTH_KEY_ENCRYPTION_SECRET"),
            "{err}"
        );

        let strong = "0123456789abcdef0123456789abcdef-prod";
        let ok = AuthSettings::load(&source(&[
            ("AUTH_KEY_ENCRYPTION_SECRET", strong),
            ("AUTH_MAIL_TRANSPORT", "smtp"),
        ]))
        .unwrap();
        ok.check(true).unwrap();
        let logged =
            AuthSettings::load(&source(&[("AUTH_KEY_ENCRYPTION_SECRET", strong)])).unwrap();
        assert!(
            logged
                .check(true)
                .unwrap_err()
                .to_string()
                .contains("AUTH_MAIL_TRANSPORT")
        );

        let weak = AuthSettings::load(&source(&[
            ("AUTH_KEY_ENCRYPTION_SECRET", strong),
            ("AUTH_MAIL_TRANSPORT", "smtp"),
            ("AUTH_ARGON2_MEMORY_KIB", "1024"),
            ("AUTH_ARGON2_ITERATIONS", "1"),
        ]))
        .unwrap();
        weak.check(false).unwrap();
        assert!(weak.check(true).unwrap_err().to_string().contains("ARGON2"));
    }

    #[test]
    fn password_less_cafe_accounts_are_a_development_mode() {
        let strong = "0123456789abcdef0123456789abcdef-prod";
        let default = AuthSettings::load(&source(&[])).unwrap();
        assert!(default.passwordless_allowed(false));
        assert!(!default.passwordless_allowed(true));
        let on = AuthSettings::load(&source(&[
            ("AUTH_KEY_ENCRYPTION_SECRET", strong),
            ("AUTH_MAIL_TRANSPORT", "smtp"),
            ("AUTH_CAFE_PASSWORDLESS", "true"),
        ]))
        .unwrap();
        on.check(false).unwrap();
        let err = on.check(true).unwrap_err();
        assert!(err.to_string().contains("AUTH_CAFE_PASSWORDLESS"), "{err}");
        let off = AuthSettings::load(&source(&[("AUTH_CAFE_PASSWORDLESS", "false")])).unwrap();
        assert!(!off.passwordless_allowed(false));
    }

    #[test]
    fn providers_are_read_from_their_prefixed_variables() {
        let s = AuthSettings::load(&source(&[
            ("AUTH_OAUTH_PROVIDERS", "Google, my-idp"),
            ("AUTH_OAUTH_GOOGLE_CLIENT_ID", "cid"),
            ("AUTH_OAUTH_GOOGLE_CLIENT_SECRET", "secret"),
            ("AUTH_OAUTH_GOOGLE_AUTHORIZE_URL", "https://idp/authorize"),
            ("AUTH_OAUTH_GOOGLE_TOKEN_URL", "https://idp/token"),
            ("AUTH_OAUTH_GOOGLE_USERINFO_URL", "https://idp/userinfo"),
            ("AUTH_OAUTH_GOOGLE_REDIRECT_URI", "https://game/cb"),
            ("AUTH_OAUTH_MY_IDP_CLIENT_ID", "cid2"),
            ("AUTH_OAUTH_MY_IDP_CLIENT_SECRET", "secret2"),
            ("AUTH_OAUTH_MY_IDP_AUTHORIZE_URL", "https://idp2/authorize"),
            ("AUTH_OAUTH_MY_IDP_TOKEN_URL", "https://idp2/token"),
            ("AUTH_OAUTH_MY_IDP_USERINFO_URL", "https://idp2/userinfo"),
            ("AUTH_OAUTH_MY_IDP_REDIRECT_URI", "https://game/cb2"),
            ("AUTH_OAUTH_MY_IDP_SCOPES", "email,profile"),
        ]))
        .unwrap();
        let google = s.provider("google").unwrap();
        assert_eq!(google.scopes, ["openid", "email", "profile"]);
        assert_eq!(s.provider("my-idp").unwrap().scopes, ["email", "profile"]);

        let err = AuthSettings::load(&source(&[("AUTH_OAUTH_PROVIDERS", "google")])).unwrap_err();
        assert!(
            err.to_string().contains("AUTH_OAUTH_GOOGLE_CLIENT_ID"),
            "{err}"
        );
    }
}
