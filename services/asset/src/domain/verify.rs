//! Checking bytes as they arrive: size limit, declared size and hash, and the magic of the
//! first bytes, so an oversized or mislabelled upload is cut off without being buffered.

use sha2::{Digest, Sha256};

use super::content::{ContentError, ContentRules, SNIFF_BYTES};
use super::to_hex;

/// Why bytes do not match what their upload was bound to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UploadError {
    /// Over the limit, or not of an allowed/declared type.
    #[error(transparent)]
    Content(#[from] ContentError),
    /// A different size than declared.
    #[error("{actual} bytes arrived but {declared} were declared")]
    SizeMismatch {
        /// The declared size.
        declared: i64,
        /// What arrived.
        actual: u64,
    },
    /// A different SHA-256 than declared.
    #[error("the content's SHA-256 is {actual}, not the declared {declared}")]
    HashMismatch {
        /// The declared hash.
        declared: String,
        /// The hash of what arrived.
        actual: String,
    },
    /// Nothing arrived.
    #[error("the upload is empty")]
    Empty,
}

/// The facts established about a complete upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The sniffed content type.
    pub content_type: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256, lowercase hex.
    pub sha256: String,
}

/// Feeds on the bytes of one upload in order.
#[derive(Clone)]
pub struct Verifier {
    rules: ContentRules,
    declared_type: String,
    declared_size: Option<i64>,
    declared_sha256: Option<String>,
    limit: u64,
    hasher: Sha256,
    size: u64,
    head: Vec<u8>,
    content_type: Option<String>,
}

impl Verifier {
    /// A verifier for an upload bound to `declared_type` (type or `type/*`) and optionally an
    /// exact size and hash.
    pub fn new(
        rules: &ContentRules,
        declared_type: &str,
        declared_size: Option<i64>,
        declared_sha256: Option<&str>,
    ) -> Self {
        let limit = declared_size
            .and_then(|s| u64::try_from(s).ok())
            .map_or(rules.max_size, |s| s.min(rules.max_size));
        Verifier {
            rules: rules.clone(),
            declared_type: declared_type.to_owned(),
            declared_size,
            declared_sha256: declared_sha256.map(str::to_owned),
            limit,
            hasher: Sha256::new(),
            size: 0,
            head: Vec::new(),
            content_type: None,
        }
    }

    /// The most bytes this upload may have.
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// Takes the next chunk; fails as soon as the size limit is crossed or, once enough bytes
    /// arrived to sniff, the type is wrong.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), UploadError> {
        self.size += chunk.len() as u64;
        if self.size > self.limit {
            return Err(match self.declared_size {
                Some(declared) if (declared as u64) < self.rules.max_size => {
                    UploadError::SizeMismatch {
                        declared,
                        actual: self.size,
                    }
                }
                _ => ContentError::TooLarge { limit: self.limit }.into(),
            });
        }
        self.hasher.update(chunk);
        if self.content_type.is_none() {
            let take = (SNIFF_BYTES - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
            if self.head.len() >= SNIFF_BYTES {
                self.sniff()?;
            }
        }
        Ok(())
    }

    fn sniff(&mut self) -> Result<(), UploadError> {
        let ct = self.rules.resolve(&self.declared_type, &self.head)?;
        self.content_type = Some(ct);
        self.head = Vec::new();
        Ok(())
    }

    /// All bytes arrived: checks the declared size and hash.
    pub fn finish(mut self) -> Result<Checked, UploadError> {
        if self.size == 0 {
            return Err(UploadError::Empty);
        }
        if self.content_type.is_none() {
            self.sniff()?;
        }
        if let Some(declared) = self.declared_size
            && declared as u64 != self.size
        {
            return Err(UploadError::SizeMismatch {
                declared,
                actual: self.size,
            });
        }
        let sha256 = to_hex(&self.hasher.finalize());
        if let Some(declared) = self.declared_sha256
            && declared != sha256
        {
            return Err(UploadError::HashMismatch {
                declared,
                actual: sha256,
            });
        }
        Ok(Checked {
            content_type: self.content_type.unwrap_or_default(),
            size: self.size,
            sha256,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> ContentRules {
        ContentRules {
            max_size: 10,
            allowed: vec!["text/plain".into()],
        }
    }

    const HELLO_SHA: &str = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    #[test]
    fn a_matching_upload_passes_in_chunks() {
        let mut v = Verifier::new(&rules(), "text/plain", Some(5), Some(HELLO_SHA));
        v.feed(b"he").unwrap();
        v.feed(b"llo").unwrap();
        let c = v.finish().unwrap();
        assert_eq!(
            (c.size, c.sha256.as_str(), c.content_type.as_str()),
            (5, HELLO_SHA, "text/plain")
        );
    }

    #[test]
    fn the_limit_cuts_off_at_the_first_byte_too_many() {
        let mut v = Verifier::new(&rules(), "text/plain", None, None);
        v.feed(b"0123456789").unwrap();
        assert!(matches!(
            v.feed(b"x"),
            Err(UploadError::Content(ContentError::TooLarge { limit: 10 }))
        ));
        let mut v = Verifier::new(&rules(), "text/plain", Some(3), None);
        assert!(matches!(
            v.feed(b"hello"),
            Err(UploadError::SizeMismatch { declared: 3, .. })
        ));
    }

    #[test]
    fn short_or_different_content_is_refused() {
        let mut v = Verifier::new(&rules(), "text/plain", Some(6), None);
        v.feed(b"hello").unwrap();
        assert!(matches!(v.finish(), Err(UploadError::SizeMismatch { .. })));
        let mut v = Verifier::new(&rules(), "text/plain", None, Some(&"0".repeat(64)));
        v.feed(b"hello").unwrap();
        assert!(matches!(v.finish(), Err(UploadError::HashMismatch { .. })));
        assert_eq!(
            Verifier::new(&rules(), "text/plain", None, None).finish(),
            Err(UploadError::Empty)
        );
    }
}
