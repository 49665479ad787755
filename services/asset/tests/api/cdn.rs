//! `/cdn/...`: ranges, conditional requests, HEAD, and traversal attempts.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{path_of, png, sha256_hex, spawn_assets};

#[tokio::test]
async fn ranges_and_conditional_requests_are_answered_like_a_cdn() {
    let a = spawn_assets(&[]).await;
    let alice = a.player();
    let bytes = png(10_000);
    let asset = a.publish(&alice, json!({}), bytes.clone()).await;
    let path = path_of(asset["cdn_url"].as_str().unwrap());
    let etag = format!("\"{}\"", sha256_hex(&bytes));
    let get = |headers: Vec<(&'static str, String)>| {
        let mut req = a.app.client.get(a.app.url(&path));
        for (k, v) in headers {
            req = req.header(k, v);
        }
        req.send()
    };

    let res = get(vec![("range", "bytes=100-199".into())]).await.unwrap();
    assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(res.headers()["content-range"], "bytes 100-199/10000");
    assert_eq!(res.headers()["etag"], etag.as_str());
    assert_eq!(res.bytes().await.unwrap().as_ref(), &bytes[100..200]);

    let res = get(vec![("range", "bytes=-10".into())]).await.unwrap();
    assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(res.bytes().await.unwrap().as_ref(), &bytes[9990..]);

    let res = get(vec![("range", "bytes=20000-".into())]).await.unwrap();
    assert_eq!(res.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(res.headers()["content-range"], "bytes */10000");

    let res = get(vec![("if-none-match", etag.clone())]).await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(res.headers()["etag"], etag.as_str());
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let res = get(vec![("if-none-match", "\"something-else\"".into())])
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-length"], "10000");

    // If-Range: the range only while the client's copy is this content, else all of it.
    let res = get(vec![
        ("range", "bytes=100-199".into()),
        ("if-range", etag.clone()),
    ])
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(res.headers()["content-range"], "bytes 100-199/10000");
    assert_eq!(res.headers()["etag"], etag.as_str());
    assert_eq!(res.bytes().await.unwrap().as_ref(), &bytes[100..200]);
    let res = get(vec![
        ("range", "bytes=100-199".into()),
        ("if-range", "\"older-content\"".into()),
    ])
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-length"], "10000");
    assert_eq!(res.bytes().await.unwrap().as_ref(), &bytes[..]);
    let res = get(vec![
        ("range", "bytes=20000-".into()),
        ("if-range", etag.clone()),
    ])
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(res.headers()["content-range"], "bytes */10000");

    // If-Match: served when it names this content (or `*`), 412 otherwise, even over a 304.
    for tag in [etag.clone(), "*".to_owned(), format!("\"other\", {etag}")] {
        let res = get(vec![("if-match", tag.clone())]).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{tag}");
        assert_eq!(res.bytes().await.unwrap().as_ref(), &bytes[..]);
    }
    let res = get(vec![
        ("if-match", etag.clone()),
        ("range", "bytes=-10".into()),
    ])
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(res.bytes().await.unwrap().as_ref(), &bytes[9990..]);
    let res = get(vec![
        ("if-match", "\"other\"".into()),
        ("if-none-match", etag.clone()),
    ])
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::PRECONDITION_FAILED);
    assert_eq!(res.headers()["content-type"], "application/problem+json");

    let head = a.app.client.head(a.app.url(&path)).send().await.unwrap();
    assert_eq!(head.status(), StatusCode::OK);
    assert_eq!(head.headers()["content-length"], "10000");
    assert_eq!(head.headers()["content-type"], "image/png");

    // Another file name for the same version is not served.
    let wrong = path.replace("hero.png", "other.png");
    assert_eq!(a.get_as(None, &wrong).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn traversal_attempts_are_refused_whatever_the_encoding() {
    let a = spawn_assets(&[]).await;
    let alice = a.player();
    let asset = a.publish(&alice, json!({}), png(300)).await;
    let id = asset["asset_id"].as_str().unwrap();
    // A secret beside the storage root that a traversal would reach.
    std::fs::write(a.dir.join("secret.txt"), SECRET).unwrap();
    std::fs::write(a.dir.join("objects").join("secret.txt"), SECRET).unwrap();
    for attempt in [
        format!("/cdn/{id}/1/../../secret.txt"),
        format!("/cdn/{id}/1/..%2F..%2Fsecret.txt"),
        format!("/cdn/{id}/1/%2e%2e%2f%2e%2e%2fsecret.txt"),
        format!("/cdn/{id}/1/..%5c..%5csecret.txt"),
        format!("/cdn/{id}/1/..\\..\\secret.txt"),
        "/cdn/..%2F..%2Fsecret.txt/1/x".to_owned(),
        "/cdn/%2e%2e/%2e%2e/secret.txt".to_owned(),
        format!("/cdn/{id}/1/%2Fetc%2Fpasswd"),
        "/cdn//etc/passwd".to_owned(),
        format!("/cdn/{id}/1/{}", a.dir.join("secret.txt").display()),
        format!("/cdn/{id}/1/..%252F..%252Fsecret.txt"),
        format!("/cdn/{id}/1/hero.png%00.txt"),
        format!("/cdn/{id}/1%2F..%2F..%2Fsecret.txt/hero.png"),
    ] {
        // Sent as is: an HTTP client would normalise the dot segments away.
        let (status, body) = raw_get(a.app.port, &attempt).await;
        assert!((400..500).contains(&status), "{attempt} answered {status}");
        assert!(
            !body.windows(SECRET.len()).any(|w| w == SECRET),
            "{attempt} leaked the file"
        );
    }
}

const SECRET: &[u8] = b"TOP-SECRET-7f3a9c";

/// One HTTP/1.1 GET with the request target exactly as given; (status, body).
async fn raw_get(port: u16, target: &str) -> (u16, Vec<u8>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let request = format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let status = std::str::from_utf8(&answer[9..12])
        .unwrap()
        .parse()
        .unwrap();
    (status, answer)
}
