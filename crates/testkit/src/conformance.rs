//! The checks every service must pass: the common endpoints, problem+json errors, and the
//! `migrate` command creating its database.

use std::process::Command;

use reqwest::StatusCode;
use serde_json::Value;

use crate::app::TestApp;
use crate::db::TestDb;

/// Asserts `res` is a problem+json answer with `status` and `code`; returns the body.
pub async fn assert_problem(res: reqwest::Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(res.status(), status, "status of {}", res.url());
    let ct = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        ct.starts_with("application/problem+json"),
        "content-type was {ct}"
    );
    let body: Value = res
        .json()
        .await
        .unwrap_or_else(|e| panic!("problem body: {e}"));
    assert_eq!(body["status"], status.as_u16(), "{body}");
    assert_eq!(body["code"], code, "{body}");
    assert!(
        body["title"].is_string() && body["type"].is_string(),
        "{body}"
    );
    assert!(body["request_id"].is_string(), "{body}");
    body
}

/// `/healthz`, `/readyz`, `/metrics`, `/openapi.json`, `/docs/`, 404/405 problems.
pub async fn assert_common_endpoints(app: &TestApp, service: &str) {
    let health: Value = app.get("/healthz").await.json().await.unwrap_or_default();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["service"], service);

    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), StatusCode::OK);
    let ready: Value = ready.json().await.unwrap_or_default();
    assert_eq!(ready["checks"]["redis"], "ok");
    if app.db.is_some() {
        assert_eq!(ready["checks"]["database"], "ok");
    }

    let spec: Value = app
        .get("/openapi.json")
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(spec["info"]["title"], format!("{service} service"));
    assert!(spec["paths"]["/readyz"]["get"].is_object(), "{spec}");
    let dangling = dangling_refs(&spec);
    assert!(
        dangling.is_empty(),
        "{service}: $refs to undeclared schemas: {dangling:?}"
    );

    let docs = app.get("/docs/").await;
    assert_eq!(docs.status(), StatusCode::OK);
    assert!(docs.text().await.unwrap_or_default().contains("swagger-ui"));
    let redirect = app.get("/docs").await;
    assert_eq!(redirect.status(), StatusCode::PERMANENT_REDIRECT);
    let initializer = app
        .get("/docs/swagger-initializer.js")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(initializer.contains("/openapi.json"), "{initializer}");

    assert_problem(
        app.get("/no/such/route").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let wrong_method = app.client.delete(app.url("/healthz")).send().await;
    let wrong_method = wrong_method.unwrap_or_else(|e| panic!("DELETE /healthz: {e}"));
    assert_problem(
        wrong_method,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;

    let metrics = app.get("/metrics").await.text().await.unwrap_or_default();
    let line = metrics
        .lines()
        .find(|l| {
            l.starts_with("gameplatform_http_requests_total") && l.contains("endpoint=\"/healthz\"")
        })
        .unwrap_or_else(|| panic!("no request counter for /healthz in:\n{metrics}"));
    assert!(line.contains(&format!("service=\"{service}\"")), "{line}");
}

/// Runs `<binary> migrate` against a database that does not exist yet: it must create it.
pub async fn assert_migrate_creates_database(binary: &str) {
    let db = TestDb::unborn();
    assert!(!db.exists().await);
    let out = Command::new(binary)
        .arg("migrate")
        .env("DATABASE_URL", db.url())
        .env("APP_ENV", "development")
        .env("LOG_FORMAT", "json")
        .output()
        .unwrap_or_else(|e| panic!("running {binary}: {e}"));
    assert!(
        out.status.success(),
        "{binary} migrate failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        db.exists().await,
        "{binary} migrate did not create its database"
    );
    // Running it again is a no-op, not an error.
    let again = Command::new(binary)
        .arg("migrate")
        .env("DATABASE_URL", db.url())
        .output()
        .unwrap_or_else(|e| panic!("running {binary}: {e}"));
    assert!(again.status.success());
}

/// A logged-out token sent with a malformed body to an authenticated `POST path` gets 401:
/// authentication completes before the body is read (not the body's 400/422).
pub async fn assert_authentication_before_body(app: &TestApp, path: &str) {
    let claims = app.auth.claims_for(uuid::Uuid::new_v4());
    let token = app.auth.sign(&claims);
    app.context
        .auth
        .revocations
        .revoke(claims.sid)
        .await
        .unwrap_or_else(|e| panic!("revoking: {e:#}"));
    for _ in 0..5 {
        let res = app
            .client
            .post(app.url(path))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body("{not json")
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"));
        assert_problem(res, StatusCode::UNAUTHORIZED, "session_revoked").await;
    }
}

/// Every `$ref` in `spec` that names no schema under `components` (a type used only as a
/// query parameter is referenced but not collected: generators then fail on the document).
fn dangling_refs(spec: &Value) -> Vec<String> {
    fn walk(v: &Value, spec: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    let pointer = r.trim_start_matches('#');
                    if spec.pointer(pointer).is_none() && !out.contains(r) {
                        out.push(r.clone());
                    }
                }
                map.values().for_each(|v| walk(v, spec, out));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, spec, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(spec, spec, &mut out);
    out
}
