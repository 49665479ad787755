// The SDK against a running stack (scripts/integration.sh starts one): registers through the
// typed clients, subscribes to the player's topic, publishes events, then stops the gateway,
// publishes more straight to the leaderboard service while it is down, starts the gateway
// again and counts the events the reconnected client got by replay.
//
// Environment: GATEWAY_URL, LEADERBOARD_URL, STACK (the stack script, for stop-one/start-one).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { WebSocket } from "ws";
import { Realtime, Session, createApi, unwrap, type RealtimeEvent, type WebSocketLike } from "../src/index.js";

const gateway = process.env.GATEWAY_URL ?? "http://127.0.0.1:19080";
const leaderboardUrl = process.env.LEADERBOARD_URL ?? "http://127.0.0.1:19086";
const stack = process.env.STACK ?? "scripts/stack.sh";
const LIVE = Number(process.env.LIVE_EVENTS ?? 5);
const OFFLINE = Number(process.env.OFFLINE_EVENTS ?? 50);

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const session = new Session({ baseUrl: gateway });
const api = createApi({ baseUrl: gateway, session });
const suffix = Math.random().toString(36).slice(2, 10);
const registered = await unwrap(
  api.auth.POST("/api/auth/register", {
    body: { email: `sdk-${suffix}@example.com`, username: `sdk_${suffix}`, password: "integration-pass-1" },
  }),
);
session.setTokens(registered);
const me = await unwrap(api.auth.GET("/api/auth/me"));
const userId = (me as { id: string }).id;
console.log(`integration: registered ${userId}`);

const realtime = new Realtime({
  url: `${gateway.replace(/^http/, "ws")}/ws`,
  session,
  webSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
  backoff: { initialMs: 100, maxMs: 1000 },
});
const states: string[] = [];
realtime.onState((s) => states.push(s));
await realtime.connect();
const events: RealtimeEvent[] = [];
const topic = `user:${userId}`;
realtime.subscribe(topic, (e) => events.push(e));

let score = 0;
async function submit(client: ReturnType<typeof createApi>): Promise<void> {
  score += 10;
  await unwrap(
    client.leaderboard.POST("/api/scores", {
      body: { score, coins: 0, enemies_defeated: 0, distance: 0, level: 1, game_mode: "levels" },
    }),
  );
}

// Let the subscription land before the first publication.
await new Promise((r) => setTimeout(r, 300));
for (let i = 0; i < LIVE; i++) await submit(api);
await until(() => events.length >= LIVE, 5000, "live events");
console.log(`integration: ${events.length} live events before the restart`);

execFileSync("bash", [stack, "stop-one", "gateway"], { stdio: "inherit" });
await until(() => realtime.connectionState === "reconnecting", 5000, "the client to notice the drop");
const direct = createApi({ baseUrl: leaderboardUrl, session });
for (let i = 0; i < OFFLINE; i++) await submit(direct);
const before = events.length;
const started = Date.now();
execFileSync("bash", [stack, "start-one", "gateway"], { stdio: "inherit" });
const gatewayUp = Date.now();
await until(() => events.length >= before + OFFLINE, 20_000, "the replay").catch((e) => {
  console.error(`integration: got ${events.length - before} of ${OFFLINE}; states ${states.join(" > ")}`);
  throw e;
});
const replayed = events.length - before;
const ids = events.map((e) => e.id);
assert.equal(new Set(ids).size, ids.length, "no duplicates");
assert.ok(events.every((e) => e.type === "personal_best"));
assert.equal(replayed, OFFLINE, "every event published while the gateway was down");

// Live delivery works again after the replay.
await submit(api);
await until(() => events.length === before + OFFLINE + 1, 5000, "a live event after the restart");

// Actions and relays on the restarted gateway: a space room's chat by `action` (answered
// with a reply and published as an event) and a position by `send` (relayed back to members).
const room = await unwrap(api.room.POST("/api/rooms", { body: { kind: "space", name: "sdk integration" } }));
const roomEvents: RealtimeEvent[] = [];
realtime.subscribe(`room:${room.code}`, (e) => roomEvents.push(e));
await new Promise((r) => setTimeout(r, 300));
const reply = await realtime.action<{ message: { message: string } }>("room", "chat", {
  room_id: room.code,
  message: "hello from the sdk",
});
assert.equal(reply.message.message, "hello from the sdk");
await assert.rejects(realtime.action("room", "no_such_action", { room_id: room.code }), (e: unknown) => e instanceof Error);
assert.ok(realtime.send(`room:${room.code}`, "update_position", { x: 12, y: 34 }));
await until(
  () => roomEvents.some((e) => e.type === "chat") && roomEvents.some((e) => e.type === "update_position"),
  5000,
  "the chat event and the relayed position",
);
const moved = roomEvents.find((e) => e.type === "update_position");
assert.equal(moved?.data.sender_id, userId);
realtime.close();
console.log(
  `integration: published ${OFFLINE} events while the gateway was down; replayed ${replayed}/${OFFLINE} ` +
    `after it came back (${Date.now() - started} ms from restart, ${Date.now() - gatewayUp} ms after ready); ` +
    `states ${states.join(" > ")}`,
);
console.log("integration: action reply, action error, chat event and relayed position on the restarted gateway");
console.log("1 passed, 0 failed");
