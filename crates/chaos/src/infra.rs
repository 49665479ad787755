//! The stack's layout (ports, databases) and its service processes, each restarted by the
//! supervisor a moment after it dies.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

use anyhow::Context;

use crate::servers::run;

/// The private PostgreSQL's port.
pub const PG_PORT: u16 = 15432;
/// The private Redis's port.
pub const REDIS_PORT: u16 = 16379;
/// The services with replicas behind a forwarder, in port order (the gateway is apart).
pub const SERVICES: [&str; 8] = [
    "auth",
    "inventory",
    "gacha",
    "battle",
    "room",
    "leaderboard",
    "ai",
    "asset",
];
/// Replicas of each service.
pub const REPLICAS: usize = 2;
/// Gateways.
pub const GATEWAYS: usize = 3;
/// Where each service's forwarder listens: 19301.. (`FORWARD_BASE + 1 + index`).
const FORWARD_BASE: u16 = 19300;
/// Replica ports: 19310 + 2 * index (+ 1).
const REPLICA_BASE: u16 = 19310;
/// Gateway ports: 19380..
const GATEWAY_BASE: u16 = 19380;

/// The forwarder port of service `svc`.
pub fn forward_port(svc: &str) -> u16 {
    let i = SERVICES.iter().position(|s| *s == svc).unwrap_or(0);
    FORWARD_BASE + 1 + i as u16
}

/// The ports of `svc`'s replicas.
pub fn replica_ports(svc: &str) -> Vec<u16> {
    let i = SERVICES.iter().position(|s| *s == svc).unwrap_or(0) as u16;
    (0..REPLICAS as u16)
        .map(|r| REPLICA_BASE + 2 * i + r)
        .collect()
}

/// The gateways' ports.
pub fn gateway_ports() -> Vec<u16> {
    (0..GATEWAYS as u16).map(|g| GATEWAY_BASE + g).collect()
}

/// `postgres://postgres@127.0.0.1:15432/<db>`.
pub fn pg_url(db: &str) -> String {
    format!("postgres://postgres@127.0.0.1:{PG_PORT}/{db}")
}

/// The private database of `svc`.
pub fn db_name(svc: &str) -> String {
    format!("{svc}_chaos")
}

/// One service process.
pub struct Proc {
    /// `gateway`, `auth`, ...
    pub svc: String,
    /// Its port.
    pub port: u16,
    child: Option<Child>,
}

/// Every service process, restarted after it dies.
#[derive(Clone)]
pub struct Procs {
    procs: Arc<Mutex<Vec<Proc>>>,
    bin: PathBuf,
    dir: PathBuf,
    env: Arc<BTreeMap<String, String>>,
}

impl Procs {
    /// The processes of the whole stack (none started yet).
    pub fn new(bin: PathBuf, dir: PathBuf) -> Procs {
        let mut procs = Vec::new();
        for svc in SERVICES {
            for port in replica_ports(svc) {
                procs.push(Proc {
                    svc: svc.to_owned(),
                    port,
                    child: None,
                });
            }
        }
        for port in gateway_ports() {
            procs.push(Proc {
                svc: "gateway".to_owned(),
                port,
                child: None,
            });
        }
        let env = shared_env(&dir);
        Procs {
            procs: Arc::new(Mutex::new(procs)),
            bin,
            dir,
            env: Arc::new(env),
        }
    }

    fn spawn(&self, svc: &str, port: u16) -> anyhow::Result<Child> {
        let log = File::options()
            .create(true)
            .append(true)
            .open(self.dir.join(format!("{svc}-{port}.log")))?;
        let mut cmd = Command::new(self.bin.join(svc));
        cmd.arg("serve")
            .arg("--migrate")
            .envs(self.env.iter())
            .env("BIND_ADDR", format!("127.0.0.1:{port}"))
            .stdout(log.try_clone()?)
            .stderr(log)
            .stdin(Stdio::null());
        if svc != "gateway" {
            cmd.env("DATABASE_URL", pg_url(&db_name(svc)));
        }
        cmd.spawn()
            .with_context(|| format!("starting {}", self.bin.join(svc).display()))
    }

    /// Starts every process that is not running.
    pub fn start_all(&self) -> anyhow::Result<()> {
        let mut procs = self.procs.lock().unwrap_or_else(|e| e.into_inner());
        for p in procs.iter_mut() {
            if p.child.is_none() {
                p.child = Some(self.spawn(&p.svc, p.port)?);
            }
        }
        Ok(())
    }

    /// Every process's port with its service name.
    pub fn all(&self) -> Vec<(String, u16)> {
        let procs = self.procs.lock().unwrap_or_else(|e| e.into_inner());
        procs.iter().map(|p| (p.svc.clone(), p.port)).collect()
    }

    /// `kill -9` the process on `port`; it stays dead until [`Procs::revive`].
    pub fn kill(&self, port: u16) {
        let mut procs = self.procs.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(p) = procs.iter_mut().find(|p| p.port == port)
            && let Some(mut child) = p.child.take()
        {
            // `Child::kill` is SIGKILL.
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts what is dead (killed, or crashed by itself: that is counted and returned).
    pub fn revive(&self) -> anyhow::Result<Vec<(String, u16)>> {
        let mut crashed = Vec::new();
        let mut procs = self.procs.lock().unwrap_or_else(|e| e.into_inner());
        for p in procs.iter_mut() {
            let dead = match p.child.as_mut() {
                None => true,
                Some(c) => {
                    let exited = matches!(c.try_wait(), Ok(Some(_)));
                    if exited {
                        crashed.push((p.svc.clone(), p.port));
                    }
                    exited
                }
            };
            if dead {
                p.child = Some(self.spawn(&p.svc, p.port)?);
            }
        }
        Ok(crashed)
    }

    /// Kills everything.
    pub fn stop_all(&self) {
        let mut procs = self.procs.lock().unwrap_or_else(|e| e.into_inner());
        for p in procs.iter_mut() {
            if let Some(mut child) = p.child.take() {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }
}

/// The environment every service process shares (as `scripts/bench-stack.sh` sets it), with
/// each peer reached through its forwarder.
fn shared_env(dir: &Path) -> BTreeMap<String, String> {
    let gw = gateway_ports()[0];
    let mut env: BTreeMap<String, String> = [
        ("APP_ENV", "development".to_owned()),
        ("RUST_LOG", "warn".to_owned()),
        ("LOG_FORMAT", "json".to_owned()),
        ("REDIS_URL", format!("redis://127.0.0.1:{REDIS_PORT}")),
        ("REDIS_PREFIX", "chaos:".to_owned()),
        (
            "AUTH_JWKS_URL",
            format!(
                "http://127.0.0.1:{}/.well-known/jwks.json",
                forward_port("auth")
            ),
        ),
        ("ASSET_PUBLIC_URL", format!("http://127.0.0.1:{gw}")),
        ("AI_PUBLIC_URL", format!("http://127.0.0.1:{gw}")),
        (
            "ASSET_LOCAL_DIR",
            dir.join("assets").to_string_lossy().into_owned(),
        ),
        ("AUTH_COOKIE_SECURE", "false".to_owned()),
        ("RATE_LIMIT_PER_IP", "1000000000".to_owned()),
        ("RATE_LIMIT_PER_USER", "1000000000".to_owned()),
        ("RATE_LIMIT_AUTH_PER_IP", "1000000000".to_owned()),
        ("AUTH_ARGON2_MEMORY_KIB", "256".to_owned()),
        ("AUTH_ARGON2_ITERATIONS", "1".to_owned()),
        ("AI_MAX_IN_FLIGHT", "1000000".to_owned()),
        ("AI_MAX_PER_DAY", "1000000000".to_owned()),
        ("HTTP_WORKERS", "1".to_owned()),
        ("DATABASE_POOL_SIZE", "8".to_owned()),
        // Wallets start empty so that every balance is the sum of its ledger.
        ("INVENTORY_STARTING_GOLD", "0".to_owned()),
        ("INVENTORY_STARTING_GEMS", "0".to_owned()),
        // Pending pulls are the reconciler's sooner than in production, so a run settles.
        ("GACHA_RECONCILE_AFTER_MS", "15000".to_owned()),
        ("GACHA_RECONCILE_INTERVAL_MS", "2000".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    for svc in SERVICES {
        env.insert(
            format!("{}_URL", svc.to_uppercase()),
            format!("http://127.0.0.1:{}", forward_port(svc)),
        );
    }
    env.insert("GATEWAY_URL".to_owned(), format!("http://127.0.0.1:{gw}"));
    env
}

/// Runs `auth users promote EMAIL` against the private auth database.
pub fn promote(bin: &Path, email: &str) -> anyhow::Result<()> {
    let mut cmd = Command::new(bin.join("auth"));
    cmd.args(["users", "promote", email])
        .env("DATABASE_URL", pg_url(&db_name("auth")))
        .env("REDIS_URL", format!("redis://127.0.0.1:{REDIS_PORT}"))
        .env("REDIS_PREFIX", "chaos:")
        .env("RUST_LOG", "warn");
    run(cmd, "auth users promote")
}
