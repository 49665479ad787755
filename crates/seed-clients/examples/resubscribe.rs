//! Measures how long the gateway takes to deliver events again after its Redis comes back
//! (issue 23 asks for 2 s): the in-process stack with faulty links, one WebSocket client, and
//! TRIALS outages of 1, 3 and 6 s in turn (the reconnect backoff grows with the outage).
//!
//!   cargo run -p seed-clients --example resubscribe            # TRIALS=12
//!
//! Prints one line per trial and min / median / max.

use std::time::Duration;

use seed_clients::resubscribe::{subscribed_client, trial};
use seed_clients::{Stack, StackOptions};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let trials: usize = std::env::var("TRIALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12);
    let stack = Stack::spawn_with(StackOptions::default().faulty_links()).await;
    let player = stack.register(&stack.browser()).await;
    let mut ws = subscribed_client(&stack, &player).await?;
    let outages = [1, 3, 6].map(Duration::from_secs);
    let mut times = Vec::new();
    for i in 0..trials {
        let outage = outages[i % outages.len()];
        let t = trial(&stack, &player, &mut ws, outage).await?;
        println!(
            "trial {i:2}: outage {outage:?}, delivering again after {:4} ms, replayed {}",
            t.resubscribed_after.as_millis(),
            t.replayed
        );
        times.push(t.resubscribed_after);
    }
    times.sort();
    if let (Some(min), Some(max)) = (times.first(), times.last()) {
        println!(
            "{} trials: min {} ms, median {} ms, max {} ms",
            times.len(),
            min.as_millis(),
            times[times.len() / 2].as_millis(),
            max.as_millis()
        );
    }
    Ok(())
}
