// Delivery latency of attack events to /ws/battle watchers (issue 21). Opens WATCHERS (20)
// sockets through the gateway as the players of /tmp/bb_tokens.txt, then every PROBE_MS (50)
// sends one attack as the first player and times, on every socket, the arrival of that
// attack's event from the moment its HTTP answer arrived (negative = the event came first,
// counted as 0). Prints p50/p99/max and losses on SIGINT or after DURATION_S (15).
// No dependencies: Node 20 has no WebSocket client, so the few lines of RFC 6455 it needs
// (handshake, unmasked server text frames) are here.
"use strict";
const http = require("http");
const crypto = require("crypto");
const fs = require("fs");

const GW = { host: "127.0.0.1", port: Number(process.env.GW_PORT || 28180) };
const env = Object.fromEntries(fs.readFileSync("/tmp/bb_raid.env", "utf8").trim().split(/\s+/).map((kv) => kv.split("=")));
const players = fs.readFileSync(process.env.TOKENS || "/tmp/bb_tokens.txt", "utf8")
  .trim().split("\n").map((l) => { const [token, user] = l.split(" "); return { token, user }; });
const WATCHERS = Number(process.env.WATCHERS || 20);
const PROBE_MS = Number(process.env.PROBE_MS || 50);
const DURATION_S = Number(process.env.DURATION_S || 15);
const prober = players[0];

const samples = [];
let expected = 0;
let pending = null; // { answeredAt, seen: Set }

function connect(i) {
  const p = players[i % players.length];
  const key = crypto.randomBytes(16).toString("base64");
  const req = http.request({ ...GW, path: `/ws/battle/${env.RAID}?token=${p.token}`, headers: {
    Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": key } });
  req.on("upgrade", (_res, socket) => {
    let buf = Buffer.alloc(0);
    socket.on("data", (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (buf.length < 2) return;
        let len = buf[1] & 0x7f, off = 2;
        if (len === 126) { if (buf.length < 4) return; len = buf.readUInt16BE(2); off = 4; }
        else if (len === 127) { if (buf.length < 10) return; len = Number(buf.readBigUInt64BE(2)); off = 10; }
        if (buf.length < off + len) return;
        const opcode = buf[0] & 0x0f;
        const payload = buf.subarray(off, off + len);
        buf = buf.subarray(off + len);
        if (opcode === 1) onText(i, payload.toString("utf8"));
      }
    });
  });
  req.on("error", (e) => { console.error(`watcher ${i}: ${e.message}`); });
  req.end();
}

function onText(i, text) {
  const now = performance.now();
  if (!pending || !text.includes('"attack"') || !text.includes(prober.user)) return;
  if (pending.seen.has(i)) return;
  pending.seen.add(i);
  pending.arrivals.push(now);
}

function settle() {
  if (!pending) return;
  for (const t of pending.arrivals) samples.push(Math.max(0, t - pending.answeredAt));
  pending = null;
}

function probe() {
  settle();
  const body = JSON.stringify({ enemy_id: Number(env.ENEMY), attack_type: "normal" });
  const current = { answeredAt: Infinity, seen: new Set(), arrivals: [] };
  pending = current;
  expected += WATCHERS;
  const req = http.request({ ...GW, method: "POST", path: `/api/battles/${env.RAID}/attack`, headers: {
    Authorization: `Bearer ${prober.token}`, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) } },
    (res) => { res.resume(); res.on("end", () => { current.answeredAt = performance.now(); }); });
  req.on("error", (e) => console.error(`probe: ${e.message}`));
  req.end(body);
}

function report() {
  settle();
  samples.sort((a, b) => a - b);
  const pct = (q) => samples.length ? samples[Math.min(samples.length - 1, Math.floor(q * samples.length))].toFixed(2) : "n/a";
  console.log(`ws delivery after the answer: p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, max ${pct(1)} ms, ` +
    `${samples.length}/${expected} deliveries`);
  process.exit(0);
}

for (let i = 0; i < WATCHERS; i++) connect(i);
setTimeout(() => {
  const timer = setInterval(probe, PROBE_MS);
  const stop = () => { clearInterval(timer); setTimeout(report, 500); };
  process.on("SIGINT", stop);
  setTimeout(stop, DURATION_S * 1000);
}, 1000);
