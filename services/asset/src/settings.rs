//! The asset service's own settings, read from environment variables beside the common ones
//! (`common::settings`). Every default makes a local run work with zero configuration.
//!
//! | variable | default |
//! |---|---|
//! | `ASSET_STORAGE` | `local`: bytes on this service's disk, served at `/cdn/...`; `s3`: any S3-compatible store, with presigned URLs straight to it |
//! | `ASSET_LOCAL_DIR` | `data/assets`: where the local backend keeps files (created if missing) |
//! | `ASSET_PUBLIC_URL` | `GATEWAY_URL` (`http://127.0.0.1:8080`): the origin clients reach this service's upload and `/cdn` URLs through |
//! | `ASSET_SIGNING_SECRET` | a development secret (refused in production; at least 32 bytes): HMAC key of the local upload and private download URLs |
//! | `ASSET_MAX_SIZE_BYTES` | `10485760` (10 MiB): largest upload |
//! | `ASSET_ALLOWED_TYPES` | `image/png,image/jpeg,image/gif,image/webp,audio/mpeg,audio/ogg,audio/x-wav,application/json,text/plain` |
//! | `ASSET_UPLOAD_URL_TTL_SECS` | `900`: lifetime of an upload URL |
//! | `ASSET_DOWNLOAD_URL_TTL_SECS` | `3600`: lifetime of a private asset's signed download URL |
//! | `ASSET_PURGE_GRACE_SECS` | `604800` (7 days): how long a deleted asset's bytes are kept |
//! | `ASSET_PURGE_INTERVAL_SECS` | `60`: how often the purge job looks for deleted assets past the grace period |
//! | `ASSET_MAX_LIST_LIMIT` | `1000`: most assets one list answer holds (the seed's bound); default page 100 |
//! | `ASSET_S3_ENDPOINT` | `http://127.0.0.1:9000` (S3 only) |
//! | `ASSET_S3_REGION` | `us-east-1` (S3 only) |
//! | `ASSET_S3_BUCKET` | `assets` (S3 only) |
//! | `ASSET_S3_ACCESS_KEY_ID`, `ASSET_S3_SECRET_ACCESS_KEY` | none; required with `ASSET_STORAGE=s3` |
//! | `ASSET_S3_PATH_STYLE` | `true`: `endpoint/bucket/key` URLs (MinIO, moto); `false` for virtual-hosted buckets |
//! | `ASSET_S3_PUBLIC_URL` | none: public assets get presigned GET URLs (valid `ASSET_DOWNLOAD_URL_TTL_SECS`); set it to a CDN or public-bucket origin to give them stable `<it>/<key>` URLs |

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use common::settings::{DEV_INTERNAL_TOKEN_SECRET, Env, ProcessEnv, ServiceSettings, Source};
use secrecy::{ExposeSecret, SecretString};
use url::Url;

use crate::domain::ContentRules;

/// The development default for `ASSET_SIGNING_SECRET`; production refuses it.
pub const DEV_SIGNING_SECRET: &str = "dev-asset-signing-secret-change-me-in-production";

/// The default allowed content types.
pub const DEFAULT_ALLOWED_TYPES: &str = "image/png,image/jpeg,image/gif,image/webp,audio/mpeg,audio/ogg,audio/x-wav,application/json,text/plain";

/// Which storage backend holds the bytes.
#[derive(Debug, Clone)]
pub enum StorageSettings {
    /// This service's disk.
    Local {
        /// Root directory.
        dir: PathBuf,
    },
    /// An S3-compatible store.
    S3(Box<S3Settings>),
}

/// Where and how to reach an S3-compatible store.
#[derive(Debug, Clone)]
pub struct S3Settings {
    /// Endpoint, e.g. `https://s3.eu-west-1.amazonaws.com` or a MinIO URL.
    pub endpoint: Url,
    /// Signing region.
    pub region: String,
    /// Bucket name.
    pub bucket: String,
    /// Access key id.
    pub access_key_id: String,
    /// Secret access key.
    pub secret_access_key: SecretString,
    /// Path-style (`endpoint/bucket/key`) rather than virtual-hosted URLs.
    pub path_style: bool,
    /// Origin serving the bucket publicly (a CDN), if any: public assets get `<it>/<key>`.
    pub public_url: Option<Url>,
}

/// The asset settings.
#[derive(Debug, Clone)]
pub struct AssetSettings {
    /// The storage backend.
    pub storage: StorageSettings,
    /// Origin of the upload and `/cdn` URLs handed to clients.
    pub public_url: Url,
    /// HMAC key of signed URLs.
    pub signing_secret: SecretString,
    /// Size and content-type limits.
    pub rules: ContentRules,
    /// Lifetime of an upload URL.
    pub upload_ttl: Duration,
    /// Lifetime of a private download URL.
    pub download_ttl: Duration,
    /// How long a deleted asset's bytes are kept.
    pub purge_grace: Duration,
    /// How often the purge job runs.
    pub purge_interval: Duration,
    /// Most assets per list answer.
    pub max_list_limit: i64,
}

impl ServiceSettings for AssetSettings {
    fn from_env() -> anyhow::Result<Self> {
        Self::load(&ProcessEnv)
    }
}

impl AssetSettings {
    /// Reads `source` (a map in tests) and refuses development secrets in production.
    pub fn load(source: &dyn Source) -> anyhow::Result<Self> {
        let env = Env(source);
        let production = matches!(
            env.string("APP_ENV", "development").as_str(),
            "production" | "prod"
        );
        let storage = match env.string("ASSET_STORAGE", "local").as_str() {
            "local" => StorageSettings::Local {
                dir: PathBuf::from(env.string("ASSET_LOCAL_DIR", "data/assets")),
            },
            "s3" => StorageSettings::S3(Box::new(S3Settings {
                endpoint: env.url("ASSET_S3_ENDPOINT", "http://127.0.0.1:9000")?,
                region: env.string("ASSET_S3_REGION", "us-east-1"),
                bucket: env.string("ASSET_S3_BUCKET", "assets"),
                access_key_id: source
                    .get("ASSET_S3_ACCESS_KEY_ID")
                    .context("ASSET_STORAGE=s3 requires ASSET_S3_ACCESS_KEY_ID")?,
                secret_access_key: SecretString::from(
                    source
                        .get("ASSET_S3_SECRET_ACCESS_KEY")
                        .context("ASSET_STORAGE=s3 requires ASSET_S3_SECRET_ACCESS_KEY")?,
                ),
                path_style: env.parse("ASSET_S3_PATH_STYLE", true)?,
                public_url: match source.get("ASSET_S3_PUBLIC_URL") {
                    Some(raw) => Some(Url::parse(&raw).context("ASSET_S3_PUBLIC_URL")?),
                    None => None,
                },
            })),
            other => bail!("ASSET_STORAGE={other:?} is invalid: use local or s3"),
        };
        let gateway = env.string("GATEWAY_URL", "http://127.0.0.1:8080");
        let public_url = env.url("ASSET_PUBLIC_URL", &gateway)?;
        let signing_secret =
            SecretString::from(env.string("ASSET_SIGNING_SECRET", DEV_SIGNING_SECRET));
        let secret = signing_secret.expose_secret();
        if production
            && (secret == DEV_SIGNING_SECRET
                || secret == DEV_INTERNAL_TOKEN_SECRET
                || secret.len() < 32)
        {
            bail!(
                "production refuses the development ASSET_SIGNING_SECRET: set a random secret of at least 32 bytes"
            );
        }
        let allowed: Vec<String> = env
            .string("ASSET_ALLOWED_TYPES", DEFAULT_ALLOWED_TYPES)
            .split(',')
            .map(|t| t.trim().to_ascii_lowercase())
            .filter(|t| !t.is_empty())
            .collect();
        if let Some(bad) = allowed
            .iter()
            .find(|t| !crate::domain::content::is_content_type(t) || t.ends_with("/*"))
        {
            bail!("ASSET_ALLOWED_TYPES: {bad:?} is not an exact content type");
        }
        let max_size: u64 = env.parse("ASSET_MAX_SIZE_BYTES", 10 * 1024 * 1024u64)?;
        if max_size == 0 {
            bail!("ASSET_MAX_SIZE_BYTES must be at least 1");
        }
        Ok(AssetSettings {
            storage,
            public_url,
            signing_secret,
            rules: ContentRules { max_size, allowed },
            upload_ttl: Duration::from_secs(
                env.parse("ASSET_UPLOAD_URL_TTL_SECS", 900u64)?
                    .clamp(1, 7 * 86_400),
            ),
            download_ttl: Duration::from_secs(
                env.parse("ASSET_DOWNLOAD_URL_TTL_SECS", 3600u64)?
                    .clamp(1, 7 * 86_400),
            ),
            purge_grace: Duration::from_secs(env.parse("ASSET_PURGE_GRACE_SECS", 604_800u64)?),
            purge_interval: Duration::from_secs(
                env.parse("ASSET_PURGE_INTERVAL_SECS", 60u64)?.max(1),
            ),
            max_list_limit: env.parse("ASSET_MAX_LIST_LIMIT", 1000i64)?.clamp(1, 10_000),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use common::settings::env_map;

    #[test]
    fn zero_configuration_is_local_with_the_default_limits() {
        let s = AssetSettings::load(&env_map(&[])).unwrap();
        assert!(matches!(s.storage, StorageSettings::Local { .. }));
        assert_eq!(s.rules.max_size, 10 * 1024 * 1024);
        assert!(s.rules.allows("image/png"));
        assert_eq!(s.public_url.as_str(), "http://127.0.0.1:8080/");
    }

    #[test]
    fn production_refuses_the_development_secret() {
        let err = AssetSettings::load(&env_map(&[("APP_ENV", "production")])).unwrap_err();
        assert!(err.to_string().contains("ASSET_SIGNING_SECRET"));
        let ok = AssetSettings::load(&env_map(&[
            ("APP_ENV", "production"),
            (
                "ASSET_SIGNING_SECRET",
                "0123456789abcdef0123456789abcdef-real",
            ),
        ]));
        assert!(ok.is_ok());
    }

    #[test]
    fn s3_needs_credentials_and_types_must_be_exact() {
        assert!(AssetSettings::load(&env_map(&[("ASSET_STORAGE", "s3")])).is_err());
        assert!(AssetSettings::load(&env_map(&[("ASSET_ALLOWED_TYPES", "image/*")])).is_err());
        assert!(AssetSettings::load(&env_map(&[("ASSET_STORAGE", "ftp")])).is_err());
    }
}
