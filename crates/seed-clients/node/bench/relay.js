#!/usr/bin/env node
// Relay through the gateway, Socket.IO (official socket.io-client, websocket transport) side by
// side with the native /ws, in one run: one co-op room of N clients, each relaying
// `player_state` at rising rates; every receiver but the sender counts the message and its
// end-to-end latency (the sender stamps `t` on the same clock).
//
//   node bench/relay.js <gateway url> [rates Hz per client, default 10,60,120,240,480]
//   env: BENCH_CLIENTS (10), BENCH_SECS (5, measured after 1 s of warm-up), BENCH_GATEWAY_PID
//   (the gateway's pid on this machine: its CPU % over each window is reported)
//
// The gateway needs WS_MESSAGES_PER_SECOND above the highest rate and the auth rate limit
// lifted (scripts/bench-stack.sh lifts it); see the README's "Voting game" section.
// Prints one JSON line per step and a summary table on stderr.
"use strict";

const WebSocket = require("ws");
const { io } = require("socket.io-client");
const { Rest } = require("../lib/client");

const base = process.argv[2];
const rates = (process.argv[3] || "10,60,120,240,480").split(",").map(Number);
const N = Number(process.env.BENCH_CLIENTS || 10);
const SECS = Number(process.env.BENCH_SECS || 5);
const WARMUP_MS = 1000;
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const GATEWAY_PID = process.env.BENCH_GATEWAY_PID;

/** The gateway's CPU seconds so far (utime + stime from /proc), when its pid is known. */
function gatewayCpu() {
  if (!GATEWAY_PID) return null;
  try {
    const stat = require("node:fs").readFileSync(`/proc/${GATEWAY_PID}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch (_) {
    return null;
  }
}

/** Latencies and counts of the measured window. */
class Window {
  constructor() {
    this.open = false;
    this.lat = [];
    this.sent = 0;
  }
  received(t) {
    if (this.open) this.lat.push(now() - t);
  }
  summary(secs) {
    const lat = Float64Array.from(this.lat).sort();
    const q = (p) => (lat.length ? lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] : null);
    const r = (x) => (x === null ? null : Math.round(x * 100) / 100);
    return {
      sends_per_s: Math.round(this.sent / secs),
      delivered_per_s: Math.round(lat.length / secs),
      p50_ms: r(q(0.5)),
      p99_ms: r(q(0.99)),
      max_ms: r(lat.length ? lat[lat.length - 1] : null),
    };
  }
}

async function accounts() {
  const users = [];
  for (let i = 0; i < N; i += 1) {
    const rest = new Rest(base);
    const { user, token } = await rest.register(`b${i}`);
    users.push({ rest, user, token });
  }
  const room = await users[0].rest.call("POST", "/api/rooms", { kind: "coop", max_players: N });
  for (const u of users.slice(1)) {
    await u.rest.call("POST", "/api/rooms/join", { code: room.code });
  }
  return { users, code: room.code };
}

/** N native /ws clients subscribed to the room. */
async function nativeClients(users, code, win) {
  const topic = `room:${code}`;
  return Promise.all(
    users.map(
      (u) =>
        new Promise((resolve, reject) => {
          const url = `${base.replace(/^http/, "ws")}/ws?token=${u.token}`;
          const ws = new WebSocket(url, { perMessageDeflate: false });
          ws.on("error", reject);
          ws.on("close", (code) => {
            if (!win.done) win.closed = (win.closed || 0) + 1;
            win.closeCodes = [...(win.closeCodes || []), code];
          });
          ws.on("message", (raw) => {
            const frame = JSON.parse(raw);
            if (frame.op === "welcome") ws.send(JSON.stringify({ op: "subscribe", topic }));
            else if (frame.op === "subscribed") resolve({
              send: (t) => ws.send(JSON.stringify({ op: "send", topic, type: "player_state", data: { t } })),
              close: () => ws.close(),
            });
            else if (frame.op === "event" && frame.data.sender_id !== u.user.id) win.received(frame.data.t);
            else if (frame.op === "error") win.errors = (win.errors || 0) + 1;
          });
        }),
    ),
  );
}

/** N Socket.IO clients that joined the room with the seed's `join_room` emit. */
async function socketioClients(users, code, win) {
  return Promise.all(
    users.map(
      (u) =>
        new Promise((resolve, reject) => {
          const s = io(base, { transports: ["websocket"], auth: { token: u.token }, reconnection: false, forceNew: true });
          s.on("connect_error", reject);
          s.on("disconnect", (reason) => {
            if (!win.done) win.closed = (win.closed || 0) + 1;
          });
          s.on("connect", () => {
            s.emit("join_room", { room_code: code }, (ack) => {
              if (!ack || !ack.success) return reject(new Error(`join_room: ${JSON.stringify(ack)}`));
              resolve({ send: (t) => s.emit("player_state", { t }), close: () => s.close() });
            });
          });
          s.on("player_state", (d) => win.received(d.t));
          s.on("error", () => (win.errors = (win.errors || 0) + 1));
        }),
    ),
  );
}

/** Every client sends `hz` messages per second for warm-up plus the window. */
async function drive(clients, hz, win) {
  const start = now();
  const stopAt = start + WARMUP_MS + SECS * 1000;
  const due = clients.map(() => 0);
  await new Promise((resolve) => {
    const tick = setInterval(() => {
      const t = now();
      if (!win.open && t - start >= WARMUP_MS) {
        win.open = true;
        win.cpu0 = gatewayCpu();
      }
      if (t >= stopAt) {
        const cpu1 = gatewayCpu();
        if (win.cpu0 !== null && cpu1 !== null) win.gatewayCpu = Math.round(((cpu1 - win.cpu0) / SECS) * 100);
        clearInterval(tick);
        return resolve();
      }
      const should = Math.floor(((t - start) / 1000) * hz);
      clients.forEach((c, i) => {
        while (due[i] < should) {
          c.send(now());
          due[i] += 1;
          if (win.open) win.sent += 1;
        }
      });
    }, 5);
  });
  win.open = false;
  await sleep(300);
}

async function main() {
  const { users, code } = await accounts();
  const rows = [];
  for (const hz of rates) {
    for (const [name, connect] of [["native", nativeClients], ["socketio", socketioClients]]) {
      const win = new Window();
      // A long window (the soak's half hour) outlives an access token: each protocol's
      // sockets connect with fresh ones.
      for (const u of users) u.token = await u.rest.login();
      const clients = await connect(users, code, win);
      await sleep(200);
      await drive(clients, hz, win);
      win.done = true;
      clients.forEach((c) => c.close());
      const row = { protocol: name, clients: N, hz, ...win.summary(SECS), gateway_cpu_pct: win.gatewayCpu ?? null, errors: win.errors || 0, closed_by_server: win.closed || 0 };
      rows.push(row);
      console.log(JSON.stringify(row));
      await sleep(300);
    }
  }
  console.error("protocol  Hz  sends/s  delivered/s  p50 ms  p99 ms  gw CPU %");
  for (const r of rows) {
    console.error(`${r.protocol.padEnd(9)} ${String(r.hz).padStart(3)} ${String(r.sends_per_s).padStart(8)} ${String(r.delivered_per_s).padStart(12)} ${String(r.p50_ms).padStart(7)} ${String(r.p99_ms).padStart(7)} ${String(r.gateway_cpu_pct).padStart(8)}`);
  }
  process.exit(0);
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : err);
  process.exit(1);
});
