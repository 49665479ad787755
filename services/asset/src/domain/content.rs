//! Content types and sizes: what configuration allows, and what the bytes' magic says.

/// How many leading bytes the sniffer looks at.
pub const SNIFF_BYTES: usize = 8192;

/// Why some bytes are refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContentError {
    /// More bytes than the limit (or than the declared size).
    #[error("the upload is larger than {limit} bytes")]
    TooLarge {
        /// The limit that was crossed.
        limit: u64,
    },
    /// The bytes' magic names a type that is not allowed or not the declared one.
    #[error("the content looks like {sniffed} but {declared} was declared")]
    TypeMismatch {
        /// What the upload was bound to.
        declared: String,
        /// What the magic says (`unknown` when nothing matched).
        sniffed: String,
    },
}

/// The configured limits on uploads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentRules {
    /// Largest accepted upload in bytes.
    pub max_size: u64,
    /// Allowed content types (exact, lowercase).
    pub allowed: Vec<String>,
}

impl ContentRules {
    /// Whether `ct` (exact) is allowed.
    pub fn allows(&self, ct: &str) -> bool {
        self.allowed.iter().any(|a| a == ct)
    }

    /// Whether a declared type or `type/*` pattern could name any allowed type.
    pub fn allows_pattern(&self, pattern: &str) -> bool {
        match pattern.strip_suffix("/*") {
            Some(major) => self
                .allowed
                .iter()
                .any(|a| a.split('/').next() == Some(major)),
            None => self.allows(pattern),
        }
    }

    /// The content type of an upload bound to `declared` (a type or `type/*`) whose first bytes
    /// are `head`: the sniffed type, which must be allowed and match the declaration. Types
    /// without magic (text, JSON) are accepted only when declared exactly and when no binary
    /// signature matches, so a PNG cannot be smuggled in as `text/plain`.
    pub fn resolve(&self, declared: &str, head: &[u8]) -> Result<String, ContentError> {
        let mismatch = |sniffed: &str| ContentError::TypeMismatch {
            declared: declared.to_owned(),
            sniffed: sniffed.to_owned(),
        };
        match infer::get(head).map(|t| t.mime_type()) {
            Some(sniffed) => {
                if self.allows(sniffed) && matches_pattern(declared, sniffed) {
                    Ok(sniffed.to_owned())
                } else {
                    Err(mismatch(sniffed))
                }
            }
            None if has_no_magic(declared) && self.allows(declared) => Ok(declared.to_owned()),
            None => Err(mismatch("unknown")),
        }
    }
}

/// Whether `ct` matches `pattern` (`image/png` or `image/*`).
pub fn matches_pattern(pattern: &str, ct: &str) -> bool {
    match pattern.strip_suffix("/*") {
        Some(major) => ct.split('/').next() == Some(major),
        None => pattern == ct,
    }
}

/// Types the sniffer cannot recognise by design: their bytes are plain text.
fn has_no_magic(ct: &str) -> bool {
    ct.starts_with("text/") || ct == "application/json"
}

/// Whether `s` is a plausible, lowercase `type/subtype` or `type/*`.
pub fn is_content_type(s: &str) -> bool {
    let Some((major, minor)) = s.split_once('/') else {
        return false;
    };
    let token = |t: &str| {
        !t.is_empty()
            && t.len() <= 64
            && t.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"+-.".contains(&b))
    };
    token(major) && (minor == "*" || token(minor))
}

/// The usual file extension of a sniffed or declared type, for default file names.
pub fn extension_of(ct: &str) -> &'static str {
    match ct {
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "audio/mpeg" => "mp3",
        "audio/ogg" => "ogg",
        "audio/x-wav" => "wav",
        "application/json" => "json",
        "text/plain" => "txt",
        _ => "bin",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

    fn rules() -> ContentRules {
        ContentRules {
            max_size: 1024,
            allowed: vec![
                "image/png".into(),
                "text/plain".into(),
                "application/json".into(),
            ],
        }
    }

    #[test]
    fn the_magic_decides_the_type() {
        assert_eq!(rules().resolve("image/png", PNG).unwrap(), "image/png");
        assert_eq!(rules().resolve("image/*", PNG).unwrap(), "image/png");
        assert_eq!(
            rules().resolve("text/plain", b"hello").unwrap(),
            "text/plain"
        );
    }

    #[test]
    fn a_png_declared_as_text_or_jpeg_is_refused() {
        assert!(matches!(
            rules().resolve("text/plain", PNG),
            Err(ContentError::TypeMismatch { .. })
        ));
        assert!(rules().resolve("image/jpeg", PNG).is_err());
        // Text declared as an image has no image magic.
        assert!(rules().resolve("image/png", b"not a png").is_err());
        assert!(rules().resolve("image/*", b"not a png").is_err());
    }

    #[test]
    fn patterns_and_types_are_checked() {
        let r = rules();
        assert!(r.allows_pattern("image/*") && r.allows_pattern("image/png"));
        assert!(!r.allows_pattern("video/*") && !r.allows_pattern("image/gif"));
        assert!(is_content_type("image/*") && is_content_type("application/vnd.x+json"));
        assert!(
            !is_content_type("image") && !is_content_type("Image/PNG") && !is_content_type("a/b c")
        );
    }
}
