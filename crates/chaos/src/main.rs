//! `make chaos`: the whole stack with two replicas of every service and three gateways on
//! loopback, over a private PostgreSQL and Redis; a load of purchases, pulls, battles, scores,
//! voting games and room relays through the gateways, retried with the same idempotency keys;
//! `kill -9` of random processes and restarts of Redis and PostgreSQL meanwhile; then the
//! invariants checked from the databases. Exit code 1 on any discrepancy.
//!
//! Environment: `CHAOS_PROFILE` (`ci` or `full`), `BIN` (service binaries; default
//! `$CARGO_TARGET_DIR/debug`), `CHAOS_DIR` (`/tmp/gp-chaos`: data and logs), `CHAOS_DURATION_SECS` (overrides the
//! profile's load duration).

mod check;
mod client;
mod delivery;
mod faults;
mod forward;
mod infra;
mod load;
mod report;
mod rooms;
mod servers;
mod ws;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use tokio::sync::watch;

use crate::client::Api;
use crate::infra::Procs;
use crate::load::{Acked, Load, Player};
use crate::servers::{Postgres, Redis};
use crate::ws::Socket;

/// The knobs of one run.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Its name.
    pub name: String,
    /// Players doing random economy ops.
    pub players: usize,
    /// Voting games played side by side (three players each).
    pub voting_groups: usize,
    /// Coop rooms relaying (three of the players each).
    pub relay_rooms: usize,
    /// How long the load runs.
    pub duration: Duration,
    /// Time between faults.
    pub fault_every: Duration,
    /// How long an op is retried before the client gives up.
    pub op_deadline: Duration,
}

impl Profile {
    fn load(name: &str) -> anyhow::Result<Profile> {
        Ok(match name {
            "ci" => Profile {
                name: name.to_owned(),
                players: 16,
                voting_groups: 2,
                relay_rooms: 2,
                duration: Duration::from_secs(120),
                fault_every: Duration::from_secs(12),
                op_deadline: Duration::from_secs(60),
            },
            "full" => Profile {
                name: name.to_owned(),
                players: 40,
                voting_groups: 4,
                relay_rooms: 4,
                duration: Duration::from_secs(600),
                fault_every: Duration::from_secs(10),
                op_deadline: Duration::from_secs(90),
            },
            other => bail!("CHAOS_PROFILE must be ci or full, not {other:?}"),
        })
        .map(|mut p| {
            // A shorter or longer load for trying things out.
            if let Some(secs) = std::env::var("CHAOS_DURATION_SECS")
                .ok()
                .and_then(|s| s.parse().ok())
            {
                p.duration = Duration::from_secs(secs);
            }
            p
        })
    }
}

fn main() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let code = runtime.block_on(run())?;
    std::process::exit(code)
}

async fn run() -> anyhow::Result<i32> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let profile = Profile::load(&std::env::var("CHAOS_PROFILE").unwrap_or_else(|_| "ci".into()))?;
    let bin = std::env::var("BIN").map(PathBuf::from).unwrap_or_else(|_| {
        PathBuf::from(std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into()))
            .join("debug")
    });
    let dir = PathBuf::from(std::env::var("CHAOS_DIR").unwrap_or_else(|_| "/tmp/gp-chaos".into()));
    std::fs::create_dir_all(&dir)?;
    for f in std::fs::read_dir(&dir)? {
        let path = f?.path();
        if path.extension().is_some_and(|e| e == "log") {
            let _ = std::fs::remove_file(path);
        }
    }
    for svc in infra::SERVICES.iter().chain(["gateway"].iter()) {
        if !bin.join(svc).is_file() {
            bail!("{} missing: cargo build --bins", bin.join(svc).display());
        }
    }
    let started = Instant::now();
    println!(
        "chaos: profile {} ({:?} of load), binaries {}",
        profile.name,
        profile.duration,
        bin.display()
    );

    let pg = Arc::new(Postgres::init(&dir).context("private PostgreSQL")?);
    let redis = Arc::new(Redis::start(&dir).context("private Redis")?);
    let procs = Procs::new(bin.clone(), dir.clone());
    let result = drive(&profile, &bin, &pg, &redis, &procs).await;
    procs.stop_all();
    redis.stop();
    pg.stop();
    let (findings, table) = result?;
    println!("{table}");
    std::fs::write(dir.join("report.md"), &table)?;
    println!(
        "chaos: done in {:.0?}; logs and report in {}",
        started.elapsed(),
        dir.display()
    );
    Ok(if findings.iter().any(|f| f.bad > 0 && !f.informational) {
        1
    } else {
        0
    })
}

async fn drive(
    profile: &Profile,
    bin: &std::path::Path,
    pg: &Arc<Postgres>,
    redis: &Arc<Redis>,
    procs: &Procs,
) -> anyhow::Result<(Vec<check::Finding>, String)> {
    for svc in infra::SERVICES {
        forward::start(infra::forward_port(svc), infra::replica_ports(svc)).await?;
    }
    let boot = Instant::now();
    procs.start_all()?;
    faults::wait_ready(procs, Duration::from_secs(300)).await?;
    println!(
        "chaos: {} processes ready in {:.0?}",
        procs.all().len(),
        boot.elapsed()
    );

    let gateways: Vec<String> = infra::gateway_ports()
        .iter()
        .map(|p| format!("http://127.0.0.1:{p}"))
        .collect();
    let api = Arc::new(Api::new(gateways.clone(), profile.op_deadline)?);
    let load = Arc::new(Load {
        api: api.clone(),
        acked: Mutex::new(Acked::default()),
    });

    let admin = load.register().await?;
    infra::promote(bin, &admin.email)?;
    let admin_token = load.login(&admin.email).await?["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let total = profile.players + 3 * profile.voting_groups;
    let mut players: Vec<Player> = Vec::new();
    for _ in 0..total {
        let p = load.register().await?;
        load.grant(&admin_token, &p).await?;
        players.push(p);
    }
    let items = load.shop_items(&players[0]).await;
    if items.is_empty() {
        bail!("the shop sells nothing at level 1");
    }
    let (economy, voters) = players.split_at(profile.players);
    let mut rooms: BTreeMap<String, Vec<uuid::Uuid>> = BTreeMap::new();
    let mut room_of: BTreeMap<uuid::Uuid, String> = BTreeMap::new();
    for group in economy.chunks(3).take(profile.relay_rooms) {
        let code = load
            .coop_room(group)
            .await
            .context("creating a coop room")?;
        for p in group {
            room_of.insert(p.id, code.clone());
        }
        rooms.insert(code, group.iter().map(|p| p.id).collect());
    }
    println!(
        "chaos: {} players, {} coop rooms, {} shop items; load for {:?}",
        players.len(),
        rooms.len(),
        items.len(),
        profile.duration
    );

    let (stop_tx, stop) = watch::channel(false);
    let mut tasks = Vec::new();
    let sockets: Vec<Arc<Socket>> = players
        .iter()
        .map(|p| {
            Arc::new(Socket {
                user: p.id,
                token: p.token.clone(),
                room: room_of.get(&p.id).cloned(),
                seen: Default::default(),
                echoed: Default::default(),
            })
        })
        .collect();
    let stats = Arc::new(client::Stats::default());
    for s in &sockets {
        tasks.push(tokio::spawn(s.clone().run(
            gateways.clone(),
            stats.clone(),
            Duration::from_millis(700),
            stop.clone(),
        )));
    }
    // Let the sockets subscribe before anything publishes.
    tokio::time::sleep(Duration::from_secs(2)).await;
    for p in economy {
        tasks.push(tokio::spawn(load.clone().player(
            p.clone(),
            items.clone(),
            stop.clone(),
        )));
    }
    for group in voters.chunks(3) {
        tasks.push(tokio::spawn(
            load.clone().voting(group.to_vec(), stop.clone()),
        ));
    }
    let load_started = Instant::now();
    let injected = faults::inject(profile, procs, pg, redis, stop.clone());
    tokio::time::sleep(profile.duration).await;
    let _ = stop_tx.send(true);
    let load_ended = Instant::now();
    let injected = injected.await?;
    let drain = Instant::now();
    for t in tasks {
        let _ = tokio::time::timeout(profile.op_deadline + Duration::from_secs(30), t).await;
    }
    println!(
        "chaos: load stopped; actors drained in {:.0?}",
        drain.elapsed()
    );
    procs.revive()?;
    faults::wait_ready(procs, Duration::from_secs(120)).await?;
    for s in &sockets {
        s.catch_up(&gateways[0]).await;
    }
    let settle = Instant::now();
    let mut left = check::unsettled().await?;
    while left > 0 && settle.elapsed() < Duration::from_secs(150) {
        tokio::time::sleep(Duration::from_secs(3)).await;
        left = check::unsettled().await?;
    }
    println!(
        "chaos: settled in {:.0?} ({left} still owed)",
        settle.elapsed()
    );

    let acked = std::mem::take(&mut *load.acked.lock().unwrap_or_else(|e| e.into_inner()));
    let seen: BTreeMap<_, _> = sockets
        .iter()
        .map(|s| {
            let seen = std::mem::take(&mut *s.seen.lock().unwrap_or_else(|e| e.into_inner()));
            (s.user, seen)
        })
        .collect();
    let echoed: BTreeMap<_, BTreeSet<u64>> = sockets
        .iter()
        .map(|s| {
            (
                s.user,
                s.echoed.lock().unwrap_or_else(|e| e.into_inner()).clone(),
            )
        })
        .collect();
    let mut findings = check::run(&acked, &seen).await?;
    findings.push(delivery::relays(&rooms, &seen, &echoed));
    let mut ops = api.stats.ops();
    for (k, v) in stats.ops() {
        ops.insert(k, v);
    }
    let mut acks = api.stats.acks();
    acks.extend(stats.acks());
    let connects: u64 = seen.values().map(|s| s.connects).sum();
    let mut failures = api.stats.failures();
    failures.extend(stats.failures());
    let table = report::render(&report::Run {
        profile,
        ops: &ops,
        acks: &acks,
        failures: &failures,
        faults: &injected,
        findings: &findings,
        connects,
        started: load_started,
        end: load_ended,
    });
    Ok((findings, table))
}
