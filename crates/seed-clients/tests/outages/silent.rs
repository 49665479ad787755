//! Silent dependencies: the link forwards requests but never returns the answers (a hung
//! server, a black-holed network). Nothing may hang: the pool's connect and wait timeouts and
//! the Redis response timeout (2 s each by default) turn it into the same 503s.

use testkit::faults::LinkMode;

use crate::harness::{Dep, run};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_database_is_a_prompt_503_not_a_hang() {
    run(
        Dep::Postgres,
        LinkMode::LoseAnswers,
        &crate::postgres::probes(),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_redis_is_a_prompt_503_not_a_hang() {
    run(Dep::Redis, LinkMode::LoseAnswers, &crate::redis::probes()).await;
}
