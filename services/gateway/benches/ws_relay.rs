//! Load tool for the gateway (issue 4): starts the release gateway binary as its own process
//! against the real Redis, mints tokens with testkit's JWKS server, and measures relay fan-out,
//! idle-connection memory and HTTP proxy overhead.
//!
//! `cargo bench --workspace --bench ws_relay -- <rooms | rising | idle [N] | proxy | all>`
//! and `-- jjj | jjj-rooms | jjj-rising` for the same relay through the JumpJumpJump dialect
//! (issue 7, [`jjj`]).
//!
//! The gateway and this load generator share the machine's cores; the report prints each
//! process's CPU use and the load average so the figures can be read honestly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use contracts::Topic;
use contracts::events::{members_key, relayable_key};
use futures_util::{SinkExt, StreamExt};
use testkit::{TestAuth, TestRedis};
use tokio::net::TcpSocket;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use uuid::Uuid;

#[path = "ws_relay/jjj.rs"]
mod jjj;

type Socket = tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>;

/// Seconds of traffic before a step's measurement window opens.
const WARMUP: Duration = Duration::from_secs(2);
/// Handshakes in flight while opening many connections.
const CONNECT_CONCURRENCY: usize = 200;
/// Connections per source address (127.0.0.x), well inside the ephemeral port range.
const CONNS_PER_SOURCE_IP: usize = 5000;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let scenario = args.first().map_or("all", String::as_str).to_owned();
    let idle_conns = args
        .get(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| 19_900usize.min(open_files_limit().saturating_sub(100)));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        common::http::init_crypto();
        match scenario.as_str() {
            "rooms" => rooms().await,
            "rising" => rising().await,
            "idle" => idle(idle_conns).await,
            "proxy" => proxy().await,
            "jjj" => jjj::run().await,
            "jjj-rooms" => jjj::rooms(&jjj::Stack::start().await).await,
            "jjj-rising" => jjj::rising(&jjj::Stack::start().await).await,
            "all" => {
                rooms().await;
                rising().await;
                idle(idle_conns).await;
                proxy().await;
            }
            other => {
                eprintln!(
                    "unknown scenario {other:?}: rooms | rising | idle [N] | proxy | all | jjj"
                );
                std::process::exit(2);
            }
        }
    });
}

/// This process's soft limit on open files (the gateway inherits it), from `/proc/self/limits`.
fn open_files_limit() -> usize {
    std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|limits| {
            let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
            line.split_whitespace().nth(3)?.parse().ok()
        })
        .unwrap_or(1024)
}

/// Measurement seconds per step (`BENCH_SECS`, default 5).
fn measure_secs() -> Duration {
    let secs = std::env::var("BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5u64);
    Duration::from_secs(secs.max(1))
}

// ---------------------------------------------------------------------------------------------
// The gateway process

/// A release gateway binary with its own Redis prefix and JWKS server; killed on drop.
struct Gateway {
    child: Child,
    port: u16,
    auth: TestAuth,
    redis: TestRedis,
}

impl Gateway {
    /// Starts `target/release/gateway` with bench-friendly limits and `extra` environment.
    async fn start(extra: &[(&str, String)]) -> Gateway {
        let auth = TestAuth::start().await;
        let redis = TestRedis::new();
        let port = free_port();
        let workers = std::env::var("BENCH_GATEWAY_WORKERS").unwrap_or_else(|_| "2".to_owned());
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_gateway"));
        cmd.arg("serve")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("APP_ENV", "development")
            .env("RUST_LOG", "warn")
            .env("BIND_ADDR", format!("127.0.0.1:{port}"))
            .env("HTTP_WORKERS", workers)
            .env("REDIS_URL", redis.url())
            .env("REDIS_PREFIX", redis.prefix())
            .env("AUTH_JWKS_URL", auth.jwks_url())
            // The bench measures the gateway, not its limits: one source IP opens everything.
            .env("RATE_LIMIT_PER_IP", "1000000000")
            .env("RATE_LIMIT_PER_USER", "1000000000")
            .env("WS_MESSAGES_PER_SECOND", "100000")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        for (k, v) in extra {
            cmd.env(k, v);
        }
        // Allocator experiments (`LD_PRELOAD=...libjemalloc.so.2`, `MALLOC_ARENA_MAX=1`) reach
        // the gateway only; the load generator keeps its own allocator.
        for name in [
            "GATEWAY_LD_PRELOAD",
            "GATEWAY_MALLOC_ARENA_MAX",
            "GATEWAY_MALLOC_CONF",
        ] {
            if let Ok(value) = std::env::var(name) {
                cmd.env(name.trim_start_matches("GATEWAY_"), value);
            }
        }
        let child = cmd.spawn().expect("starting the gateway binary");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "gateway did not start"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // The fan-out subscription is made right after the listener is bound.
        tokio::time::sleep(Duration::from_millis(300)).await;
        Gateway {
            child,
            port,
            auth,
            redis,
        }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Makes `users` members of `topic`, with `player_state` relayable on it (a transient relay: batched, never stored).
    async fn make_members(&self, topic: &Topic, users: &[Uuid]) {
        let keys = common::redis::Keys::new(self.redis.prefix());
        let mut conn = self.redis.conn().await;
        let mut pipe = redis::pipe();
        for user in users {
            pipe.cmd("SADD")
                .arg(keys.key(&members_key(topic)))
                .arg(user.to_string())
                .ignore();
        }
        pipe.cmd("SADD")
            .arg(keys.key(&relayable_key(topic)))
            .arg("player_state")
            .ignore();
        let () = pipe.query_async(&mut conn).await.unwrap();
    }

    /// An authenticated socket for `user` from source address `source`, past its `welcome`.
    async fn connect(&self, user: Uuid, source: Ipv4Addr) -> Socket {
        let token = self.auth.token_for(user);
        let socket = TcpSocket::new_v4().unwrap();
        socket.bind(SocketAddr::from((source, 0))).unwrap();
        let stream = socket
            .connect(SocketAddr::from(([127, 0, 0, 1], self.port)))
            .await
            .unwrap();
        stream.set_nodelay(true).unwrap();
        // Small client buffers: 20,000 sockets at tungstenite's default 128 KiB would not fit.
        let config = WebSocketConfig::default()
            .read_buffer_size(4096)
            .write_buffer_size(0);
        let url = format!("ws://127.0.0.1:{}/ws?token={token}", self.port);
        let (mut ws, _) = tokio_tungstenite::client_async_with_config(url, stream, Some(config))
            .await
            .unwrap();
        let welcome = next_text(&mut ws).await;
        assert!(welcome.contains("\"welcome\""), "{welcome}");
        ws
    }
}

impl Drop for Gateway {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn next_text(ws: &mut Socket) -> String {
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .expect("a frame within 10 s")
            .expect("socket open")
            .unwrap();
        if let Message::Text(text) = msg {
            return text.as_str().to_owned();
        }
    }
}

async fn subscribe(ws: &mut Socket, topic: &str) {
    let frame = format!(r#"{{"op":"subscribe","topic":"{topic}"}}"#);
    ws.send(Message::text(frame)).await.unwrap();
    loop {
        let text = next_text(ws).await;
        if text.contains("\"subscribed\"") {
            return;
        }
        assert!(!text.contains("\"error\""), "subscribe refused: {text}");
    }
}

// ---------------------------------------------------------------------------------------------
// Measuring helpers

fn now_ns() -> u64 {
    let d = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    u64::try_from(d.as_nanos()).unwrap()
}

/// User + system CPU time of a process, in clock ticks (1/100 s).
fn cpu_ticks(pid: &str) -> u64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0;
    };
    // Fields after the `(comm)`: state is field 3, utime 14, stime 15.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let field = |i: usize| fields.get(i - 3).and_then(|f| f.parse::<u64>().ok());
    field(14).unwrap_or(0) + field(15).unwrap_or(0)
}

/// CPU ticks of every `redis-server` process (the shared Redis does the relay's PUBLISH work).
fn redis_ticks() -> u64 {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return 0;
    };
    dir.flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| name.bytes().all(|b| b.is_ascii_digit()))
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .is_ok_and(|c| c.trim() == "redis-server")
        })
        .map(|pid| cpu_ticks(&pid))
        .sum()
}

/// CPU use of the gateway, this process and Redis over a window.
struct CpuMeter {
    gateway: String,
    at: Instant,
    start: (u64, u64, u64),
}

impl CpuMeter {
    fn start(gateway_pid: u32) -> Self {
        let gateway = gateway_pid.to_string();
        let start = (cpu_ticks(&gateway), cpu_ticks("self"), redis_ticks());
        CpuMeter {
            gateway,
            at: Instant::now(),
            start,
        }
    }

    /// Percent of one core for (gateway, load generator, redis).
    fn stop(&self) -> (f64, f64, f64) {
        let secs = self.at.elapsed().as_secs_f64();
        let pct = |now: u64, then: u64| (now.saturating_sub(then)) as f64 / secs;
        (
            pct(cpu_ticks(&self.gateway), self.start.0),
            pct(cpu_ticks("self"), self.start.1),
            pct(redis_ticks(), self.start.2),
        )
    }
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p / 100.0).round() as usize;
    f64::from(sorted[i]) / 1000.0
}

/// The send timestamp a relayed frame carries in `data.t` (ns since the epoch).
fn stamp_of(text: &str) -> Option<u64> {
    let at = text.find("\"t\":")? + 4;
    let digits = text[at..].bytes().take_while(u8::is_ascii_digit).count();
    text[at..at + digits].parse().ok()
}

// ---------------------------------------------------------------------------------------------
// Relay fan-out

/// What one relay step measured.
struct Step {
    sends: u64,
    delivered: u64,
    errors: u64,
    latencies_us: Vec<u32>,
    secs: f64,
    cpu: (f64, f64, f64),
    load: String,
}

/// Rooms of the given sizes, every client sending `rate_hz` relays and receiving its room's.
async fn relay_step(gw: &Gateway, rooms: &[usize], rate_hz: f64) -> Step {
    let measure = measure_secs();
    let mut clients = Vec::new();
    for &size in rooms {
        let raw = format!("room:B{}", Uuid::new_v4().simple());
        let topic = Topic::parse(&raw).unwrap();
        let users: Vec<Uuid> = (0..size).map(|_| Uuid::new_v4()).collect();
        gw.make_members(&topic, &users).await;
        for user in users {
            let mut ws = gw.connect(user, Ipv4Addr::LOCALHOST).await;
            subscribe(&mut ws, &raw).await;
            clients.push((raw.clone(), ws));
        }
    }
    let period = Duration::from_secs_f64(1.0 / rate_hz);
    let n = clients.len();
    let begin = tokio::time::Instant::now() + Duration::from_millis(200);
    let window_start = now_ns() + (Duration::from_millis(200) + WARMUP).as_nanos() as u64;
    let window_end = window_start + measure.as_nanos() as u64;
    let stop_sending = begin + WARMUP + measure;
    let stop_reading = stop_sending + Duration::from_millis(500);
    let mut tasks = Vec::new();
    for (i, (topic, ws)) in clients.into_iter().enumerate() {
        let (mut sink, mut stream) = ws.split();
        // Spread the clients' ticks over one period instead of sending in lock step.
        let first = begin + period.mul_f64(i as f64 / n as f64);
        let writer = tokio::spawn(async move {
            let mut tick = tokio::time::interval_at(first, period);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
            let mut sends = 0u64;
            loop {
                let at = tick.tick().await;
                if at >= stop_sending {
                    break;
                }
                let t = now_ns();
                let frame = format!(
                    r#"{{"op":"send","topic":"{topic}","type":"player_state","data":{{"t":{t},"x":12.5,"y":3.25,"vx":0.5,"vy":-1.0,"anim":"run"}}}}"#
                );
                if sink.send(Message::text(frame)).await.is_err() {
                    break;
                }
                if t >= window_start && t < window_end {
                    sends += 1;
                }
            }
            (sends, sink)
        });
        let reader = tokio::spawn(async move {
            let mut delivered = 0u64;
            let mut errors = 0u64;
            let mut latencies = Vec::with_capacity(4096);
            let deadline = tokio::time::sleep_until(stop_reading);
            tokio::pin!(deadline);
            loop {
                let msg = tokio::select! {
                    biased;
                    msg = stream.next() => msg,
                    () = &mut deadline => break,
                };
                let Some(Ok(msg)) = msg else { break };
                let Message::Text(text) = msg else { continue };
                let now = now_ns();
                if now < window_start || now >= window_end {
                    continue;
                }
                match stamp_of(&text) {
                    Some(sent) => {
                        delivered += 1;
                        let us = now.saturating_sub(sent) / 1000;
                        latencies.push(u32::try_from(us).unwrap_or(u32::MAX));
                    }
                    None if text.contains("\"op\":\"error\"") => errors += 1,
                    None => {}
                }
            }
            (delivered, errors, latencies, stream)
        });
        tasks.push((writer, reader));
    }
    tokio::time::sleep_until(begin + WARMUP).await;
    let meter = CpuMeter::start(gw.pid());
    let load_before = loadavg();
    tokio::time::sleep(measure).await;
    let cpu = meter.stop();
    let load = format!("{load_before} -> {}", loadavg());
    let mut step = Step {
        sends: 0,
        delivered: 0,
        errors: 0,
        latencies_us: Vec::new(),
        secs: measure.as_secs_f64(),
        cpu,
        load,
    };
    let mut sockets = Vec::new();
    for (writer, reader) in tasks {
        let (sends, sink) = writer.await.unwrap();
        let (delivered, errors, latencies, stream) = reader.await.unwrap();
        step.sends += sends;
        step.delivered += delivered;
        step.errors += errors;
        step.latencies_us.extend(latencies);
        sockets.push(sink.reunite(stream).unwrap());
    }
    for mut ws in sockets {
        let _ = ws.close(None).await;
    }
    step.latencies_us.sort_unstable();
    step
}

fn print_header() {
    println!(
        "| scenario | clients | Hz/client | sends/s | delivered/s | p50 ms | p99 ms | p99.9 ms | max ms | errors | CPU gw/gen/redis % | load 1/5/15 |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
}

fn print_step(label: &str, clients: usize, rate: f64, s: &Step) {
    let l = &s.latencies_us;
    println!(
        "| {label} | {clients} | {rate} | {:.0} | {:.0} | {:.2} | {:.2} | {:.2} | {:.2} | {} | {:.0}/{:.0}/{:.0} | {} |",
        s.sends as f64 / s.secs,
        s.delivered as f64 / s.secs,
        percentile(l, 50.0),
        percentile(l, 99.0),
        percentile(l, 99.9),
        percentile(l, 100.0),
        s.errors,
        s.cpu.0,
        s.cpu.1,
        s.cpu.2,
        s.load,
    );
}

/// (a) 50 rooms of 2 clients, each client at 60 Hz.
async fn rooms() {
    let gw = Gateway::start(&[]).await;
    println!("\n## rooms: 50 rooms x 2 clients at 60 Hz\n");
    print_header();
    let step = relay_step(&gw, &[2; 50], 60.0).await;
    print_step("50 x 2", 100, 60.0, &step);
}

/// (b) One room of 10, then one room of 50, at rising per-client rates; a room stops rising
/// once p99 passes 100 ms or less than 90% of the offered deliveries arrive.
async fn rising() {
    let gw = Gateway::start(&[]).await;
    println!("\n## rising: one room of 10, one room of 50\n");
    print_header();
    let plans: [(usize, &[f64]); 2] = [
        (10, &[60.0, 240.0, 480.0, 960.0, 1500.0]),
        (50, &[10.0, 20.0, 40.0, 60.0, 80.0, 120.0]),
    ];
    for (size, rates) in plans {
        for &rate in rates {
            let step = relay_step(&gw, &[size], rate).await;
            print_step(&format!("room of {size}"), size, rate, &step);
            let offered = step.sends as f64 * size as f64;
            if percentile(&step.latencies_us, 99.0) > 100.0
                || (step.delivered as f64) < offered * 0.9
            {
                break;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Idle connections

/// `n` idle authenticated connections: the gateway's resident memory per connection.
async fn idle(n: usize) {
    let gw = Arc::new(Gateway::start(&[]).await);
    let pid = gw.pid();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before = rss_kb(pid);
    let load_before = loadavg();
    let started = Instant::now();
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let sockets: Vec<Socket> = futures_util::stream::iter(0..n)
        .map(|i| {
            let gw = gw.clone();
            async move {
                let source = Ipv4Addr::new(
                    127,
                    0,
                    0,
                    2 + u8::try_from(i / CONNS_PER_SOURCE_IP).unwrap(),
                );
                gw.connect(Uuid::new_v4(), source).await
            }
        })
        .buffer_unordered(CONNECT_CONCURRENCY)
        .collect()
        .await;
    // Reading keeps answering the server's heartbeat pings (it closes silent clients).
    let opened: Vec<tokio::task::JoinHandle<()>> = sockets
        .into_iter()
        .map(|mut ws| {
            let mut stop = stop_rx.clone();
            tokio::spawn(async move {
                loop {
                    tokio::select! {
                        _ = stop.changed() => break,
                        msg = ws.next() => if !matches!(msg, Some(Ok(_))) { break },
                    }
                }
            })
        })
        .collect();
    let connect_secs = started.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_secs(5)).await;
    let after = rss_kb(pid);
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd")).map_or(0, Iterator::count);
    let per_conn = (after.saturating_sub(before) * 1024) as f64 / n as f64;
    println!("\n## idle: {n} authenticated connections\n");
    println!(
        "| connections | gateway fds | RSS before | RSS after | per connection | connect time | load 1/5/15 |"
    );
    println!("|---|---|---|---|---|---|---|");
    println!(
        "| {n} | {fds} | {before} KiB | {after} KiB | {per_conn:.0} bytes | {connect_secs:.1} s | {load_before} -> {} |",
        loadavg()
    );
    let _ = stop_tx.send(true);
    for task in opened {
        let _ = task.await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    println!("\nRSS after every connection closed: {} KiB", rss_kb(pid));
}

// ---------------------------------------------------------------------------------------------
// HTTP proxy overhead

/// A minimal upstream on its own thread and runtime: `GET /api/rooms/ping` answers `{"ok":true}`.
fn start_upstream() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            use actix_web::{App, HttpResponse, HttpServer, web};
            HttpServer::new(|| {
                App::new().route(
                    "/api/rooms/ping",
                    web::get().to(|| async {
                        HttpResponse::Ok()
                            .content_type("application/json")
                            .body(r#"{"ok":true}"#)
                    }),
                )
            })
            .workers(1)
            .listen(listener)
            .unwrap()
            .run()
            .await
            .unwrap();
        });
    });
    port
}

/// wrk's p50, p99 (ms) and requests/s from `--latency` output.
fn parse_wrk(out: &str) -> (f64, f64, f64) {
    let ms = |line: &str| {
        let v = line.split_whitespace().nth(1).unwrap_or("");
        let num = |s: &str, suf: &str| s.strip_suffix(suf).and_then(|n| n.parse::<f64>().ok());
        num(v, "us")
            .map(|n| n / 1000.0)
            .or_else(|| num(v, "ms"))
            .or_else(|| num(v, "s").map(|n| n * 1000.0))
            .unwrap_or(f64::NAN)
    };
    let line = |prefix: &str| out.lines().find(|l| l.trim_start().starts_with(prefix));
    let rps = line("Requests/sec:")
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN);
    (
        line("50%").map_or(f64::NAN, ms),
        line("99%").map_or(f64::NAN, ms),
        rps,
    )
}

fn wrk(connections: usize, secs: u64, url: &str) -> (f64, f64, f64) {
    let out = Command::new("wrk")
        .args([
            "-t1",
            &format!("-c{connections}"),
            &format!("-d{secs}s"),
            "--latency",
            url,
        ])
        .output()
        .expect("running wrk (apt-get install -y wrk)");
    let text = String::from_utf8_lossy(&out.stdout);
    let parsed = parse_wrk(&text);
    if parsed.0.is_nan() {
        eprintln!("wrk output not understood:\n{text}");
    }
    parsed
}

/// The same cheap upstream called directly and through the gateway, alternating, same run.
async fn proxy() {
    if Command::new("wrk").arg("--version").output().is_err() {
        println!("\n## proxy: skipped, wrk is not installed (apt-get install -y wrk)");
        return;
    }
    let upstream = start_upstream();
    let gw = Gateway::start(&[("ROOM_URL", format!("http://127.0.0.1:{upstream}"))]).await;
    let direct = format!("http://127.0.0.1:{upstream}/api/rooms/ping");
    let through = format!("http://127.0.0.1:{}/api/rooms/ping", gw.port);
    // The route must work before it is measured.
    let status = reqwest::get(&through).await.unwrap().status();
    assert_eq!(status, 200, "the gateway does not reach the upstream");
    let secs = measure_secs().as_secs().max(5);
    println!("\n## proxy: GET /api/rooms/ping, wrk -t1 -d{secs}s\n");
    println!("| connections | path | p50 ms | p99 ms | requests/s | load 1/5/15 |");
    println!("|---|---|---|---|---|---|");
    for connections in [1usize, 16] {
        for round in 0..2 {
            for (name, url) in [("direct", &direct), ("gateway", &through)] {
                let load = loadavg();
                let url = url.clone();
                let (p50, p99, rps) =
                    tokio::task::spawn_blocking(move || wrk(connections, secs, &url))
                        .await
                        .unwrap();
                println!(
                    "| {connections} | {name} (round {}) | {p50:.3} | {p99:.3} | {rps:.0} | {load} |",
                    round + 1
                );
            }
        }
    }
}
