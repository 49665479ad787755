//! The asset rules, free of I/O: what an upload may declare, what its bytes must be, and the
//! signatures that bind URLs to a version.

pub mod content;
pub mod signing;
pub mod thumbnail;
pub mod upload;
pub mod verify;

pub use content::{ContentError, ContentRules, SNIFF_BYTES};
pub use signing::{SignatureError, UrlSigner};
pub use upload::{UploadSpec, UploadSpecInput, ValidationErrors};
pub use verify::{Checked, UploadError, Verifier};

/// Lowercase hex of `bytes` (SHA-256 digests, signatures).
pub fn to_hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Whether `s` is a lowercase hex SHA-256 digest (64 characters).
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}
