//! Typed settings read from environment variables.
//!
//! Every variable has a default that makes `make run` work on a developer machine with zero
//! configuration. With `APP_ENV=production` the service refuses to start on a development secret
//! or an implicit local address.
//!
//! Variables read here (service-specific ones live in each service's `settings.rs`):
//!
//! | variable | default |
//! |---|---|
//! | `APP_ENV` | `development` (`production` turns on the strict checks) |
//! | `BIND_ADDR` | `127.0.0.1:<service port>` |
//! | `LOG_FORMAT` | `pretty` in development, `json` in production |
//! | `RUST_LOG` | `info` |
//! | `HTTP_WORKERS` | number of CPUs |
//! | `HTTP_MAX_BODY_BYTES` | `1048576` |
//! | `SHUTDOWN_TIMEOUT_SECS` | `30` |
//! | `DATABASE_URL` | `postgres://postgres@127.0.0.1:5432/<service>` |
//! | `DATABASE_CREATE_IF_MISSING` | `true` in development, `false` in production |
//! | `DATABASE_POOL_SIZE` | `16` |
//! | `DATABASE_ACQUIRE_TIMEOUT_MS` | `2000` |
//! | `DATABASE_STATEMENT_TIMEOUT_MS` | `5000` |
//! | `REDIS_URL` | `redis://127.0.0.1:6379` |
//! | `REDIS_PREFIX` | `gp:` |
//! | `REDIS_POOL_SIZE` | `32` |
//! | `REDIS_TIMEOUT_MS` | `2000` |
//! | `EVENT_STREAM_MAXLEN` | `1000` |
//! | `EVENT_STREAM_TTL_SECS` | `86400` |
//! | `AUTH_JWKS_URL` | `<AUTH_URL>/.well-known/jwks.json` |
//! | `JWT_ISSUER` | `gameplatform-auth` |
//! | `JWT_AUDIENCE` | `gameplatform` |
//! | `INTERNAL_TOKEN_SECRET` | a development secret (refused in production; at least 32 bytes) |
//! | `INTERNAL_HTTP_TIMEOUT_MS` | `5000` |
//! | `INTERNAL_HTTP_RETRIES` | `2` |
//! | `GATEWAY_URL`, `AUTH_URL`, `INVENTORY_URL`, `GACHA_URL`, `BATTLE_URL`, `ROOM_URL`, `LEADERBOARD_URL`, `AI_URL`, `ASSET_URL` | `http://127.0.0.1:<port>` |

use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, bail};
use contracts::ServiceName;
use secrecy::{ExposeSecret, SecretString};
use url::Url;

/// The development default for `INTERNAL_TOKEN_SECRET`; production refuses it.
pub const DEV_INTERNAL_TOKEN_SECRET: &str = "dev-internal-token-secret-change-me-in-production";

/// A service's own settings, read beside the common ones; what [`crate::ServiceDef::stateful`]
/// loads at start-up when a test has not given them.
pub trait ServiceSettings: Send + Sync + Sized + 'static {
    /// Reads the settings from the process environment, failing on a bad or (in production)
    /// unsafe value.
    fn from_env() -> anyhow::Result<Self>;
}

/// Development or production: production turns on the strict checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppEnv {
    /// Local machines, tests and CI.
    Development,
    /// Real deployments.
    Production,
}

/// How logs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable, coloured lines.
    Pretty,
    /// One JSON object per line.
    Json,
}

/// Where to find a variable's value: the process environment in production, a map in tests.
pub trait Source {
    /// The raw value of `key`, if set and not empty.
    fn get(&self, key: &str) -> Option<String>;
}

/// Reads the process environment.
pub struct ProcessEnv;

impl Source for ProcessEnv {
    fn get(&self, key: &str) -> Option<String> {
        std::env::var(key).ok().filter(|v| !v.trim().is_empty())
    }
}

impl Source for BTreeMap<String, String> {
    fn get(&self, key: &str) -> Option<String> {
        BTreeMap::get(self, key).cloned()
    }
}

/// A [`Source`] from literal pairs, for tests and tools.
pub fn env_map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// Typed access to a [`Source`], naming the variable in every error.
pub struct Env<'a>(pub &'a dyn Source);

impl Env<'_> {
    /// The value of `key`, or `default`.
    pub fn string(&self, key: &str, default: impl Into<String>) -> String {
        self.0.get(key).unwrap_or_else(|| default.into())
    }

    /// The value of `key` parsed as `T`, or `default`.
    pub fn parse<T>(&self, key: &str, default: T) -> anyhow::Result<T>
    where
        T: FromStr,
        T::Err: std::fmt::Display,
    {
        match self.0.get(key) {
            None => Ok(default),
            Some(raw) => raw
                .trim()
                .parse()
                .map_err(|e| anyhow::anyhow!("{key}={raw:?} is invalid: {e}")),
        }
    }

    /// A duration given in milliseconds.
    pub fn millis(&self, key: &str, default_ms: u64) -> anyhow::Result<Duration> {
        self.parse(key, default_ms).map(Duration::from_millis)
    }

    /// A URL.
    pub fn url(&self, key: &str, default: &str) -> anyhow::Result<Url> {
        let raw = self.string(key, default);
        Url::parse(&raw).with_context(|| format!("{key} is not a valid URL"))
    }

    /// Whether `key` is set at all.
    pub fn is_set(&self, key: &str) -> bool {
        self.0.get(key).is_some()
    }
}

/// PostgreSQL settings of a service that owns a database.
#[derive(Debug, Clone)]
pub struct DatabaseSettings {
    /// Connection URL; may hold a password, hence secret.
    pub url: SecretString,
    /// Create the database when it does not exist (development convenience).
    pub create_if_missing: bool,
    /// Maximum pooled connections.
    pub pool_size: usize,
    /// How long a request waits for a pooled connection (and for a new one to connect).
    pub acquire_timeout: Duration,
    /// `statement_timeout` set on every connection.
    pub statement_timeout: Duration,
}

/// Redis settings.
#[derive(Debug, Clone)]
pub struct RedisSettings {
    /// Connection URL.
    pub url: SecretString,
    /// The prefix every key and channel goes through.
    pub prefix: String,
    /// Maximum pooled connections.
    pub pool_size: usize,
    /// Connect, wait and response timeout.
    pub timeout: Duration,
    /// Entries kept (approximately) in each topic's replay stream.
    pub stream_maxlen: usize,
    /// A topic's replay stream expires after this much silence.
    pub stream_ttl: Duration,
}

/// Access-token verification settings.
#[derive(Debug, Clone)]
pub struct JwtSettings {
    /// Where the auth service publishes its public keys.
    pub jwks_url: Url,
    /// Expected `iss`.
    pub issuer: String,
    /// Expected `aud`.
    pub audience: String,
}

/// HTTP server and internal-client settings.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    /// Address to bind; port 0 picks a free port.
    pub bind_addr: String,
    /// Worker threads.
    pub workers: usize,
    /// Largest request body accepted.
    pub max_body_bytes: usize,
    /// How long in-flight requests get to finish on shutdown.
    pub shutdown_timeout: Duration,
    /// Per-request timeout of internal calls.
    pub internal_timeout: Duration,
    /// Extra attempts for idempotent internal calls.
    pub internal_retries: u32,
}

/// Everything common to all services.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Which service this is.
    pub service: ServiceName,
    /// Development or production.
    pub env: AppEnv,
    /// Log output format.
    pub log_format: LogFormat,
    /// HTTP settings.
    pub http: HttpSettings,
    /// `None` for the gateway, which owns no database.
    pub database: Option<DatabaseSettings>,
    /// Redis settings.
    pub redis: RedisSettings,
    /// Token verification settings.
    pub jwt: JwtSettings,
    /// HMAC secret of service tokens.
    pub internal_token_secret: SecretString,
    /// Base URL of every service, for internal calls, in [`ServiceName::ALL`] order.
    pub peers: Vec<Url>,
}

impl Settings {
    /// Reads the process environment and checks it.
    pub fn from_env(service: ServiceName) -> anyhow::Result<Self> {
        Self::load(service, &ProcessEnv)
    }

    /// Reads `source` and checks the result (production refuses development values).
    pub fn load(service: ServiceName, source: &dyn Source) -> anyhow::Result<Self> {
        let env = Env(source);
        let app_env = match env.string("APP_ENV", "development").as_str() {
            "development" | "dev" | "local" | "test" => AppEnv::Development,
            "production" | "prod" => AppEnv::Production,
            other => bail!("APP_ENV={other:?} is invalid: use development or production"),
        };
        let prod = app_env == AppEnv::Production;
        let log_format = match env
            .string("LOG_FORMAT", if prod { "json" } else { "pretty" })
            .as_str()
        {
            "pretty" => LogFormat::Pretty,
            "json" => LogFormat::Json,
            other => bail!("LOG_FORMAT={other:?} is invalid: use pretty or json"),
        };

        let peers = ServiceName::ALL
            .into_iter()
            .map(|peer| {
                let key = format!("{}_URL", peer.env_prefix());
                env.url(&key, &format!("http://127.0.0.1:{}", peer.default_port()))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let auth_url = peers[ServiceName::Auth.index()]
            .as_str()
            .trim_end_matches('/')
            .to_owned();

        let database = if service.has_database() {
            let default = format!("postgres://postgres@127.0.0.1:5432/{}", service.as_str());
            Some(DatabaseSettings {
                url: SecretString::from(env.string("DATABASE_URL", default)),
                create_if_missing: env.parse("DATABASE_CREATE_IF_MISSING", !prod)?,
                pool_size: env.parse("DATABASE_POOL_SIZE", 16usize)?.max(1),
                acquire_timeout: env.millis("DATABASE_ACQUIRE_TIMEOUT_MS", 2000)?,
                statement_timeout: env.millis("DATABASE_STATEMENT_TIMEOUT_MS", 5000)?,
            })
        } else {
            None
        };

        let settings = Settings {
            service,
            env: app_env,
            log_format,
            http: HttpSettings {
                bind_addr: env.string("BIND_ADDR", format!("127.0.0.1:{}", service.default_port())),
                workers: env.parse(
                    "HTTP_WORKERS",
                    std::thread::available_parallelism().map_or(2, |n| n.get()),
                )?,
                max_body_bytes: env.parse("HTTP_MAX_BODY_BYTES", 1024 * 1024usize)?,
                shutdown_timeout: Duration::from_secs(env.parse("SHUTDOWN_TIMEOUT_SECS", 30u64)?),
                internal_timeout: env.millis("INTERNAL_HTTP_TIMEOUT_MS", 5000)?,
                internal_retries: env.parse("INTERNAL_HTTP_RETRIES", 2u32)?,
            },
            database,
            redis: RedisSettings {
                url: SecretString::from(env.string("REDIS_URL", "redis://127.0.0.1:6379")),
                prefix: env.string("REDIS_PREFIX", "gp:"),
                pool_size: env.parse("REDIS_POOL_SIZE", 32usize)?.max(1),
                timeout: env.millis("REDIS_TIMEOUT_MS", 2000)?,
                stream_maxlen: env.parse("EVENT_STREAM_MAXLEN", 1000usize)?,
                stream_ttl: Duration::from_secs(env.parse("EVENT_STREAM_TTL_SECS", 86_400u64)?),
            },
            jwt: JwtSettings {
                jwks_url: env.url(
                    "AUTH_JWKS_URL",
                    &format!("{auth_url}/.well-known/jwks.json"),
                )?,
                issuer: env.string("JWT_ISSUER", "gameplatform-auth"),
                audience: env.string("JWT_AUDIENCE", "gameplatform"),
            },
            internal_token_secret: SecretString::from(
                env.string("INTERNAL_TOKEN_SECRET", DEV_INTERNAL_TOKEN_SECRET),
            ),
            peers,
        };
        settings.check(&env)?;
        Ok(settings)
    }

    /// Refuses settings that are unsafe in production, and nonsense in any mode.
    fn check(&self, env: &Env<'_>) -> anyhow::Result<()> {
        if self.http.workers == 0 {
            bail!("HTTP_WORKERS must be at least 1");
        }
        if self.redis.prefix.is_empty() || self.redis.prefix.contains(['*', '?', '[', ' ']) {
            bail!("REDIS_PREFIX must be non-empty and free of glob characters and spaces");
        }
        if self.env != AppEnv::Production {
            return Ok(());
        }
        let secret = self.internal_token_secret.expose_secret();
        if secret == DEV_INTERNAL_TOKEN_SECRET || secret.len() < 32 {
            bail!(
                "production refuses the development INTERNAL_TOKEN_SECRET: set a random secret of at least 32 bytes"
            );
        }
        let required: &[&str] = if self.service.has_database() {
            &["DATABASE_URL", "REDIS_URL", "AUTH_JWKS_URL"]
        } else {
            &["REDIS_URL", "AUTH_JWKS_URL"]
        };
        for key in required {
            if !env.is_set(key) {
                bail!("production requires {key} to be set explicitly");
            }
        }
        Ok(())
    }

    /// Base URL of a peer service (`<SERVICE>_URL`).
    pub fn peer(&self, service: ServiceName) -> &Url {
        &self.peers[service.index()]
    }

    /// True in production mode.
    pub fn is_production(&self) -> bool {
        self.env == AppEnv::Production
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::env_map as source;

    #[test]
    fn zero_configuration_gives_local_defaults() {
        let s = Settings::load(ServiceName::Gacha, &source(&[])).unwrap();
        assert_eq!(s.http.bind_addr, "127.0.0.1:8083");
        let db = s.database.as_ref().unwrap();
        assert_eq!(
            db.url.expose_secret(),
            "postgres://postgres@127.0.0.1:5432/gacha"
        );
        assert!(db.create_if_missing);
        assert_eq!(
            s.jwt.jwks_url.as_str(),
            "http://127.0.0.1:8081/.well-known/jwks.json"
        );
        assert_eq!(
            s.peer(ServiceName::Inventory).as_str(),
            "http://127.0.0.1:8082/"
        );
        assert_eq!(s.log_format, LogFormat::Pretty);
        assert!(
            Settings::load(ServiceName::Gateway, &source(&[]))
                .unwrap()
                .database
                .is_none()
        );
    }

    #[test]
    fn production_refuses_the_development_secret() {
        let base = [
            ("APP_ENV", "production"),
            ("DATABASE_URL", "postgres://u:p@db/auth"),
            ("REDIS_URL", "redis://cache:6379"),
            ("AUTH_JWKS_URL", "http://auth:8081/.well-known/jwks.json"),
        ];
        let err = Settings::load(ServiceName::Auth, &source(&base)).unwrap_err();
        assert!(err.to_string().contains("INTERNAL_TOKEN_SECRET"), "{err}");

        let mut ok = base.to_vec();
        ok.push((
            "INTERNAL_TOKEN_SECRET",
            "0123456789abcdef0123456789abcdef-prod",
        ));
        let s = Settings::load(ServiceName::Auth, &source(&ok)).unwrap();
        assert_eq!(s.log_format, LogFormat::Json);
        assert!(!s.database.unwrap().create_if_missing);
    }

    #[test]
    fn production_requires_explicit_addresses() {
        let s = source(&[
            ("APP_ENV", "production"),
            (
                "INTERNAL_TOKEN_SECRET",
                "0123456789abcdef0123456789abcdef-prod",
            ),
        ]);
        let err = Settings::load(ServiceName::Room, &s).unwrap_err();
        assert!(err.to_string().contains("DATABASE_URL"), "{err}");
    }

    #[test]
    fn invalid_values_name_the_variable() {
        let err = Settings::load(ServiceName::Ai, &source(&[("DATABASE_POOL_SIZE", "lots")]))
            .unwrap_err();
        assert!(err.to_string().contains("DATABASE_POOL_SIZE"), "{err}");
        let err = Settings::load(ServiceName::Ai, &source(&[("APP_ENV", "staging")])).unwrap_err();
        assert!(err.to_string().contains("APP_ENV"), "{err}");
        let err = Settings::load(ServiceName::Ai, &source(&[("REDIS_PREFIX", "a*")])).unwrap_err();
        assert!(err.to_string().contains("REDIS_PREFIX"), "{err}");
    }
}
