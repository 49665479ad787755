//! What an upload declares: parsed once, so handlers only see valid declarations.

use uuid::Uuid;

use super::content::{ContentRules, extension_of, is_content_type};
use super::is_sha256_hex;

/// Field-by-field validation failures: (field, message).
pub type ValidationErrors = Vec<(&'static str, String)>;

/// An upload as the client sent it (JSON body, or the seed's query parameters).
#[derive(Debug, Clone, Default)]
pub struct UploadSpecInput {
    /// File name for the CDN URL.
    pub filename: Option<String>,
    /// Exact type, or `type/*`; defaults to `<asset_type>/*` as the seed answered.
    pub content_type: Option<String>,
    /// Exact size in bytes, if known.
    pub size: Option<i64>,
    /// Lowercase hex SHA-256, if known.
    pub sha256: Option<String>,
    /// Asset kind.
    pub asset_type: Option<String>,
    /// Asset category.
    pub category: Option<String>,
    /// Public (stable CDN URL) or private (signed URLs only); public by default, as in the seed.
    pub is_public: Option<bool>,
    /// An existing asset to add a version to.
    pub asset_id: Option<Uuid>,
}

/// A valid upload declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadSpec {
    /// File name for the CDN URL (`[A-Za-z0-9._-]`, no leading dot), if given.
    pub filename: Option<String>,
    /// Exact type or `type/*`, allowed by configuration.
    pub content_type: String,
    /// Exact size, if declared.
    pub size: Option<i64>,
    /// SHA-256 (lowercase hex), if declared.
    pub sha256: Option<String>,
    /// Asset kind.
    pub asset_type: String,
    /// Asset category.
    pub category: String,
    /// Whether the asset is public.
    pub is_public: bool,
    /// An existing asset to add a version to.
    pub asset_id: Option<Uuid>,
}

/// A `[a-z0-9_-]` label of 1..=max characters.
fn is_label(s: &str, max: usize) -> bool {
    !s.is_empty()
        && s.len() <= max
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// A file name that is safe in a URL path segment and on any filesystem.
pub fn is_filename(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 128
        && !s.starts_with('.')
        && !s.contains("..")
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-')
}

impl UploadSpec {
    /// Checks every field against `rules`, reporting all problems at once.
    pub fn parse(input: UploadSpecInput, rules: &ContentRules) -> Result<Self, ValidationErrors> {
        let mut errors: ValidationErrors = Vec::new();
        let asset_type = input
            .asset_type
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        if !is_label(&asset_type, 32) {
            errors.push((
                "asset_type",
                "required: 1-32 characters of a-z, 0-9, _ and -".into(),
            ));
        }
        let category = input
            .category
            .unwrap_or_else(|| "general".into())
            .trim()
            .to_ascii_lowercase();
        if !is_label(&category, 64) {
            errors.push(("category", "1-64 characters of a-z, 0-9, _ and -".into()));
        }
        let content_type = input
            .content_type
            .map(|ct| ct.trim().to_ascii_lowercase())
            .unwrap_or_else(|| format!("{asset_type}/*"));
        if !is_content_type(&content_type) {
            errors.push((
                "content_type",
                "a type/subtype or type/* content type".into(),
            ));
        } else if !rules.allows_pattern(&content_type) {
            errors.push((
                "content_type",
                format!(
                    "not an allowed content type; allowed: {}",
                    rules.allowed.join(", ")
                ),
            ));
        }
        if let Some(size) = input.size
            && (size < 1 || size as u64 > rules.max_size)
        {
            errors.push(("size", format!("1 to {} bytes", rules.max_size)));
        }
        let sha256 = input.sha256.map(|s| s.trim().to_ascii_lowercase());
        if sha256.as_deref().is_some_and(|s| !is_sha256_hex(s)) {
            errors.push(("sha256", "64 hexadecimal characters".into()));
        }
        if input.filename.as_deref().is_some_and(|f| !is_filename(f)) {
            errors.push((
                "filename",
                "1-128 characters of A-Z, a-z, 0-9, '.', '_' and '-', not starting with '.' and without '..'".into(),
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(UploadSpec {
            filename: input.filename,
            content_type,
            size: input.size,
            sha256,
            asset_type,
            category,
            is_public: input.is_public.unwrap_or(true),
            asset_id: input.asset_id,
        })
    }
}

/// The file name a version is served under: the declared one, else `asset.<ext>` of its type.
pub fn served_filename(declared: &str, content_type: &str) -> String {
    if declared.is_empty() {
        format!("asset.{}", extension_of(content_type))
    } else {
        declared.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> ContentRules {
        ContentRules {
            max_size: 1000,
            allowed: vec!["image/png".into(), "text/plain".into()],
        }
    }

    #[test]
    fn the_seed_query_alone_declares_a_pattern_upload() {
        let spec = UploadSpec::parse(
            UploadSpecInput {
                asset_type: Some("image".into()),
                category: Some("characters".into()),
                ..Default::default()
            },
            &rules(),
        )
        .unwrap();
        assert_eq!(spec.content_type, "image/*");
        assert!(spec.is_public && spec.size.is_none() && spec.filename.is_none());
    }

    #[test]
    fn every_bad_field_is_reported() {
        let errors = UploadSpec::parse(
            UploadSpecInput {
                filename: Some("../etc/passwd".into()),
                content_type: Some("video/mp4".into()),
                size: Some(1001),
                sha256: Some("xyz".into()),
                asset_type: Some("Bad Type".into()),
                category: Some(String::new()),
                ..Default::default()
            },
            &rules(),
        )
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            [
                "asset_type",
                "category",
                "content_type",
                "size",
                "sha256",
                "filename"
            ]
        );
    }

    #[test]
    fn file_names_cannot_escape_or_hide() {
        for bad in ["..", ".env", "a/b", "a\\b", "a..b", "%2e%2e", "", "a b"] {
            assert!(!is_filename(bad), "{bad:?}");
        }
        assert!(is_filename("hero-01.v2.png"));
    }
}
