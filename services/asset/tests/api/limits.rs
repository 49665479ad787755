//! Uploads refused: tampered, forged and expired URLs, hash and size mismatches, and an
//! oversized stream cut off at the limit.

use futures_util::StreamExt;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use testkit::conformance::assert_problem;

use crate::helpers::{path_of, png, sha256_hex, spawn_assets};

#[tokio::test]
async fn tampered_forged_and_expired_signatures_are_refused() {
    let a = spawn_assets(&[("ASSET_UPLOAD_URL_TTL_SECS", "1")]).await;
    let alice = a.player();
    let bytes = png(100);
    let upload = a
        .upload(
            &alice,
            &json!({"content_type": "image/png", "size": 100, "asset_type": "image"}),
        )
        .await;
    let url = upload["upload_url"].as_str().unwrap();
    let put_to = |url: String| {
        let a = &a;
        let bytes = bytes.clone();
        async move {
            a.app
                .client
                .put(a.app.url(&path_of(&url)))
                .header("content-type", "image/png")
                .body(bytes)
                .send()
                .await
                .unwrap()
        }
    };
    // A later expiry, another version, a flipped signature digit, no signature.
    let later = url.replace("expires=", "expires=9");
    assert_problem(
        put_to(later).await,
        StatusCode::FORBIDDEN,
        "invalid_signature",
    )
    .await;
    let other_version = url.replace("/versions/1/", "/versions/2/");
    assert_problem(
        put_to(other_version).await,
        StatusCode::FORBIDDEN,
        "invalid_signature",
    )
    .await;
    let sig_at = url.find("sig=").unwrap() + 4;
    let mut forged = url.to_owned();
    let flipped = if &url[sig_at..sig_at + 1] == "0" {
        "1"
    } else {
        "0"
    };
    forged.replace_range(sig_at..sig_at + 1, flipped);
    assert_problem(
        put_to(forged).await,
        StatusCode::FORBIDDEN,
        "invalid_signature",
    )
    .await;
    let unsigned = url.split('?').next().unwrap().to_owned();
    assert_problem(
        put_to(unsigned).await,
        StatusCode::BAD_REQUEST,
        "invalid_query",
    )
    .await;
    // A different Content-Type than the URL was issued for.
    let res = a
        .app
        .client
        .put(a.app.url(&path_of(url)))
        .header("content-type", "image/gif")
        .body(bytes.clone())
        .send()
        .await
        .unwrap();
    assert_problem(
        res,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "content_type_mismatch",
    )
    .await;

    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    assert_problem(
        put_to(url.to_owned()).await,
        StatusCode::FORBIDDEN,
        "url_expired",
    )
    .await;
    assert!(a.stored_objects().is_empty());
}

#[tokio::test]
async fn a_hash_or_size_mismatch_is_refused_and_nothing_becomes_current() {
    let a = spawn_assets(&[]).await;
    let alice = a.player();
    let bytes = png(2000);
    let upload = a
        .upload(
            &alice,
            &json!({"content_type": "image/png", "size": 2000,
            "sha256": sha256_hex(&png(1999)), "asset_type": "image"}),
        )
        .await;
    assert_problem(
        a.put(&upload, bytes.clone()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "hash_mismatch",
    )
    .await;
    assert_problem(
        a.complete(&alice, &upload).await,
        StatusCode::CONFLICT,
        "upload_missing",
    )
    .await;

    let upload = a
        .upload(
            &alice,
            &json!({"content_type": "image/png", "size": 2001, "asset_type": "image"}),
        )
        .await;
    assert_problem(
        a.put(&upload, bytes.clone()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "size_mismatch",
    )
    .await;
    let upload = a
        .upload(
            &alice,
            &json!({"content_type": "image/png", "size": 1000, "asset_type": "image"}),
        )
        .await;
    assert_problem(
        a.put(&upload, bytes).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "size_mismatch",
    )
    .await;

    let id = upload["asset_id"].as_str().unwrap();
    let seen: Value = a
        .get_as(Some(&alice.token), &format!("/api/assets/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(seen["current_version"], Value::Null);
    assert!(a.stored_objects().is_empty());
    assert!(
        std::fs::read_dir(a.dir.join("tmp"))
            .unwrap()
            .next()
            .is_none(),
        "temporary files are removed"
    );
}

#[tokio::test]
async fn an_oversized_stream_is_cut_off_at_the_limit_without_being_buffered() {
    let a = spawn_assets(&[("ASSET_MAX_SIZE_BYTES", "65536")]).await;
    let alice = a.player();
    let upload = a
        .upload(
            &alice,
            &json!({"asset_type": "image", "content_type": "image/png"}),
        )
        .await;
    assert_eq!(upload["max_size"], 65536);

    // A declared length over the limit is refused before the body is read.
    assert_problem(
        a.put(&upload, png(70_000)).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
    )
    .await;

    // A chunked body of 64 MiB with no declared length: cut off once it crosses 64 KiB.
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = sent.clone();
    let first = png(16 * 1024);
    let chunks = futures_util::stream::iter(0..4096).map(move |i| {
        let chunk = if i == 0 {
            first.clone()
        } else {
            vec![7u8; 16 * 1024]
        };
        counter.fetch_add(chunk.len(), Ordering::SeqCst);
        Ok::<_, std::io::Error>(chunk)
    });
    let res = a
        .app
        .client
        .put(a.app.url(&path_of(upload["upload_url"].as_str().unwrap())))
        .header("content-type", "image/png")
        .body(reqwest::Body::wrap_stream(chunks))
        .send()
        .await;
    match res {
        Ok(res) => {
            assert_problem(res, StatusCode::PAYLOAD_TOO_LARGE, "too_large").await;
        }
        // The server may close the connection before the client reads its answer.
        Err(e) => assert!(e.is_request() || e.is_body(), "{e}"),
    };
    let sent = sent.load(Ordering::SeqCst);
    assert!(
        sent < 16 * 1024 * 1024,
        "the client sent {sent} bytes before being cut off"
    );
    assert!(a.stored_objects().is_empty());
    assert_problem(
        a.complete(&alice, &upload).await,
        StatusCode::CONFLICT,
        "upload_missing",
    )
    .await;
}
