//! `/play/`: the demo client's static files, with their content types and cache headers.

use std::path::Path;

use crate::helpers::gateway_to;

fn demo_dir() -> tempfile_dir::Dir {
    tempfile_dir::Dir::new()
}

/// A scratch directory removed when dropped (std only: the gateway has no tempfile dependency).
mod tempfile_dir {
    use std::path::{Path, PathBuf};

    pub struct Dir(PathBuf);

    impl Dir {
        pub fn new() -> Self {
            let path = std::env::temp_dir().join(format!("gp-play-{}", uuid::Uuid::new_v4()));
            std::fs::create_dir_all(path.join("assets")).unwrap();
            Dir(path)
        }
        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn write(root: &Path, name: &str, body: &str) {
    std::fs::write(root.join(name), body).unwrap();
}

#[tokio::test]
async fn play_serves_the_demo_with_types_and_cache_headers() {
    let dir = demo_dir();
    write(
        dir.path(),
        "index.html",
        "<!doctype html><title>demo</title>",
    );
    write(dir.path(), "assets/app-ABCDEF12.js", "console.log(1)");
    write(dir.path(), "assets/app-ABCDEF12.css", "body{}");
    write(dir.path(), ".secret", "no");
    let root = dir.path().to_str().unwrap();
    let gw = gateway_to("http://127.0.0.1:9", &[("GATEWAY_PLAY_DIR", root)]).await;

    let res = gw.client.get(gw.url("/play")).send().await.unwrap();
    assert_eq!(res.status(), 308);
    assert_eq!(res.headers()["location"], "/play/");

    let res = gw.client.get(gw.url("/play/")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/html; charset=utf-8");
    assert_eq!(res.headers()["cache-control"], "no-cache");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert!(
        res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'self'")
    );
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(
        res.text().await.unwrap(),
        "<!doctype html><title>demo</title>"
    );

    // Revalidation answers 304 without the body.
    let res = gw
        .client
        .get(gw.url("/play/index.html"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 304);
    assert!(res.bytes().await.unwrap().is_empty());

    let res = gw
        .client
        .get(gw.url("/play/assets/app-ABCDEF12.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(res.headers().get("content-security-policy").is_none());
    let res = gw
        .client
        .get(gw.url("/play/assets/app-ABCDEF12.css"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "text/css; charset=utf-8");

    let res = gw
        .client
        .head(gw.url("/play/assets/app-ABCDEF12.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-length"], "14");

    // Missing, hidden and escaping names are 404 problems; other methods 405.
    for path in [
        "/play/nope.js",
        "/play/.secret",
        "/play/assets/",
        "/play/assets",
    ] {
        let res = gw.client.get(gw.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 404, "{path}");
        assert_eq!(
            res.headers()["content-type"],
            "application/problem+json",
            "{path}"
        );
    }
    assert_eq!(
        crate::helpers::raw_status(gw.port, "/play/../Cargo.toml"),
        404
    );
    assert_eq!(
        crate::helpers::raw_status(gw.port, "/play/%2e%2e/Cargo.toml"),
        404
    );
    let res = gw.client.post(gw.url("/play/")).send().await.unwrap();
    assert_eq!(res.status(), 405);
}

#[tokio::test]
async fn play_is_off_with_an_empty_dir_and_the_default_serves_the_committed_build() {
    let gw = gateway_to("http://127.0.0.1:9", &[("GATEWAY_PLAY_DIR", "")]).await;
    let res = gw.client.get(gw.url("/play/")).send().await.unwrap();
    assert_eq!(res.status(), 404);

    // The default is relative to the working directory: the repository under `make run`.
    let settings = crate::helpers::gateway_settings(&[]);
    assert_eq!(
        settings.play_dir.as_deref(),
        Some(Path::new("clients/typescript/demo/dist"))
    );
    let committed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../clients/typescript/demo/dist");
    let gw = gateway_to(
        "http://127.0.0.1:9",
        &[("GATEWAY_PLAY_DIR", committed.to_str().unwrap())],
    )
    .await;
    let res = gw.client.get(gw.url("/play/")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("<script type=\"module\" src=\"assets/"),
        "{page}"
    );
}
