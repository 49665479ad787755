import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { WebSocket } from "ws";
import { ActionError, Realtime, Session, compareIds, type RealtimeEvent, type WebSocketLike } from "../src/index.js";
import { FakeGateway } from "./fake-gateway.js";

const factory = (url: string) => new WebSocket(url) as unknown as WebSocketLike;
const fastBackoff = { initialMs: 10, maxMs: 50, factor: 2, jitter: 0 };

function collect(rt: Realtime, topic: string): RealtimeEvent[] {
  const seen: RealtimeEvent[] = [];
  rt.subscribe(topic, (e) => seen.push(e));
  return seen;
}

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 5));
  }
}

const ev = (topic: string, id: string, type = "chat", data: Record<string, unknown> = { message: id }) => ({
  op: "event",
  id,
  topic,
  type,
  ts: 1,
  data,
});

describe("Realtime", () => {
  let gw: FakeGateway;
  let rt: Realtime;
  beforeEach(async () => {
    gw = new FakeGateway();
    await gw.start();
  });
  afterEach(async () => {
    rt?.close();
    await gw.stop();
  });

  it("connects with the token, subscribes and delivers events to topic and type handlers", async () => {
    rt = new Realtime({ url: gw.wsUrl, token: "t1", webSocket: factory });
    await rt.connect();
    assert.equal(rt.userId, "u-1");
    const seen = collect(rt, "room:ABC123");
    const typed: string[] = [];
    rt.on("chat", (e) => typed.push(e.data.message));
    const conn = await gw.connection(0);
    assert.equal(conn.token, "t1");
    assert.deepEqual(await conn.next("subscribe"), { op: "subscribe", topic: "room:ABC123" });
    conn.send({ op: "subscribed", topic: "room:ABC123", replayed: 0 });
    conn.send(ev("room:ABC123", "5-0"));
    conn.send(ev("room:OTHER1", "6-0"));
    await until(() => seen.length === 1 && typed.length === 1);
    assert.equal(seen[0]?.id, "5-0");
    assert.deepEqual(typed, ["5-0"]);
    assert.equal(rt.lastEventId("room:ABC123"), "5-0");
  });

  it("resubscribes with since after a drop and drops replayed duplicates", async () => {
    rt = new Realtime({ url: gw.wsUrl, token: "t1", webSocket: factory, backoff: fastBackoff });
    const states: string[] = [];
    rt.onState((s) => states.push(s));
    await rt.connect();
    const seen = collect(rt, "user:u-1");
    const first = await gw.connection(0);
    await first.next("subscribe");
    first.send({ op: "subscribed", topic: "user:u-1", replayed: 0 });
    first.send(ev("user:u-1", "10-0"));
    first.send(ev("user:u-1", "10-1"));
    await until(() => seen.length === 2);
    first.socket.terminate();

    const second = await gw.connection(1);
    const sub = await second.next("subscribe");
    assert.deepEqual(sub, { op: "subscribe", topic: "user:u-1", since: "10-1" });
    second.send({ op: "subscribed", topic: "user:u-1", replayed: 2 });
    second.send(ev("user:u-1", "11-0"));
    second.send(ev("user:u-1", "12-0"));
    // A live copy of something the replay already sent.
    second.send(ev("user:u-1", "11-0"));
    second.send(ev("user:u-1", "13-0"));
    await until(() => seen.length === 5);
    assert.deepEqual(
      seen.map((e) => e.id),
      ["10-0", "10-1", "11-0", "12-0", "13-0"],
    );
    assert.ok(states.includes("reconnecting"));
    assert.equal(rt.connectionState, "open");
  });

  it("pages through a replay longer than the gateway's limit", async () => {
    rt = new Realtime({ url: gw.wsUrl, token: "t1", webSocket: factory, replayPage: 3 });
    await rt.connect();
    const seen: RealtimeEvent[] = [];
    rt.subscribe("global", (e) => seen.push(e), { since: "1-0" });
    const conn = await gw.connection(0);
    assert.deepEqual(await conn.next("subscribe"), { op: "subscribe", topic: "global", since: "1-0" });
    conn.send({ op: "subscribed", topic: "global", replayed: 3 });
    for (const id of ["2-0", "3-0", "4-0"]) conn.send(ev("global", id));
    assert.deepEqual(await conn.next("subscribe"), { op: "subscribe", topic: "global", since: "4-0" });
    conn.send({ op: "subscribed", topic: "global", replayed: 1 });
    conn.send(ev("global", "5-0"));
    await until(() => seen.length === 4);
    assert.equal(conn.frames.filter((f) => f.op === "subscribe").length, 2);
  });

  it("a topic that saw no event resubscribes from the time it was subscribed", async () => {
    rt = new Realtime({ url: gw.wsUrl, token: "t1", webSocket: factory, backoff: fastBackoff });
    await rt.connect();
    const before = Date.now();
    collect(rt, "user:u-1");
    const first = await gw.connection(0);
    await first.next("subscribe");
    first.send({ op: "subscribed", topic: "user:u-1", replayed: 0 });
    await until(() => first.frames.length === 1);
    await new Promise((r) => setTimeout(r, 20));
    first.socket.terminate();
    const second = await gw.connection(1);
    const sub = await second.next("subscribe");
    const since = Number(sub.since);
    assert.ok(since >= before - 1000 - 5 && since <= Date.now(), `since ${sub.since}`);
  });

  it("actions resolve with the reply, reject with its error, time out, and fail on a drop", async () => {
    rt = new Realtime({ url: gw.wsUrl, token: "t1", webSocket: factory, backoff: fastBackoff, actionTimeoutMs: 100 });
    await rt.connect();
    const conn = await gw.connection(0);

    const ok = rt.action<{ accepted: boolean }>("room", "submit_vote", { answer_id: 3 });
    const f1 = await conn.next("action");
    assert.equal(f1.service, "room");
    assert.equal(f1.type, "submit_vote");
    assert.deepEqual(f1.data, { answer_id: 3 });
    conn.send({ op: "reply", ref: f1.ref, ok: true, data: { accepted: true } });
    assert.deepEqual(await ok, { accepted: true });

    const refused = rt.action("room", "submit_vote", {});
    const f2 = await conn.next("action");
    conn.send({ op: "reply", ref: f2.ref, ok: false, error: { code: "self_vote", detail: "not your own" } });
    await assert.rejects(refused, (e: unknown) => e instanceof ActionError && e.code === "self_vote");

    await assert.rejects(rt.action("room", "slow"), (e: unknown) => e instanceof ActionError && e.code === "timeout");

    const dropped = rt.action("room", "pending", {}, { timeoutMs: 5000 });
    await conn.next("action");
    conn.socket.terminate();
    await assert.rejects(dropped, (e: unknown) => e instanceof ActionError && e.code === "disconnected");
  });

  it("send relays a frame while connected and reports false while not", async () => {
    rt = new Realtime({ url: gw.wsUrl, token: "t1", webSocket: factory, backoff: { initialMs: 5000 } });
    await rt.connect();
    const conn = await gw.connection(0);
    assert.equal(rt.send("room:ABC123", "update_position", { x: 1, y: 2 }), true);
    assert.deepEqual(await conn.next("send"), {
      op: "send",
      topic: "room:ABC123",
      type: "update_position",
      data: { x: 1, y: 2 },
    });
    conn.socket.terminate();
    await until(() => rt.connectionState === "reconnecting");
    assert.equal(rt.send("room:ABC123", "update_position", { x: 1, y: 2 }), false);
  });

  it("refreshes the token when the handshake is refused, then reconnects", async () => {
    const session = new Session({
      baseUrl: gw.origin,
      tokens: { access_token: "t1", refresh_token: "r1" },
    });
    rt = new Realtime({ url: gw.wsUrl, session, webSocket: factory, backoff: fastBackoff });
    await rt.connect();
    const seen = collect(rt, "user:u-1");
    const first = await gw.connection(0);
    await first.next("subscribe");
    // The token is revoked or expired: the next handshake with it is refused.
    gw.validTokens.delete("t1");
    first.socket.terminate();
    const second = await gw.connection(1);
    assert.equal(second.token, "t2");
    assert.equal(gw.refreshCalls, 1);
    await second.next("subscribe");
    second.send(ev("user:u-1", "1-0"));
    await until(() => seen.length === 1);
  });

  it("does not refresh when the handshake failed for another reason", async () => {
    const session = new Session({ baseUrl: gw.origin, tokens: { access_token: "t1", refresh_token: "r1" } });
    let attempts = 0;
    const flaky = (url: string) => {
      attempts += 1;
      // The first reconnect goes to a closed port, as while the gateway restarts.
      return factory(attempts === 2 ? url.replace(/:\d+\//, ":1/") : url);
    };
    rt = new Realtime({ url: gw.wsUrl, session, webSocket: flaky, backoff: fastBackoff });
    await rt.connect();
    (await gw.connection(0)).socket.terminate();
    const third = await gw.connection(1);
    assert.equal(third.token, "t1");
    assert.equal(gw.refreshCalls, 0);
    assert.equal(attempts, 3);
  });

  it("error frames about a topic reach the subscription and the error handlers", async () => {
    rt = new Realtime({ url: gw.wsUrl, token: "t1", webSocket: factory });
    await rt.connect();
    const errors: string[] = [];
    rt.onError((code) => errors.push(`any:${code}`));
    const refused = rt.subscribe("room:NOPE22", undefined, { onError: (code) => errors.push(`sub:${code}`) });
    const accepted = rt.subscribe("room:OK2222");
    const conn = await gw.connection(0);
    await conn.next("subscribe");
    conn.send({ op: "error", code: "forbidden_topic", detail: "not a member", topic: "room:NOPE22" });
    await assert.rejects(refused.ready, (e: unknown) => e instanceof ActionError && e.code === "forbidden_topic");
    conn.send({ op: "subscribed", topic: "room:OK2222", replayed: 0 });
    await accepted.ready;
    await until(() => errors.length === 2);
    assert.deepEqual(errors, ["sub:forbidden_topic", "any:forbidden_topic"]);
  });

  it("concurrent connects share one socket, and close() ends a pending connect", async () => {
    rt = new Realtime({ url: gw.wsUrl, token: "t1", webSocket: factory });
    await Promise.all([rt.connect(), rt.connect()]);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(gw.connections.length, 1);
    rt.close();
    const never = new Realtime({ url: gw.wsUrl.replace(/:\d+\//, ":1/"), token: "t1", webSocket: factory });
    const pending = never.connect();
    never.close();
    await assert.rejects(pending, (e: unknown) => e instanceof ActionError && e.code === "disconnected");
  });

  it("orders stream ids numerically", () => {
    assert.equal(compareIds("9-0", "10-0"), -1);
    assert.equal(compareIds("10-2", "10-10"), -1);
    assert.equal(compareIds("10-1", "10-1"), 0);
    assert.equal(compareIds("11", "10-99"), 1);
  });
});
