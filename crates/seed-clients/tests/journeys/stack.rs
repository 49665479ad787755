//! The harness itself: every service answers through the gateway, and a token the real auth
//! service issued is accepted by the others.

use reqwest::StatusCode;
use seed_clients::Stack;
use serde_json::Value;

#[tokio::test]
async fn an_account_registered_through_the_gateway_is_known_to_every_service() {
    let stack = Stack::spawn().await;
    let browser = stack.browser();
    let me = stack.register(&browser).await;

    let res = browser
        .get(stack.url("/api/player/me"))
        .bearer_auth(&me.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let profile: Value = res.json().await.unwrap();
    assert_eq!(profile["username"], me.username.as_str());

    for path in [
        "/api/gacha/banners",
        "/api/ai/models",
        "/api/battles/available",
        "/api/rooms",
    ] {
        let res = browser
            .get(stack.url(path))
            .bearer_auth(&me.token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
    }

    stack.grant(me.id, 500, 1_600).await;
    let wallet: Value = browser
        .get(stack.url("/api/wallet"))
        .bearer_auth(&me.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(wallet["gems"].as_i64().unwrap() >= 1_600, "{wallet}");
}
