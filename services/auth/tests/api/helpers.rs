//! Spawning auth (with cheap argon2 parameters), typed request helpers, and a probe service
//! whose `AuthUser` extractor trusts the spawned auth's JWKS and revocations.

use std::collections::BTreeMap;
use std::process::{Command, Output};

use actix_web::{HttpResponse, get};
use auth::AuthSettings;
use common::auth::AuthUser;
use common::settings::Settings;
use common::{ServiceDef, ServiceName};
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};
use testkit::{TestApp, spawn_app_with};

pub const PASSWORD: &str = "correct horse battery";

/// Auth settings for tests: cheap argon2 (the OWASP defaults are checked in unit tests) and
/// keys re-read on every use, so `auth keys rotate` shows at once.
pub fn test_env(extra: &[(&str, &str)]) -> BTreeMap<String, String> {
    let mut env = BTreeMap::from([
        ("AUTH_ARGON2_MEMORY_KIB".to_owned(), "256".to_owned()),
        ("AUTH_ARGON2_ITERATIONS".to_owned(), "1".to_owned()),
        ("AUTH_KEY_RELOAD_SECS".to_owned(), "0".to_owned()),
    ]);
    for (k, v) in extra {
        env.insert((*k).to_owned(), (*v).to_owned());
    }
    env
}

/// A running auth service and a client that keeps no cookies.
pub struct Auth {
    pub app: TestApp,
    pub http: reqwest::Client,
}

/// Auth sending its mail to a real SMTP server started for the test.
pub async fn spawn_auth_with_mail(extra: &[(&str, &str)]) -> (Auth, crate::smtp::SmtpServer) {
    let smtp = crate::smtp::SmtpServer::start();
    let url = smtp.url();
    let mut env: Vec<(&str, &str)> = vec![
        ("AUTH_MAIL_TRANSPORT", "smtp"),
        ("AUTH_SMTP_URL", &url),
        ("AUTH_MAIL_FROM", "Game <no-reply@game.test>"),
        ("AUTH_VERIFY_EMAIL_URL", "https://game.test/verify-email"),
        (
            "AUTH_RESET_PASSWORD_URL",
            "https://game.test/reset-password",
        ),
    ];
    env.extend_from_slice(extra);
    let auth = spawn_auth_with(&env, |_| {}).await;
    (auth, smtp)
}

pub async fn spawn_auth() -> Auth {
    spawn_auth_with(&[], |_| {}).await
}

pub async fn spawn_auth_with(
    extra: &[(&str, &str)],
    customize: impl FnOnce(&mut Settings),
) -> Auth {
    let settings = AuthSettings::load(&test_env(extra)).unwrap();
    let app = spawn_app_with(auth::service(Some(settings)), customize).await;
    Auth {
        app,
        http: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
    }
}

impl Auth {
    pub fn url(&self, path: &str) -> String {
        self.app.url(path)
    }

    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.http
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn get_with(&self, path: &str, token: &str) -> Response {
        self.http
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    pub async fn delete_with(&self, path: &str, token: &str) -> Response {
        self.http
            .delete(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    pub async fn post_with(&self, path: &str, token: &str, body: Option<&Value>) -> Response {
        let req = self.http.post(self.url(path)).bearer_auth(token);
        let req = match body {
            Some(body) => req.json(body),
            None => req,
        };
        req.send().await.unwrap()
    }

    /// Registers an account; returns the 201 body.
    pub async fn register(&self, email: &str, username: &str) -> Value {
        let res = self
            .post(
                "/api/auth/register",
                &json!({ "email": email, "username": username, "password": PASSWORD }),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "registering {email}");
        res.json().await.unwrap()
    }

    pub async fn login(&self, email: &str, password: &str) -> Response {
        self.post(
            "/api/auth/login",
            &json!({ "email": email, "password": password }),
        )
        .await
    }

    pub async fn refresh(&self, refresh_token: &str) -> Response {
        self.post(
            "/api/auth/refresh",
            &json!({ "refresh_token": refresh_token }),
        )
        .await
    }

    /// The published JWKS.
    pub async fn jwks(&self) -> Value {
        self.http
            .get(self.url("/.well-known/jwks.json"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// A direct connection to the service's database.
    pub async fn db(&self) -> diesel_async::AsyncPgConnection {
        self.app.db.as_ref().unwrap().conn().await
    }

    /// Runs the `auth` binary against this service's database.
    pub fn cli(&self, args: &[&str]) -> Output {
        let out = Command::new(env!("CARGO_BIN_EXE_auth"))
            .args(args)
            .env("DATABASE_URL", self.app.db.as_ref().unwrap().url())
            .env("APP_ENV", "development")
            .env("LOG_FORMAT", "json")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "auth {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }
}

/// A route of another service, behind common's `AuthUser` extractor.
#[utoipa::path(get, path = "/whoami", responses((status = 200)))]
#[get("/whoami")]
async fn whoami(user: AuthUser) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "id": user.id, "role": user.role, "sid": user.session_id }))
}

/// Another service of the platform: verifies tokens with `auth`'s JWKS and sees its
/// revocations (same Redis prefix).
pub async fn spawn_probe(auth: &Auth) -> TestApp {
    let def = ServiceDef::new(ServiceName::Gateway, "probe").routes(|cfg, _| {
        cfg.service(whoami);
    });
    let jwks = auth.url("/.well-known/jwks.json");
    let prefix = auth.app.redis.prefix().to_owned();
    spawn_app_with(def, move |s| {
        s.jwt.jwks_url = jwks.parse().unwrap();
        s.redis.prefix = prefix;
    })
    .await
}

/// `GET /whoami` on the probe with `token`.
pub async fn whoami_status(probe: &TestApp, token: &str) -> Response {
    reqwest::Client::new()
        .get(probe.url("/whoami"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

impl Auth {
    /// Runs `SELECT count(*) AS n ...` against the service's database.
    pub async fn count(&self, sql: &str) -> i64 {
        use diesel_async::RunQueryDsl;
        diesel::sql_query(sql)
            .get_result::<Count>(&mut self.db().await)
            .await
            .unwrap()
            .n
    }

    /// Runs one statement against the service's database; returns the rows it touched.
    pub async fn exec(&self, sql: &str) -> usize {
        use diesel_async::RunQueryDsl;
        diesel::sql_query(sql)
            .execute(&mut self.db().await)
            .await
            .unwrap()
    }

    /// `GET /api/auth/me` with `token`, as JSON (asserting 200).
    pub async fn me(&self, token: &str) -> Value {
        let res = self.get_with("/api/auth/me", token).await;
        assert_eq!(res.status(), StatusCode::OK);
        res.json().await.unwrap()
    }
}

/// The access token of a login/register answer.
pub fn access(body: &Value) -> &str {
    body["access_token"].as_str().unwrap()
}
