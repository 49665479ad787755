//! The JumpJumpJump relay through `/ws/room/{id}` (issue 7) with the relay scenarios'
//! shapes: 50 rooms of 2 at 60 Hz, then one room of 10 and one of 50 at rising rates. The
//! room service runs in this process (it only creates and joins rooms; the state relay
//! itself is gateway + Redis), the gateway as its release binary.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use testkit::TestApp;
use tokio::net::TcpSocket;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use uuid::Uuid;

use super::{
    CpuMeter, Gateway, Socket, Step, WARMUP, loadavg, measure_secs, now_ns, percentile,
    print_header, print_step, stamp_of,
};

/// The room service in-process and the gateway binary in front of it, on one Redis prefix and
/// one set of test keys.
pub struct Stack {
    room: TestApp,
    gw: Gateway,
}

impl Stack {
    pub async fn start() -> Stack {
        let settings = room::RoomSettings {
            fetch_usernames: false,
            ..room::RoomSettings::default()
        };
        let room = testkit::spawn_app(room::service(Some(settings))).await;
        // The gateway's own prefix and JWKS are replaced by the room's (later env wins).
        let gw = Gateway::start(&[
            ("REDIS_PREFIX", room.context.settings.redis.prefix.clone()),
            ("AUTH_JWKS_URL", room.auth.jwks_url()),
            ("ROOM_URL", room.address.clone()),
        ])
        .await;
        Stack { room, gw }
    }

    async fn connect(&self, path: &str, user: Uuid) -> Socket {
        let token = self.room.auth.token_for(user);
        let socket = TcpSocket::new_v4().unwrap();
        let stream = socket
            .connect(([127, 0, 0, 1], self.gw.port).into())
            .await
            .unwrap();
        stream.set_nodelay(true).unwrap();
        let config = WebSocketConfig::default()
            .read_buffer_size(4096)
            .write_buffer_size(0);
        let url = format!("ws://127.0.0.1:{}{path}?token={token}", self.gw.port);
        tokio_tungstenite::client_async_with_config(url, stream, Some(config))
            .await
            .unwrap()
            .0
    }

    /// A co-op room of `size` players through the dialect (create, then joins).
    async fn room_of(&self, size: usize) -> Vec<Socket> {
        let mut host = self.connect("/ws/room/new", Uuid::new_v4()).await;
        let create = json!({ "type": "create_room", "max_players": size.max(2) });
        host.send(Message::text(create.to_string())).await.unwrap();
        let code = until(&mut host, "room_created").await["room_id"]
            .as_str()
            .unwrap()
            .to_owned();
        let mut sockets = vec![host];
        for _ in 1..size {
            let mut ws = self
                .connect(&format!("/ws/room/{code}"), Uuid::new_v4())
                .await;
            ws.send(Message::text(json!({ "type": "join_room" }).to_string()))
                .await
                .unwrap();
            until(&mut ws, "room_joined").await;
            sockets.push(ws);
        }
        // Let every player_joined reach everyone before the measurement.
        tokio::time::sleep(Duration::from_millis(200)).await;
        sockets
    }
}

async fn until(ws: &mut Socket, kind: &str) -> Value {
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        if let Message::Text(text) = msg {
            let v: Value = serde_json::from_str(&text).unwrap();
            assert_ne!(v["type"], "error", "{v}");
            if v["type"] == kind {
                return v;
            }
        }
    }
}

/// Rooms of the given sizes, every player sending `player_state` at `rate_hz` and receiving
/// the others' `player_state_update`.
async fn step(stack: &Stack, rooms: &[usize], rate_hz: f64) -> Step {
    let measure = measure_secs();
    let mut clients = Vec::new();
    for &size in rooms {
        clients.extend(stack.room_of(size).await);
    }
    let period = Duration::from_secs_f64(1.0 / rate_hz);
    let n = clients.len();
    let begin = tokio::time::Instant::now() + Duration::from_millis(200);
    let window_start = now_ns() + (Duration::from_millis(200) + WARMUP).as_nanos() as u64;
    let window_end = window_start + measure.as_nanos() as u64;
    let stop_sending = begin + WARMUP + measure;
    let stop_reading = stop_sending + Duration::from_millis(500);
    let mut tasks = Vec::new();
    for (i, ws) in clients.into_iter().enumerate() {
        let (mut sink, mut stream) = ws.split();
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
                // The seed client's 60 Hz frame: position, velocity and flags.
                let frame = format!(
                    r#"{{"type":"player_state","state":{{"t":{t},"x":412.345,"y":550.5,"velocity_x":120.25,"velocity_y":-3.5,"health":100,"lives":3,"score":40,"is_alive":true,"facing_right":true,"is_jumping":false,"is_shooting":false}}}}"#
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
            let (mut delivered, mut errors) = (0u64, 0u64);
            let mut latencies = Vec::with_capacity(4096);
            let deadline = tokio::time::sleep_until(stop_reading);
            tokio::pin!(deadline);
            loop {
                let msg = tokio::select! {
                    biased;
                    msg = stream.next() => msg,
                    () = &mut deadline => break,
                };
                let Some(Ok(Message::Text(text))) = msg else {
                    if msg.is_none() {
                        break;
                    }
                    continue;
                };
                let now = now_ns();
                if now < window_start || now >= window_end {
                    continue;
                }
                match stamp_of(&text) {
                    Some(sent) if text.contains("\"player_state_update\"") => {
                        delivered += 1;
                        latencies.push(
                            u32::try_from(now.saturating_sub(sent) / 1000).unwrap_or(u32::MAX),
                        );
                    }
                    _ if text.contains("\"type\":\"error\"") => errors += 1,
                    _ => {}
                }
            }
            (delivered, errors, latencies, stream)
        });
        tasks.push((writer, reader));
    }
    tokio::time::sleep_until(begin + WARMUP).await;
    let meter = CpuMeter::start(stack.gw.pid());
    let load_before = loadavg();
    tokio::time::sleep(measure).await;
    let cpu = meter.stop();
    let load = format!("{load_before} -> {}", loadavg());
    let mut out = Step {
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
        out.sends += sends;
        out.delivered += delivered;
        out.errors += errors;
        out.latencies_us.extend(latencies);
        sockets.push(sink.reunite(stream).unwrap());
    }
    for mut ws in sockets {
        let _ = ws.close(None).await;
    }
    out.latencies_us.sort_unstable();
    out
}

/// `jjj`: both relay scenarios through the JumpJumpJump dialect.
pub async fn run() {
    let stack = Stack::start().await;
    rooms(&stack).await;
    rising(&stack).await;
}

/// 50 rooms of 2 players at 60 Hz.
pub async fn rooms(stack: &Stack) {
    println!("\n## jjj: 50 rooms x 2 players at 60 Hz through /ws/room\n");
    print_header();
    let s = step(stack, &[2; 50], 60.0).await;
    print_step("jjj 50 x 2", 100, 60.0, &s);
}

/// One room of 10, then one of 50, at rising rates, until p99 passes 100 ms or under 90% of
/// the offered updates arrive.
pub async fn rising(stack: &Stack) {
    println!("\n## jjj rising: one room of 10, one room of 50 through /ws/room\n");
    print_header();
    let plans: [(usize, &[f64]); 2] = [
        (10, &[60.0, 240.0, 480.0, 960.0]),
        (50, &[10.0, 20.0, 40.0, 60.0, 80.0]),
    ];
    for (size, rates) in plans {
        for &rate in rates {
            let s = step(stack, &[size], rate).await;
            print_step(&format!("jjj room of {size}"), size, rate, &s);
            let offered = s.sends as f64 * (size - 1) as f64;
            if percentile(&s.latencies_us, 99.0) > 100.0 || (s.delivered as f64) < offered * 0.9 {
                break;
            }
        }
    }
}
