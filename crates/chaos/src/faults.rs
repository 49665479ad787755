//! The faults, on a fixed schedule with random targets: `kill -9` of a service replica or a
//! gateway (the supervisor starts it again within a second), both replicas of a service at
//! once (full profile), a Redis restart (empty afterwards) and a PostgreSQL
//! `restart -m immediate`. The supervisor also notices processes that died by themselves.

use std::sync::Arc;
use std::time::{Duration, Instant};

use rand::SeedableRng;
use rand::seq::SliceRandom;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::Profile;
use crate::infra::Procs;
use crate::servers::{Postgres, Redis};

/// One injected fault (or an unplanned crash the supervisor found).
#[derive(Debug, Clone)]
pub struct Fault {
    /// What happened.
    pub kind: &'static str,
    /// To what.
    pub target: String,
    /// When.
    pub at: Instant,
    /// How long injecting it took (a restart's own duration).
    pub took: Duration,
}

#[derive(Clone, Copy)]
enum Plan {
    KillService,
    KillGateway,
    KillBoth,
    RestartRedis,
    RestartPostgres,
}

/// Waits until every process answers `/readyz`.
pub async fn wait_ready(procs: &Procs, within: Duration) -> anyhow::Result<()> {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(2))
        .build()?;
    let until = Instant::now() + within;
    for (svc, port) in procs.all() {
        loop {
            let url = format!("http://127.0.0.1:{port}/readyz");
            if http
                .get(&url)
                .send()
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                break;
            }
            if Instant::now() > until {
                anyhow::bail!("{svc} on {port} not ready; see its log");
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
    Ok(())
}

/// Injects faults until `stop`, supervising the processes meanwhile; returns what happened.
pub fn inject(
    profile: &Profile,
    procs: &Procs,
    pg: &Arc<Postgres>,
    redis: &Arc<Redis>,
    mut stop: watch::Receiver<bool>,
) -> JoinHandle<Vec<Fault>> {
    let plan: Vec<Plan> = {
        use Plan::*;
        let mut plan = vec![
            KillService,
            KillGateway,
            RestartRedis,
            KillService,
            RestartPostgres,
            KillService,
            KillGateway,
            KillService,
        ];
        if profile.name == "full" {
            plan.extend([KillBoth, RestartRedis, KillService, RestartPostgres]);
        }
        plan
    };
    let every = profile.fault_every;
    let procs = procs.clone();
    let (pg, redis) = (pg.clone(), redis.clone());
    tokio::spawn(async move {
        let mut faults = Vec::new();
        let mut next = Instant::now() + every;
        let mut step = 0usize;
        let mut supervise = tokio::time::interval(Duration::from_secs(1));
        loop {
            tokio::select! {
                _ = stop.changed() => break,
                _ = supervise.tick() => {
                    if let Ok(crashed) = procs.revive() {
                        for (svc, port) in crashed {
                            faults.push(Fault { kind: "unplanned crash", target: format!("{svc}:{port}"), at: Instant::now(), took: Duration::ZERO });
                        }
                    }
                    if Instant::now() < next {
                        continue;
                    }
                    next = Instant::now() + every;
                    let fault = plan[step % plan.len()];
                    step += 1;
                    let at = Instant::now();
                    let (kind, target) = strike(fault, &procs, &pg, &redis).await;
                    faults.push(Fault { kind, target, at, took: at.elapsed() });
                }
            }
        }
        faults
    })
}

async fn strike(
    fault: Plan,
    procs: &Procs,
    pg: &Arc<Postgres>,
    redis: &Arc<Redis>,
) -> (&'static str, String) {
    let all = procs.all();
    let mut rng = rand::rngs::StdRng::from_entropy();
    match fault {
        Plan::KillService | Plan::KillGateway => {
            let want_gateway = matches!(fault, Plan::KillGateway);
            let choices: Vec<_> = all
                .iter()
                .filter(|(svc, _)| (svc == "gateway") == want_gateway)
                .collect();
            let Some((svc, port)) = choices.choose(&mut rng).map(|c| (*c).clone()) else {
                return ("kill -9", "nothing".into());
            };
            procs.kill(port);
            ("kill -9", format!("{svc}:{port}"))
        }
        Plan::KillBoth => {
            let svcs: Vec<&str> = crate::infra::SERVICES.to_vec();
            let svc = svcs.choose(&mut rng).copied().unwrap_or("inventory");
            for port in crate::infra::replica_ports(svc) {
                procs.kill(port);
            }
            ("kill -9 both replicas", svc.to_owned())
        }
        Plan::RestartRedis => {
            let redis = redis.clone();
            let r = tokio::task::spawn_blocking(move || redis.restart()).await;
            let ok = matches!(r, Ok(Ok(())));
            (
                "redis restart",
                if ok {
                    "redis".into()
                } else {
                    format!("redis (failed: {r:?})")
                },
            )
        }
        Plan::RestartPostgres => {
            let pg = pg.clone();
            let r = tokio::task::spawn_blocking(move || pg.restart()).await;
            let ok = matches!(r, Ok(Ok(())));
            (
                "postgres restart -m immediate",
                if ok {
                    "postgres".into()
                } else {
                    format!("postgres (failed: {r:?})")
                },
            )
        }
    }
}
