//! `/play/`: the demo client's static files (the built output of `clients/typescript/demo`),
//! served from the directory `GATEWAY_PLAY_DIR` names.
//!
//! Names with a content hash (`app-3F2A9C1B.js`, what the demo's build emits) never change, so
//! they are cached for a year as immutable; everything else (`index.html`) is revalidated on
//! every load with its ETag. Only plain names under the directory are served: no dot segments,
//! no hidden files, no symlinks out of it.

use std::path::{Path, PathBuf};

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse, web};
use common::Problem;
use sha2::{Digest, Sha256};

use crate::state::GatewayState;

/// The page's Content-Security-Policy: its own scripts and styles only, API calls and the
/// WebSocket to this origin, images also from `data:`/`blob:` (generated avatars).
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; \
    connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// Largest file served (the demo's bundle is far below it).
const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// `GET /play`: redirects to `/play/` so relative asset URLs resolve under it.
pub async fn redirect() -> HttpResponse {
    HttpResponse::PermanentRedirect()
        .insert_header((header::LOCATION, "/play/"))
        .finish()
}

/// `GET`/`HEAD /play/{tail}`: a file of the demo, `index.html` for the directory itself.
pub async fn serve(
    req: HttpRequest,
    tail: web::Path<String>,
    state: web::Data<GatewayState>,
) -> Result<HttpResponse, Problem> {
    let not_found = || Problem::not_found("not_found", "no such file in the demo");
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Err(
            Problem::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed")
                .public_detail("the demo's files are read with GET or HEAD"),
        );
    }
    let Some(root) = state.settings.play_dir.as_deref() else {
        return Err(not_found());
    };
    let relative = if tail.is_empty() {
        "index.html"
    } else {
        tail.as_str()
    };
    let path = resolve(root, relative).ok_or_else(not_found)?;
    let file = read(&path).await.ok_or_else(not_found)?;
    let etag = format!("\"{}\"", hex_prefix(&Sha256::digest(&file)));
    let immutable = is_hashed(relative);
    let cache = if immutable {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let unchanged = if_none_match(&req, &etag);
    let mut res = if unchanged {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    res.insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::REFERRER_POLICY, "no-referrer"));
    let kind = content_type(relative);
    if kind.starts_with("text/html") {
        res.insert_header((header::CONTENT_SECURITY_POLICY, CSP));
    }
    if unchanged {
        return Ok(res.finish());
    }
    res.insert_header((header::CONTENT_TYPE, HeaderValue::from_static(kind)));
    // For HEAD actix sends the headers (Content-Length included) and drops the body.
    Ok(res.body(file))
}

/// The file `relative` names under `root`, when every segment is a plain visible name.
fn resolve(root: &Path, relative: &str) -> Option<PathBuf> {
    let mut path = root.to_path_buf();
    for segment in relative.split('/') {
        let plain = !segment.is_empty()
            && !segment.starts_with('.')
            && segment
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if !plain {
            return None;
        }
        path.push(segment);
    }
    Some(path)
}

/// The bytes of a regular file (not a symlink) of bounded size.
async fn read(path: &Path) -> Option<Vec<u8>> {
    let meta = tokio::fs::symlink_metadata(path).await.ok()?;
    if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
        return None;
    }
    tokio::fs::read(path).await.ok()
}

/// Whether the client's `If-None-Match` lists `etag` (or `*`).
fn if_none_match(req: &HttpRequest, etag: &str) -> bool {
    req.headers()
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == etag || t == "*")
}

/// A name the build stamped with a content hash: `<name>-<8+ hex or base32 chars>.<ext>`.
fn is_hashed(relative: &str) -> bool {
    let name = relative.rsplit('/').next().unwrap_or_default();
    let Some((stem, _ext)) = name.rsplit_once('.') else {
        return false;
    };
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        hash.len() >= 8
            && hash
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    })
}

fn hex_prefix(digest: &[u8]) -> String {
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// The content type of a demo file, by extension; unknown ones are served as bytes.
fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json" | "map") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("webmanifest") => "application/manifest+json",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_names_resolve() {
        let root = Path::new("/srv/play");
        assert_eq!(
            resolve(root, "assets/app-ABCDEF12.js"),
            Some(PathBuf::from("/srv/play/assets/app-ABCDEF12.js"))
        );
        for bad in [
            "../etc/passwd",
            "a/../b",
            ".env",
            "a//b",
            "a\\b",
            "x%2e",
            "",
        ] {
            assert_eq!(resolve(root, bad), None, "{bad}");
        }
    }

    #[test]
    fn hashed_names_are_recognised() {
        assert!(is_hashed("app-3F2A9C1B.js"));
        assert!(is_hashed("assets/style-ABCDEFGH2.css"));
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("my-app.js"));
    }
}
