//! Email verification (registration, guest upgrade, email change) through a real SMTP server:
//! the link that arrived is opened, once.

use reqwest::StatusCode;
use serde_json::{Value, json};
use testkit::conformance::assert_problem;

use crate::helpers::{PASSWORD, access, spawn_auth_with_mail};

#[tokio::test]
async fn registration_mails_a_link_that_verifies_the_email_once() {
    let (auth, smtp) = spawn_auth_with_mail(&[]).await;
    let reg = auth.register("ali@example.com", "ali").await;
    assert_eq!(reg["user"]["email_verified"], false);

    let mail = smtp.message_to("ali@example.com").await;
    assert_eq!(mail.subject, "Confirm your email address");
    assert!(
        mail.body
            .contains("https://game.test/verify-email?token=et_"),
        "{}",
        mail.body
    );
    let token = mail.token();

    let res = auth
        .post("/api/auth/verify-email", &json!({ "token": token }))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let user: Value = res.json().await.unwrap();
    assert_eq!(
        (user["email"].as_str(), &user["email_verified"]),
        (Some("ali@example.com"), &json!(true))
    );
    assert_eq!(auth.me(access(&reg)).await["email_verified"], true);

    // Used once; made-up and malformed tokens are refused the same way.
    for token in [token.as_str(), "et_not-a-real-token", "", "garbage"] {
        let res = auth
            .post("/api/auth/verify-email", &json!({ "token": token }))
            .await;
        assert_problem(res, StatusCode::BAD_REQUEST, "invalid_token").await;
    }
    let res = auth.post("/api/auth/verify-email", &json!({})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Verified already: nothing to resend.
    let res = auth
        .post_with("/api/auth/verify-email/resend", access(&reg), None)
        .await;
    assert_problem(res, StatusCode::CONFLICT, "email_already_verified").await;
}

#[tokio::test]
async fn an_expired_verification_link_is_refused_and_a_new_one_can_be_sent() {
    let (auth, smtp) = spawn_auth_with_mail(&[]).await;
    let reg = auth.register("bea@example.com", "bea").await;
    let old = smtp.message_to("bea@example.com").await.token();
    auth.exec("UPDATE email_tokens SET expires_at = now() - interval '1 second'")
        .await;
    let res = auth
        .post("/api/auth/verify-email", &json!({ "token": old }))
        .await;
    assert_problem(res, StatusCode::BAD_REQUEST, "invalid_token").await;

    let res = auth
        .post_with("/api/auth/verify-email/resend", access(&reg), None)
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let fresh = smtp.nth_message_to("bea@example.com", 2).await.token();
    assert_ne!(fresh, old);
    let res = auth
        .post("/api/auth/verify-email", &json!({ "token": fresh }))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(auth.me(access(&reg)).await["email_verified"], true);
}

#[tokio::test]
async fn a_new_email_takes_effect_only_once_its_own_link_is_opened() {
    let (auth, smtp) = spawn_auth_with_mail(&[]).await;
    let reg = auth.register("cid@example.com", "cid").await;
    auth.register("taken@example.com", "taken").await;
    let token = access(&reg);
    let change =
        |email: &str, password: &str| json!({ "new_email": email, "current_password": password });

    let res = auth
        .post_with(
            "/api/auth/email",
            token,
            Some(&change("new@example.com", "wrong password")),
        )
        .await;
    assert_problem(res, StatusCode::FORBIDDEN, "wrong_password").await;
    let res = auth
        .post_with(
            "/api/auth/email",
            token,
            Some(&change("not an email", PASSWORD)),
        )
        .await;
    assert_problem(res, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
    let res = auth
        .post_with(
            "/api/auth/email",
            token,
            Some(&change("Taken@example.com", PASSWORD)),
        )
        .await;
    assert_problem(res, StatusCode::CONFLICT, "email_taken").await;

    let res = auth
        .post_with(
            "/api/auth/email",
            token,
            Some(&change("New@Example.com", PASSWORD)),
        )
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["pending_email"], "new@example.com");
    // Nothing changes until the new address proves itself.
    assert_eq!(auth.me(token).await["email"], "cid@example.com");
    let mail = smtp.message_to("new@example.com").await;
    assert_eq!(mail.subject, "Confirm your email address");

    let res = auth
        .post("/api/auth/verify-email", &json!({ "token": mail.token() }))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let me = auth.me(token).await;
    assert_eq!(
        (me["email"].as_str(), &me["email_verified"]),
        (Some("new@example.com"), &json!(true))
    );
    let res = auth.login("cid@example.com", PASSWORD).await;
    assert_problem(res, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    assert_eq!(
        auth.login("new@example.com", PASSWORD).await.status(),
        StatusCode::OK
    );

    let res = auth
        .http
        .post(auth.url("/api/auth/email"))
        .json(&change("x@example.com", PASSWORD))
        .send()
        .await
        .unwrap();
    assert_problem(res, StatusCode::UNAUTHORIZED, "missing_token").await;
}

#[tokio::test]
async fn an_address_taken_while_the_change_was_pending_answers_409() {
    let (auth, smtp) = spawn_auth_with_mail(&[]).await;
    let reg = auth.register("dee@example.com", "dee").await;
    let body = json!({ "new_email": "wanted@example.com", "current_password": PASSWORD });
    let res = auth
        .post_with("/api/auth/email", access(&reg), Some(&body))
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let token = smtp.message_to("wanted@example.com").await.token();
    auth.register("wanted@example.com", "quicker").await;
    let res = auth
        .post("/api/auth/verify-email", &json!({ "token": token }))
        .await;
    assert_problem(res, StatusCode::CONFLICT, "email_taken").await;
    assert_eq!(auth.me(access(&reg)).await["email"], "dee@example.com");
}

#[tokio::test]
async fn an_upgraded_guest_gets_a_verification_link_and_guests_have_nothing_to_verify() {
    let (auth, smtp) = spawn_auth_with_mail(&[]).await;
    let guest: Value = auth
        .http
        .post(auth.url("/api/auth/guest"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let res = auth
        .post_with("/api/auth/verify-email/resend", access(&guest), None)
        .await;
    assert_problem(res, StatusCode::CONFLICT, "no_email").await;
    let res = auth
        .post_with(
            "/api/auth/guest/upgrade",
            access(&guest),
            Some(&json!({ "email": "eli@example.com", "password": PASSWORD })),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let upgraded: Value = res.json().await.unwrap();
    assert_eq!(upgraded["user"]["email_verified"], false);
    let token = smtp.message_to("eli@example.com").await.token();
    let res = auth
        .post("/api/auth/verify-email", &json!({ "token": token }))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(auth.me(access(&upgraded)).await["email_verified"], true);
}
