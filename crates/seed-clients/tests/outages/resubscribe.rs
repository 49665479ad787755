//! The gateway's event subscription across a Redis outage.

use std::time::Duration;

use seed_clients::resubscribe::{subscribed_client, trial};

use crate::harness::stack_with_player;

/// Generous: the figure itself comes from `cargo run --example resubscribe` (the issue asks
/// for 2 s); this catches a subscriber that never comes back or takes many backoff rounds.
const BOUND: Duration = Duration::from_secs(6);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_gateway_delivers_again_after_redis_comes_back_and_sends_open_sockets_what_they_missed()
{
    let (stack, player) = stack_with_player().await;
    let mut ws = subscribed_client(&stack, &player).await.unwrap();
    for outage in [Duration::from_millis(500), Duration::from_secs(4)] {
        let t = trial(&stack, &player, &mut ws, outage).await.unwrap();
        println!(
            "outage {outage:?}: delivering again after {:?}, replayed {}",
            t.resubscribed_after, t.replayed
        );
        assert!(t.resubscribed_after < BOUND, "outage {outage:?}: {t:?}");
        assert!(t.replayed >= 1, "{t:?}");
        assert!(
            t.gap_delivered,
            "the event published during the outage never reached the open socket: {t:?}"
        );
    }
}
