// One relay load client for every target of the side-by-side benchmark (issue 26): rooms of N
// players, each sending the JumpJumpJump `player_state` frame at a rate and timing the others'
// `player_state_update` from the send time in the payload (integer microseconds of this
// process's clock, so the dialect's float rounding leaves it whole).
//
//   node load.mjs <scenario>... with TARGETS and optional ROUNDS, SECS, WARMUP_SECS
//
// A scenario is `<rooms>x<size>@<hz per player>`, e.g. `100x2@60`. TARGETS is a `;`-separated
// list of `name=kind:host:port:pid,pid,...` where kind is `jjj` (the gateway's `/ws/room`, as a
// guest) or `colyseus` (a Colyseus relay room through its official client); the pids are the
// processes whose CPU (utime+stime from /proc) the target is charged with. Targets alternate
// within each round, so the machine's noise falls on all of them alike.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import WebSocket from "ws";
import { Client as ColyseusClient } from "@colyseus/sdk";

const ROUNDS = Number(process.env.ROUNDS ?? 2);
const SECS = Number(process.env.SECS ?? 10);
const WARMUP = Number(process.env.WARMUP_SECS ?? 2);
const CLK_TCK = 100;

const micros = () => Number(process.hrtime.bigint() / 1000n);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function parseTargets(spec) {
  return spec.split(";").filter(Boolean).map((t) => {
    const [name, rest] = t.split("=");
    const [kind, host, port, pids] = rest.split(":");
    return { name, kind, host, port: Number(port), pids: (pids ?? "").split(",").filter(Boolean) };
  });
}

function ticksOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

function procName(pid) {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return String(pid);
  }
}

// Redis's own account of its commands (`INFO commandstats`): calls and microseconds per
// command, to split Redis's CPU by what the gateway asked of it. REDIS_PORT names the instance.
function commandStats() {
  if (!process.env.REDIS_PORT) return {};
  const out = execFileSync("redis-cli", ["-p", process.env.REDIS_PORT, "INFO", "commandstats"], { encoding: "utf8" });
  const stats = {};
  for (const m of out.matchAll(/cmdstat_(\S+?):calls=(\d+),usec=(\d+)/g)) stats[m[1]] = [Number(m[2]), Number(m[3])];
  return stats;
}

function commandDiff(before, after) {
  return Object.entries(after)
    .map(([cmd, [calls, usec]]) => [cmd, calls - (before[cmd]?.[0] ?? 0), usec - (before[cmd]?.[1] ?? 0)])
    .filter(([, calls]) => calls > 100)
    .map(([cmd, calls, usec]) => `${cmd} ${calls} calls ${(usec / calls).toFixed(2)} µs each`)
    .join("; ");
}

function stateFrame(t) {
  return { t, x: 412.345, y: 550.5, velocity_x: 120.25, velocity_y: -3.5, health: 100, lives: 3, score: 40, is_alive: true, facing_right: true, is_jumping: false, is_shooting: false };
}

// ---- the gateway's JumpJumpJump dialect ------------------------------------------------------

function openJjj(target, path) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${target.host}:${target.port}${path}`, { perMessageDeflate: false });
    ws.once("open", () => {
      ws._socket.setNoDelay(true);
      resolve(ws);
    });
    ws.once("error", reject);
  });
}

function until(ws, type) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type}`)), 15000);
    const onMessage = (data) => {
      const msg = JSON.parse(data.toString());
      if (msg.type === "error") {
        clearTimeout(timer);
        reject(new Error(JSON.stringify(msg)));
      } else if (msg.type === type) {
        clearTimeout(timer);
        ws.off("message", onMessage);
        resolve(msg);
      }
    };
    ws.on("message", onMessage);
  });
}

async function jjjRoom(target, size, onUpdate) {
  const host = await openJjj(target, "/ws/room/new");
  const created = until(host, "room_created");
  host.send(JSON.stringify({ type: "create_room", max_players: Math.max(size, 2) }));
  const code = (await created).room_id;
  const sockets = [host];
  for (let i = 1; i < size; i++) {
    const ws = await openJjj(target, `/ws/room/${code}`);
    const joined = until(ws, "room_joined");
    ws.send(JSON.stringify({ type: "join_room" }));
    await joined;
    sockets.push(ws);
  }
  return sockets.map((ws) => {
    ws.on("message", (data) => {
      const text = data.toString();
      if (text.startsWith('{"type":"player_state_update"')) {
        const m = /"t":(\d+)/.exec(text);
        if (m) onUpdate(Number(m[1]));
      }
    });
    return {
      send: (t) => ws.send(JSON.stringify({ type: "player_state", state: stateFrame(t) })),
      close: () => ws.close(),
    };
  });
}

// ---- Colyseus ----------------------------------------------------------------------------------

async function colyseusRoom(target, size, onUpdate) {
  const url = `ws://${target.host}:${target.port}`;
  const host = await new ColyseusClient(url).create("relay", { maxClients: size });
  const rooms = [host];
  for (let i = 1; i < size; i++) rooms.push(await new ColyseusClient(url).joinById(host.roomId));
  return rooms.map((room) => {
    room.onMessage("player_state_update", (msg) => onUpdate(msg.state.t));
    return {
      send: (t) => room.send("player_state", stateFrame(t)),
      close: () => room.leave(true),
    };
  });
}

// ---- one step ----------------------------------------------------------------------------------

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] / 1000;
}

async function step(target, rooms, size, hz) {
  const window = { start: Infinity, end: Infinity };
  const latencies = [];
  let delivered = 0;
  const onUpdate = (sent) => {
    const now = micros();
    if (now >= window.start && now < window.end) {
      delivered++;
      latencies.push(now - sent);
    }
  };
  const open = target.kind === "colyseus" ? colyseusRoom : jjjRoom;
  const players = [];
  for (let r = 0; r < rooms; r++) players.push(...(await open(target, size, onUpdate)));
  await sleep(300);
  // One scheduler for every player: each has its own phase, and a late tick sends once (as
  // tokio's MissedTickBehavior::Skip), so a stalled target is not flooded afterwards.
  const period = 1e6 / hz;
  const begin = micros() + 100_000;
  const next = players.map((_, i) => begin + (period * i) / players.length);
  let sends = 0;
  window.start = begin + WARMUP * 1e6;
  window.end = window.start + SECS * 1e6;
  const stopAt = window.end;
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const now = micros();
      if (now >= stopAt) {
        clearInterval(timer);
        resolve();
        return;
      }
      for (let i = 0; i < players.length; i++) {
        if (next[i] <= now) {
          players[i].send(now);
          if (now >= window.start) sends++;
          next[i] += period * Math.max(1, Math.ceil((now - next[i]) / period));
        }
      }
    }, 1);
    // CPU and load are read at the window's edges.
    setTimeout(() => {
      target.cpuBefore = target.pids.map(ticksOf);
      target.loadBefore = os.loadavg()[0];
      target.clientBefore = process.cpuUsage();
      target.redisBefore = commandStats();
    }, (window.start - micros()) / 1000);
  });
  const cpuAfter = target.pids.map(ticksOf);
  const client = process.cpuUsage(target.clientBefore);
  const loadAfter = os.loadavg()[0];
  const redis = commandDiff(target.redisBefore, commandStats());
  await sleep(500);
  for (const p of players) p.close();
  await sleep(500);
  latencies.sort((a, b) => a - b);
  const perProc = target.pids.map((pid, i) => [procName(pid), (cpuAfter[i] - target.cpuBefore[i]) / CLK_TCK]);
  const cpu = perProc.reduce((s, [, c]) => s + c, 0);
  return {
    target: target.name,
    sendsPerSec: sends / SECS,
    deliveredPerSec: delivered / SECS,
    expectedPerSec: (sends / SECS) * (size - 1),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    p999: percentile(latencies, 99.9),
    cpu,
    perProc,
    usPerDelivered: delivered ? (cpu * 1e6) / delivered : NaN,
    clientCpu: (client.user + client.system) / 1e6,
    load: `${target.loadBefore.toFixed(2)}->${loadAfter.toFixed(2)}`,
    redis,
  };
}

function report(s) {
  const procs = s.perProc.map(([n, c]) => `${n} ${c.toFixed(2)}`).join(", ");
  console.log(
    `| ${s.target} | ${s.sendsPerSec.toFixed(0)} | ${s.deliveredPerSec.toFixed(0)} of ${s.expectedPerSec.toFixed(0)} | ` +
      `${s.p50.toFixed(2)} / ${s.p99.toFixed(2)} / ${s.p999.toFixed(2)} | ${s.cpu.toFixed(2)} (${procs}) | ` +
      `**${s.usPerDelivered.toFixed(1)}** | ${s.clientCpu.toFixed(2)} | ${s.load} |`,
  );
  if (s.redis) redisLines.push(`- ${s.target}: ${s.redis}`);
}

const redisLines = [];
const targets = parseTargets(process.env.TARGETS ?? "colyseus=colyseus:127.0.0.1:2567:");
const scenarios = process.argv.slice(2);
if (scenarios.length === 0) scenarios.push("100x2@60", "1x10@400", "1x50@40", "500x2@60");
for (const scenario of scenarios) {
  const m = /^(\d+)x(\d+)@(\d+(?:\.\d+)?)$/.exec(scenario);
  if (!m) throw new Error(`bad scenario ${scenario}: <rooms>x<size>@<hz>`);
  const [rooms, size, hz] = [Number(m[1]), Number(m[2]), Number(m[3])];
  console.log(`\n### ${rooms} room(s) of ${size} at ${hz} Hz per player (${SECS} s windows)\n`);
  console.log("| target | sends/s | delivered/s | p50 / p99 / p99.9 ms | CPU-s in the window (per process) | CPU µs per delivered | client CPU-s | load |");
  console.log("|---|---|---|---|---|---|---|---|");
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order too, so neither target always runs right after the other.
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) {
      try {
        report(await step(target, rooms, size, hz));
      } catch (e) {
        console.log(`| ${target.name} | failed: ${e.message} |`);
      }
      await sleep(1000);
    }
  }
  if (redisLines.length) console.log(`\nRedis commands in each window:\n${redisLines.splice(0).join("\n")}`);
}
process.exit(0);
