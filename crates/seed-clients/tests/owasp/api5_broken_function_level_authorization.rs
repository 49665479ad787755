//! API5:2023 Broken Function Level Authorization: every operation a service's OpenAPI marks as
//! an operator's (tag `admin` or an `/admin/` segment) is refused to players and to anonymous
//! callers through the gateway, and no `/internal/*` route (service to service) is reachable
//! from outside, whatever credentials are sent.

use reqwest::{Method, StatusCode};
use seed_clients::{Stack, StackOptions};

use crate::support::{Api, empty_body, lean, operations, placeholder, public_operations};

async fn every_admin_route_is_refused_to_players_and_anonymous_callers(stack: &Stack) {
    let api = Api::new(stack);
    let player = stack.register(&api.http).await;
    let admin = stack.admin().await;

    let admin_ops: Vec<_> = public_operations(stack)
        .await
        .into_iter()
        .filter(|op| op.is_admin())
        .collect();
    assert!(admin_ops.len() >= 10, "{admin_ops:?}");
    for op in &admin_ops {
        let path = op.concrete(placeholder);
        let (status, body) = api
            .call(
                op.method.clone(),
                &path,
                Some(&player.token),
                empty_body(op),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "{} as a player: {body}",
            op.key()
        );
        assert_eq!(
            body["status"],
            403,
            "{} as a player: not a problem body: {body}",
            op.key()
        );
        let (status, body) = api
            .call(op.method.clone(), &path, None, empty_body(op))
            .await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "{} anonymously: {body}",
            op.key()
        );
    }

    // A player's own object named "admin" is not an operator's route: the gate reads the route
    // pattern, not the path.
    api.post(
        "/api/save_game",
        &player.token,
        serde_json::json!({ "player_name": "admin", "level": 1, "score": 1, "lives": 1, "health": 1, "coins": 1, "weapon": "w" }),
    )
    .await;
    api.get("/api/load_game/admin", &player.token).await;

    // The same routes answer an admin: the refusals above are about the role, not the path.
    for op in admin_ops
        .iter()
        .filter(|op| op.method == Method::GET && op.path_params().is_empty())
    {
        let (status, body) = api
            .call(Method::GET, &op.path, Some(&admin.token), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{} as an admin: {body}", op.key());
    }
}

async fn no_internal_route_is_reachable_through_the_gateway(stack: &Stack) {
    let api = Api::new(stack);
    let admin = stack.admin().await;
    let internal: Vec<_> = operations(stack)
        .await
        .into_iter()
        .filter(|op| op.is_internal())
        .collect();
    assert!(!internal.is_empty(), "no /internal route documented");
    for op in &internal {
        let path = op.concrete(placeholder);
        for prefix in [
            "",
            "/api",
            "/api/v1",
            "/gacha",
            "/inventory",
            "/ai",
            "/asset",
            "/auth",
        ] {
            let full = format!("{prefix}{path}");
            let (status, body) = api
                .call(op.method.clone(), &full, Some(&admin.token), empty_body(op))
                .await;
            assert_eq!(
                status,
                StatusCode::NOT_FOUND,
                "{} {full}: {body}",
                op.method
            );
        }
    }
}

/// One stack for the checks above.
#[tokio::test]
async fn function_level_authorization_holds() {
    let stack = Stack::spawn_with(lean(StackOptions::default())).await;
    every_admin_route_is_refused_to_players_and_anonymous_callers(&stack).await;
    no_internal_route_is_reachable_through_the_gateway(&stack).await;
}
