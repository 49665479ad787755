//! OAuth login security: the login is bound to the browser that started it (login CSRF), an
//! email links accounts only when both sides verified it, and simultaneous first callbacks for
//! one identity end in one account.

use reqwest::StatusCode;
use serde_json::{Value, json};
use testkit::conformance::assert_problem;

use crate::helpers::Auth;
use crate::oauth::{BINDINGS, Provider, callback, callback_from, spawn_with_provider, start_login};

#[tokio::test]
async fn the_binding_cookie_is_httponly_short_lived_and_cleared_by_the_callback() {
    let provider = Provider::start().await;
    provider
        .user(json!({ "sub": "s-cookie", "email_verified": false }))
        .await;
    let auth = spawn_with_provider(&provider).await;
    let res = auth
        .http
        .get(auth.url("/api/auth/login?provider=mockidp"))
        .send()
        .await
        .unwrap();
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("oauth_binding="))
        .unwrap();
    for attribute in [
        "HttpOnly",
        "Path=/api/auth",
        "SameSite=Lax",
        "Max-Age=600",
        "Secure",
    ] {
        assert!(cookie.contains(attribute), "{attribute} missing: {cookie}");
    }
    let params = start_login(&auth).await;
    let res = callback(&auth, "c", &params["state"]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let cleared = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("oauth_binding="))
        .expect("the callback clears the binding cookie");
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    assert!(
        res.headers()
            .get_all("set-cookie")
            .iter()
            .any(|c| c.to_str().unwrap().starts_with("auth_device=")),
        "the browser becomes a known device of the account"
    );
}

#[tokio::test]
async fn login_csrf_a_callback_from_a_browser_that_did_not_start_the_login_is_refused() {
    let provider = Provider::start().await;
    provider
        .user(json!({ "sub": "attacker", "email": "eve@example.com", "email_verified": true }))
        .await;
    let auth = spawn_with_provider(&provider).await;
    // The attacker starts a login in their own browser and stops before the callback...
    let attackers = start_login(&auth).await;
    // ...then makes the victim's browser open the callback with the attacker's code and state.
    let params = [
        ("code", "attackers-code"),
        ("state", attackers["state"].as_str()),
    ];
    let res = callback_from(&auth, &params, None).await;
    assert_problem(res, StatusCode::BAD_REQUEST, "invalid_oauth_state").await;
    // A victim who started a login of their own has a binding cookie, but not this login's.
    let victims = start_login(&auth).await;
    let victim_cookie = BINDINGS.lock().unwrap()[&victims["state"]].clone();
    let fresh = start_login(&auth).await;
    let params = [
        ("code", "attackers-code"),
        ("state", fresh["state"].as_str()),
    ];
    let res = callback_from(&auth, &params, Some(&victim_cookie)).await;
    assert_problem(res, StatusCode::BAD_REQUEST, "invalid_oauth_state").await;
    assert!(
        provider.token_requests().await.is_empty(),
        "no code was exchanged"
    );
    // The victim's own login still works from the victim's browser.
    assert_eq!(
        callback(&auth, "victims-code", &victims["state"])
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_unverified_local_email_is_not_linked_even_when_the_provider_verified_it() {
    let provider = Provider::start().await;
    provider
        .user(json!({ "sub": "idp-quinn", "email": "quinn@example.com", "email_verified": true }))
        .await;
    let auth = spawn_with_provider(&provider).await;
    // Someone registered the address without ever proving it.
    let squatter = auth.register("quinn@example.com", "squatter").await;
    let params = start_login(&auth).await;
    let res = callback(&auth, "c", &params["state"]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_ne!(body["user"]["id"], squatter["user"]["id"]);
    assert!(body["user"]["email"].is_null());
}

#[tokio::test]
async fn an_account_created_from_a_verified_provider_email_is_verified() {
    let provider = Provider::start().await;
    provider
        .user(json!({ "sub": "idp-rita", "email": "rita@example.com", "email_verified": true }))
        .await;
    let auth = spawn_with_provider(&provider).await;
    let params = start_login(&auth).await;
    let body: Value = callback(&auth, "c", &params["state"])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["user"]["email"], "rita@example.com");
    assert_eq!(body["user"]["email_verified"], true);
}

/// Sessions of this test's database waiting for a lock.
async fn lock_waiters(auth: &Auth) -> i64 {
    use diesel::QueryableByName;
    use diesel_async::RunQueryDsl;
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let name = auth.app.db.as_ref().unwrap().name().to_owned();
    diesel::sql_query(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'",
    )
    .bind::<diesel::sql_types::Text, _>(name)
    .get_result::<Count>(&mut auth.db().await)
    .await
    .unwrap()
    .n
}

#[tokio::test]
async fn two_simultaneous_first_callbacks_for_one_identity_answer_one_account() {
    use diesel_async::RunQueryDsl;
    for (sub, email) in [
        ("idp-race-1", json!(null)),
        ("idp-race-2", json!("race@example.com")),
    ] {
        let provider = Provider::start().await;
        provider
            .user(json!({ "sub": sub, "email": email, "email_verified": true }))
            .await;
        let auth = spawn_with_provider(&provider).await;
        let (first, second) = (start_login(&auth).await, start_login(&auth).await);
        // Hold writes to the identities so both callbacks get past "not linked yet" and
        // queue up behind each other, the race a real double click produces.
        let mut blocker = auth.db().await;
        for sql in ["BEGIN", "LOCK TABLE oauth_identities IN EXCLUSIVE MODE"] {
            diesel::sql_query(sql).execute(&mut blocker).await.unwrap();
        }
        let both = async {
            tokio::join!(
                callback(&auth, "code-1", &first["state"]),
                callback(&auth, "code-2", &second["state"])
            )
        };
        let release = async {
            for _ in 0..200 {
                if lock_waiters(&auth).await >= 2 {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(25)).await;
            }
            diesel::sql_query("COMMIT")
                .execute(&mut blocker)
                .await
                .unwrap();
        };
        let ((a, b), ()) = tokio::join!(both, release);
        assert_eq!(a.status(), StatusCode::OK, "{sub}");
        assert_eq!(b.status(), StatusCode::OK, "{sub}");
        let (a, b): (Value, Value) = (a.json().await.unwrap(), b.json().await.unwrap());
        assert_eq!(a["user"]["id"], b["user"]["id"], "{sub}: one account");
    }
}
