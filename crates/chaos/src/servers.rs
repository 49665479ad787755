//! The private servers: a PostgreSQL cluster and a Redis of our own, so restarting them never
//! disturbs the machine's shared ones.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

use anyhow::{Context, bail};

use crate::infra::{PG_PORT, REDIS_PORT, SERVICES, db_name};

/// PostgreSQL's binaries.
const PG_BIN: &str = "/usr/lib/postgresql/15/bin";

/// Runs `args` as the `postgres` user (PostgreSQL refuses to run as root).
fn as_postgres(args: &[&str]) -> Command {
    let mut cmd = Command::new("runuser");
    cmd.args(["-u", "postgres", "--"]).args(args);
    cmd
}

/// Runs `cmd`, failing with its output when it fails.
pub fn run(mut cmd: Command, what: &str) -> anyhow::Result<()> {
    let out = cmd.output().with_context(|| format!("running {what}"))?;
    if !out.status.success() {
        bail!(
            "{what} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}

/// The private PostgreSQL cluster under `dir`.
pub struct Postgres {
    data: String,
    log: String,
}

impl Postgres {
    /// A fresh cluster (the old one under `dir` removed), started.
    pub fn init(dir: &Path) -> anyhow::Result<Postgres> {
        let root = dir.join("pg");
        let _ = Command::new(format!("{PG_BIN}/pg_ctl"))
            .args([
                "-D",
                &root.join("data").to_string_lossy(),
                "stop",
                "-m",
                "immediate",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root)?;
        run(
            {
                let mut c = Command::new("chown");
                c.args(["-R", "postgres:postgres", &root.to_string_lossy()]);
                c
            },
            "chown",
        )?;
        let data = root.join("data").to_string_lossy().into_owned();
        let log = root.join("server.log").to_string_lossy().into_owned();
        run(
            as_postgres(&[
                &format!("{PG_BIN}/initdb"),
                "-D",
                &data,
                "-U",
                "postgres",
                "--auth=trust",
                "--no-sync",
            ]),
            "initdb",
        )?;
        let conf = format!(
            "port = {PG_PORT}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{}'\n\
             max_connections = 400\nfsync = off\nsynchronous_commit = on\nshared_buffers = 64MB\n",
            root.to_string_lossy()
        );
        let conf_path = PathBuf::from(&data).join("postgresql.conf");
        let mut existing = std::fs::read_to_string(&conf_path)?;
        existing.push_str(&conf);
        std::fs::write(&conf_path, existing)?;
        let pg = Postgres { data, log };
        pg.ctl(&["start", "-w", "-t", "60"])?;
        // Made here, not by the replicas: two `CREATE DATABASE`s at once from template1 fail
        // with "source database is being accessed by other users".
        for svc in SERVICES {
            run(
                as_postgres(&[
                    &format!("{PG_BIN}/createdb"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    &PG_PORT.to_string(),
                    &db_name(svc),
                ]),
                "createdb",
            )?;
        }
        Ok(pg)
    }

    fn ctl(&self, args: &[&str]) -> anyhow::Result<()> {
        let ctl = format!("{PG_BIN}/pg_ctl");
        let mut all = vec![ctl.as_str(), "-D", &self.data, "-l", &self.log];
        all.extend_from_slice(args);
        run(as_postgres(&all), "pg_ctl")
    }

    /// `pg_ctl restart -m immediate`: every connection dies, nothing is flushed gracefully.
    pub fn restart(&self) -> anyhow::Result<()> {
        self.ctl(&["restart", "-m", "immediate", "-w", "-t", "60"])
    }

    /// Stops the cluster.
    pub fn stop(&self) {
        let _ = self.ctl(&["stop", "-m", "fast", "-w"]);
    }
}

/// The private Redis (no persistence: a restart empties it, as a cache node's would).
pub struct Redis {
    child: Mutex<Option<Child>>,
    log: PathBuf,
}

impl Redis {
    /// Starts it.
    pub fn start(dir: &Path) -> anyhow::Result<Redis> {
        let redis = Redis {
            child: Mutex::new(None),
            log: dir.join("redis.log"),
        };
        redis.spawn()?;
        Ok(redis)
    }

    fn spawn(&self) -> anyhow::Result<()> {
        let log = File::options().create(true).append(true).open(&self.log)?;
        let child = Command::new("redis-server")
            .args([
                "--port",
                &REDIS_PORT.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .stdout(log.try_clone()?)
            .stderr(log)
            .stdin(Stdio::null())
            .spawn()
            .context("starting redis-server")?;
        *self.child.lock().unwrap_or_else(|e| e.into_inner()) = Some(child);
        wait_port(REDIS_PORT, Duration::from_secs(10))
    }

    /// Kills it (SIGKILL) and starts it again, empty.
    pub fn restart(&self) -> anyhow::Result<()> {
        self.stop();
        self.spawn()
    }

    /// Kills it.
    pub fn stop(&self) {
        if let Some(mut child) = self.child.lock().unwrap_or_else(|e| e.into_inner()).take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Waits until something accepts on `port`.
pub fn wait_port(port: u16, within: Duration) -> anyhow::Result<()> {
    let until = std::time::Instant::now() + within;
    while std::time::Instant::now() < until {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    bail!("nothing listens on {port}")
}
