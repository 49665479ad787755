//! The cleanup job deletes expired refresh tokens, revoked sessions, sessions left without a
//! refresh token, and expired mailed tokens; live sessions stay.

use std::time::Duration;

use reqwest::StatusCode;

use crate::helpers::{PASSWORD, access, spawn_auth_with};
use crate::tokens::claims_of;

#[tokio::test]
async fn the_cleanup_job_deletes_what_can_never_be_used_again() {
    let auth = spawn_auth_with(&[("AUTH_CLEANUP_INTERVAL_SECS", "1")], |_| {}).await;
    let reg = auth.register("zoe@example.com", "zoe").await;
    let expired_sid = claims_of(access(&reg))["sid"].as_str().unwrap().to_owned();
    let logged_out = auth.login("zoe@example.com", PASSWORD).await;
    let logged_out: serde_json::Value = logged_out.json().await.unwrap();
    let revoked_sid = claims_of(access(&logged_out))["sid"]
        .as_str()
        .unwrap()
        .to_owned();
    let live = auth.login("zoe@example.com", PASSWORD).await;
    let live: serde_json::Value = live.json().await.unwrap();
    let live_sid = claims_of(access(&live))["sid"].as_str().unwrap().to_owned();

    let res = auth
        .post_with("/api/auth/logout", access(&logged_out), None)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // The registration's refresh token runs out, and an old reset token expired.
    let n = auth
        .exec(&format!(
            "UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE session_id = '{expired_sid}'"
        ))
        .await;
    assert_eq!(n, 1);
    auth.exec(
        "INSERT INTO email_tokens (token_hash, user_id, purpose, email, expires_at) \
         SELECT sha256('old'::bytea), id, 'reset_password', email, now() - interval '1 minute' FROM users",
    )
    .await;

    let mut swept = false;
    for _ in 0..100 {
        let sessions_left = auth
            .count(&format!(
                "SELECT count(*) AS n FROM sessions WHERE id IN ('{expired_sid}', '{revoked_sid}')"
            ))
            .await;
        let tokens_left = auth
            .count("SELECT count(*) AS n FROM refresh_tokens WHERE expires_at < now()")
            .await;
        let mail_tokens_left = auth
            .count("SELECT count(*) AS n FROM email_tokens WHERE expires_at < now()")
            .await;
        if sessions_left == 0 && tokens_left == 0 && mail_tokens_left == 0 {
            swept = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(swept, "the cleanup job did not delete the dead rows");
    let live_left = auth
        .count(&format!(
            "SELECT count(*) AS n FROM sessions WHERE id = '{live_sid}'"
        ))
        .await;
    assert_eq!(live_left, 1);
    // The registration's verification link has not expired: it stays.
    let verification = auth
        .count("SELECT count(*) AS n FROM email_tokens WHERE purpose = 'verify_email'")
        .await;
    assert_eq!(verification, 1);
    let res = auth.refresh(live["refresh_token"].as_str().unwrap()).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "the live session still refreshes"
    );
}
