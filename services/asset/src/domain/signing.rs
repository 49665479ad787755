//! HMAC-SHA256 signatures binding a URL to one version, an operation and an expiry.
//!
//! The upload signature covers everything the upload is bound to (size, content type, hash), so a
//! URL cannot be reused for other bytes or another version, and changing any query parameter
//! breaks it.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use uuid::Uuid;

use super::to_hex;

type HmacSha256 = Hmac<Sha256>;

/// Why a signed URL is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// The signature does not match (tampered, forged or for another version).
    #[error("invalid signature")]
    Invalid,
    /// The URL's time is up.
    #[error("the URL has expired")]
    Expired,
}

/// What an upload URL is bound to.
#[derive(Debug, Clone, Copy)]
pub struct UploadBinding<'a> {
    /// The asset.
    pub asset_id: Uuid,
    /// The version.
    pub version: i32,
    /// Exact size, if declared.
    pub size: Option<i64>,
    /// Content type or pattern.
    pub content_type: &'a str,
    /// SHA-256, if declared.
    pub sha256: Option<&'a str>,
    /// Unix seconds after which the URL is refused.
    pub expires: i64,
}

/// Signs and verifies URLs with the service's secret.
#[derive(Clone)]
pub struct UrlSigner {
    /// Keyed once; cloned per signature.
    keyed: HmacSha256,
}

impl std::fmt::Debug for UrlSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UrlSigner(..)")
    }
}

impl UrlSigner {
    /// A signer with `secret` (HMAC takes keys of any length; an error would be a bug).
    pub fn new(secret: &[u8]) -> Result<Self, hmac::digest::InvalidLength> {
        Ok(UrlSigner {
            keyed: HmacSha256::new_from_slice(secret)?,
        })
    }

    fn mac(&self, message: &str) -> HmacSha256 {
        let mut mac = self.keyed.clone();
        mac.update(message.as_bytes());
        mac
    }

    fn verify(
        &self,
        message: &str,
        sig: &str,
        expires: i64,
        now: DateTime<Utc>,
    ) -> Result<(), SignatureError> {
        let bytes = from_hex(sig).ok_or(SignatureError::Invalid)?;
        // Constant-time comparison; checked before the expiry so a forged URL is always "invalid".
        self.mac(message)
            .verify_slice(&bytes)
            .map_err(|_| SignatureError::Invalid)?;
        if now.timestamp() > expires {
            return Err(SignatureError::Expired);
        }
        Ok(())
    }

    fn upload_message(b: &UploadBinding<'_>) -> String {
        format!(
            "put\n{}\n{}\n{}\n{}\n{}\n{}",
            b.asset_id,
            b.version,
            b.size.map_or_else(|| "-".to_owned(), |s| s.to_string()),
            b.content_type,
            b.sha256.unwrap_or("-"),
            b.expires
        )
    }

    /// The signature of an upload URL.
    pub fn sign_upload(&self, binding: &UploadBinding<'_>) -> String {
        to_hex(
            &self
                .mac(&Self::upload_message(binding))
                .finalize()
                .into_bytes(),
        )
    }

    /// Checks an upload URL's signature, then its expiry.
    pub fn verify_upload(
        &self,
        binding: &UploadBinding<'_>,
        sig: &str,
        now: DateTime<Utc>,
    ) -> Result<(), SignatureError> {
        self.verify(&Self::upload_message(binding), sig, binding.expires, now)
    }

    fn download_message(asset_id: Uuid, version: i32, expires: i64) -> String {
        format!("get\n{asset_id}\n{version}\n{expires}")
    }

    /// The signature of a private download URL.
    pub fn sign_download(&self, asset_id: Uuid, version: i32, expires: i64) -> String {
        to_hex(
            &self
                .mac(&Self::download_message(asset_id, version, expires))
                .finalize()
                .into_bytes(),
        )
    }

    /// Checks a private download URL.
    pub fn verify_download(
        &self,
        asset_id: Uuid,
        version: i32,
        expires: i64,
        sig: &str,
        now: DateTime<Utc>,
    ) -> Result<(), SignatureError> {
        self.verify(
            &Self::download_message(asset_id, version, expires),
            sig,
            expires,
            now,
        )
    }
}

fn from_hex(s: &str) -> Option<Vec<u8>> {
    if s.len() != 64 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binding(expires: i64) -> UploadBinding<'static> {
        UploadBinding {
            asset_id: Uuid::nil(),
            version: 1,
            size: Some(10),
            content_type: "image/png",
            sha256: None,
            expires,
        }
    }

    #[test]
    fn upload_signatures_bind_every_field_and_expire() {
        let signer = UrlSigner::new(b"secret").unwrap();
        let now = Utc::now();
        let exp = now.timestamp() + 60;
        let sig = signer.sign_upload(&binding(exp));
        assert_eq!(signer.verify_upload(&binding(exp), &sig, now), Ok(()));
        let bigger = UploadBinding {
            size: Some(11),
            ..binding(exp)
        };
        assert_eq!(
            signer.verify_upload(&bigger, &sig, now),
            Err(SignatureError::Invalid)
        );
        assert_eq!(
            signer.verify_upload(&binding(exp + 1), &sig, now),
            Err(SignatureError::Invalid)
        );
        let later = now + chrono::Duration::seconds(61);
        assert_eq!(
            signer.verify_upload(&binding(exp), &sig, later),
            Err(SignatureError::Expired)
        );
        let other = UrlSigner::new(b"other").unwrap();
        assert_eq!(
            other.verify_upload(&binding(exp), &sig, now),
            Err(SignatureError::Invalid)
        );
        assert_eq!(
            signer.verify_upload(&binding(exp), "zz", now),
            Err(SignatureError::Invalid)
        );
    }

    #[test]
    fn download_signatures_are_per_version() {
        let signer = UrlSigner::new(b"secret").unwrap();
        let now = Utc::now();
        let exp = now.timestamp() + 60;
        let sig = signer.sign_download(Uuid::nil(), 1, exp);
        assert!(
            signer
                .verify_download(Uuid::nil(), 1, exp, &sig, now)
                .is_ok()
        );
        assert!(
            signer
                .verify_download(Uuid::nil(), 2, exp, &sig, now)
                .is_err()
        );
    }
}
