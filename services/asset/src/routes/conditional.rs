//! `If-Match` and `If-Range` on `/cdn`, judged against the version's own strong ETag (its
//! SHA-256). actix-files judges both against its inode-based ETag, which `/cdn` switches off,
//! so it would refuse every `If-Match` and ignore every matching `If-Range`: requests carrying
//! either are answered here instead.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::PathBuf;

use actix_files::HttpRange;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, EntityTag, HeaderValue, IfMatch, IfRange};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, ResponseError, web};
use common::Problem;

use crate::error::AssetError;

/// Bytes read per chunk of a streamed answer.
const CHUNK: u64 = 64 * 1024;

/// What a request's `If-Match` and `If-Range` ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conditional {
    /// Neither header (or one that does not parse): the ordinary path serves it.
    Absent,
    /// `If-Match` names other content: 412.
    Refuse,
    /// Serve here; honour `Range` only when `If-Range` (if any) names this content.
    Serve {
        /// Whether the `Range` header applies.
        range: bool,
    },
}

/// Judges the request's `If-Match` and `If-Range` against `etag`.
pub fn evaluate(req: &HttpRequest, etag: &EntityTag) -> Conditional {
    let if_match = req.get_header::<IfMatch>();
    if let Some(IfMatch::Items(tags)) = &if_match
        && !tags.iter().any(|t| t.strong_eq(etag))
    {
        return Conditional::Refuse;
    }
    let if_range = req.get_header::<IfRange>();
    if if_match.is_none() && if_range.is_none() {
        return Conditional::Absent;
    }
    let range = match if_range {
        None => true,
        Some(IfRange::EntityTag(tag)) => tag.strong_eq(etag),
        // Our validator is the ETag; a date cannot prove the client holds these bytes.
        Some(IfRange::Date(_)) => false,
    };
    Conditional::Serve { range }
}

/// The 412 for an `If-Match` naming other content.
pub fn precondition_failed() -> HttpResponse {
    Problem::new(StatusCode::PRECONDITION_FAILED, "precondition_failed")
        .detail("If-Match does not name this version's content")
        .error_response()
}

/// The 416 as problem+json, with the `Content-Range` that says how long the file is.
pub fn unsatisfiable(content_range: Option<HeaderValue>) -> HttpResponse {
    let mut refused = Problem::new(StatusCode::RANGE_NOT_SATISFIABLE, "range_not_satisfiable")
        .detail("the requested range is outside the file")
        .error_response();
    if let Some(range) = content_range {
        refused.headers_mut().insert(header::CONTENT_RANGE, range);
    }
    refused
}

/// The file, or the first range of `Range` when `range` is set, streamed from disk.
pub async fn serve(
    req: &HttpRequest,
    path: PathBuf,
    content_type: actix_web::mime::Mime,
    range: bool,
) -> Result<HttpResponse, AssetError> {
    let (file, size) = web::block(move || {
        let file = File::open(&path)?;
        let size = file.metadata()?.len();
        Ok::<_, std::io::Error>((file, size))
    })
    .await
    .map_err(|e| AssetError::internal(anyhow::anyhow!("{e}")))?
    .map_err(|e| AssetError::Storage(anyhow::Error::new(e).context("opening a version")))?;
    let wanted = range
        .then(|| req.headers().get(header::RANGE))
        .flatten()
        .and_then(|v| v.to_str().ok());
    let (status, start, length) = match wanted {
        None => (StatusCode::OK, 0, size),
        Some(spec) => match HttpRange::parse(spec, size)
            .ok()
            .and_then(|r| r.first().copied())
        {
            Some(r) if r.length > 0 => (StatusCode::PARTIAL_CONTENT, r.start, r.length),
            _ => {
                let total = HeaderValue::from_str(&format!("bytes */{size}")).ok();
                return Ok(unsatisfiable(total));
            }
        },
    };
    let mut res = HttpResponse::build(status);
    res.content_type(content_type)
        .insert_header((header::ACCEPT_RANGES, "bytes"));
    if status == StatusCode::PARTIAL_CONTENT {
        let end = start + length - 1;
        res.insert_header((header::CONTENT_RANGE, format!("bytes {start}-{end}/{size}")));
    }
    Ok(res
        .no_chunking(length)
        .streaming(chunks(file, start, length)))
}

/// `length` bytes of `file` from `start`, a chunk at a time. Read on the worker, as `/cdn`
/// reads small files: versions are almost always in the page cache.
fn chunks(
    file: File,
    start: u64,
    length: u64,
) -> impl futures_util::Stream<Item = Result<web::Bytes, actix_web::Error>> {
    futures_util::stream::try_unfold(
        (file, Some(start), length),
        |(mut file, seek, left)| async move {
            if left == 0 {
                return Ok(None);
            }
            if let Some(at) = seek {
                file.seek(SeekFrom::Start(at))?;
            }
            let mut buf = vec![0; left.min(CHUNK) as usize];
            file.read_exact(&mut buf)?;
            let next = left - buf.len() as u64;
            Ok(Some((web::Bytes::from(buf), (file, None, next))))
        },
    )
}
