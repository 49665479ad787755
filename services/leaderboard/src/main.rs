//! `leaderboard serve [--migrate]` | `leaderboard migrate`

fn main() -> anyhow::Result<()> {
    common::server::main(leaderboard::service(
        None,
        std::sync::Arc::new(leaderboard::SystemClock),
    ))
}
