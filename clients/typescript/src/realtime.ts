/**
 * The realtime layer over the gateway's native `/ws` protocol (API.md "WebSocket").
 *
 * - `connect()` opens the socket with a token from the caller's {@link Session} (or a fixed
 *   token) and resolves on the server's `welcome`.
 * - `subscribe(topic, handler)` survives reconnects: after a drop the client reconnects with
 *   exponential backoff and jitter, refreshes the token when the handshake is refused, and
 *   subscribes again with `since` set to the last event id it saw, so the gateway replays what
 *   was published meanwhile (paging past the server's 500-event replay limit, and dropping
 *   duplicates by id).
 * - `action(service, type, data)` returns a promise of the reply's data, rejected with an
 *   {@link ActionError} on `ok:false`, on a timeout, or when the connection drops first.
 * - `send(topic, type, data)` relays a state update (types the topic's owner marked relayable).
 */
import { type Session, SessionExpiredError } from "./session.js";

/** An event as the gateway delivers it. */
export interface RealtimeEvent<T = Record<string, unknown>> {
  /** The Redis stream id `<ms>-<seq>`; ordered within a topic. */
  id: string;
  topic: string;
  type: string;
  /** Milliseconds since the epoch at publication. */
  ts: number;
  data: T;
}

/** Payloads of the events the services publish, by type (fields the demo reads). */
export interface KnownEvents {
  /** leaderboard, `user:{id}`: a new personal best. */
  personal_best: { game_mode: string; score: number; [k: string]: unknown };
  /** inventory, `user:{id}`: items granted by a transaction. */
  items_granted: { transaction_id: string; reason: string; granted: unknown[] };
  /** gacha, `user:{id}`: a pull finished. */
  gacha_pull: Record<string, unknown>;
  /** gacha, `global`: someone pulled a 5-star. */
  legendary_pull: Record<string, unknown>;
  /** room, `room:{code}`: a chat message. */
  chat: { user_id?: string; username?: string; message: string; [k: string]: unknown };
  /** room (relayed), `room:{code}`: a player moved in a space. */
  update_position: { sender_id: string; x: number; y: number; [k: string]: unknown };
  /** room, `room:{code}`: furniture placed in a space. */
  object_placed: Record<string, unknown>;
  /** room, `room:{code}`: someone joined. */
  player_joined: Record<string, unknown>;
  /** room, `room:{code}`: someone left. */
  player_left: Record<string, unknown>;
  /** battle, `battle:{id}`: an attack landed. */
  attack: Record<string, unknown>;
  /** ai, `user:{id}`: a generation job finished. */
  job_completed: Record<string, unknown>;
  /** asset, `user:{id}`: an upload was verified. */
  asset_ready: Record<string, unknown>;
}

/** The payload type of event `K`. */
export type EventData<K extends string> = K extends keyof KnownEvents ? KnownEvents[K] : Record<string, unknown>;

/** A refused action, a timeout (`code: "timeout"`) or a drop (`code: "disconnected"`). */
export class ActionError extends Error {
  constructor(
    readonly code: string,
    detail: string,
  ) {
    super(detail);
    this.name = "ActionError";
  }
}

/** The minimal WebSocket the client needs (the browser's, or the `ws` package's). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

/** Builds a socket for a URL (inject the `ws` package's class in Node < 22). */
export type WebSocketFactory = (url: string) => WebSocketLike;

/** Reconnect delays: `min(maxMs, initialMs * factor^attempt)`, each scaled by up to ±jitter. */
export interface Backoff {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** 0..1 */
  jitter: number;
}

/** Options of a {@link Realtime} client. */
export interface RealtimeOptions {
  /** The gateway's `/ws` URL, e.g. `ws://127.0.0.1:8080/ws`. */
  url: string;
  /** Tokens come from here, refreshed as needed; or give `token` for a fixed one. */
  session?: Session;
  token?: string;
  /** Default: `globalThis.WebSocket`. */
  webSocket?: WebSocketFactory;
  backoff?: Partial<Backoff>;
  /** Deadline of an action's reply (default 10 s). */
  actionTimeoutMs?: number;
  /** Application ping interval; a missing pong within it closes and reconnects (default 25 s). */
  pingIntervalMs?: number;
  /** For the token probe after a refused handshake (default `globalThis.fetch`). */
  fetch?: typeof fetch;
  /** Events replayed per page by the gateway (its MAX_REPLAY, 500). */
  replayPage?: number;
}

/** Connection states reported to `onState`. */
export type ConnectionState = "idle" | "connecting" | "open" | "reconnecting" | "closed";

type Handler = (event: RealtimeEvent<any>) => void;

interface TopicState {
  handlers: Set<Handler>;
  /** Last event id delivered (the resubscribe's `since`). */
  lastId: string | null;
  /** Client clock at the first `subscribed`: the floor of a resubscribe that saw no event. */
  subscribedAt: number | null;
  /** The server confirmed the subscription on the current socket. */
  active: boolean;
  /** Settled by the first `subscribed` (or a refusal) after `subscribe()`. */
  waiters: { resolve: () => void; reject: (e: ActionError) => void }[];
  onError?: (code: string, detail: string) => void;
}

interface Pending {
  resolve: (data: any) => void;
  reject: (e: ActionError) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** A subscription; `unsubscribe()` ends it (and stops resubscribing). */
export interface Subscription {
  readonly topic: string;
  /**
   * Resolves once the gateway confirmed the subscription (events published after it are
   * delivered), or rejects with the refusal's code. Load a topic's state after this, so no
   * event falls between the load and the subscription.
   */
  readonly ready: Promise<void>;
  unsubscribe(): void;
}

const OPEN = 1;
/** Margin for clock skew when a topic saw no event before a drop. */
const SKEW_MARGIN_MS = 1000;

/** Compares two stream ids `<ms>-<seq>`. */
export function compareIds(a: string, b: string): number {
  const [am = "0", as = "0"] = a.split("-");
  const [bm = "0", bs = "0"] = b.split("-");
  const ms = BigInt(am) - BigInt(bm);
  if (ms !== 0n) return ms < 0n ? -1 : 1;
  const seq = BigInt(as) - BigInt(bs);
  return seq === 0n ? 0 : seq < 0n ? -1 : 1;
}

/** A realtime connection to the gateway that outlives drops. */
export class Realtime {
  /** The user id from the last `welcome`. */
  userId: string | null = null;
  private socket: WebSocketLike | null = null;
  private state: ConnectionState = "idle";
  private readonly topics = new Map<string, TopicState>();
  private readonly typeHandlers = new Map<string, Set<Handler>>();
  private readonly stateHandlers = new Set<(s: ConnectionState) => void>();
  private readonly errorHandlers = new Set<(code: string, detail: string, frame: Record<string, unknown>) => void>();
  private readonly pending = new Map<string, Pending>();
  private nextRef = 1;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private awaitingPong = false;
  private welcomed: { resolve: () => void; reject: (e: Error) => void } | null = null;
  private connecting: Promise<void> | null = null;
  private refusedBeforeWelcome = false;
  private readonly backoff: Backoff;
  private readonly factory: WebSocketFactory;
  private readonly actionTimeoutMs: number;
  private readonly pingIntervalMs: number;
  private readonly replayPage: number;

  constructor(private readonly options: RealtimeOptions) {
    this.backoff = { initialMs: 250, maxMs: 10_000, factor: 2, jitter: 0.2, ...options.backoff };
    this.actionTimeoutMs = options.actionTimeoutMs ?? 10_000;
    this.pingIntervalMs = options.pingIntervalMs ?? 25_000;
    this.replayPage = options.replayPage ?? 500;
    const native = (globalThis as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
    this.factory =
      options.webSocket ??
      ((url) => {
        if (!native) throw new Error("no global WebSocket: pass `webSocket` (e.g. from the ws package)");
        return new native(url);
      });
  }

  /** The connection's state. */
  get connectionState(): ConnectionState {
    return this.state;
  }

  /** Opens the connection; resolves at the server's `welcome`. Reconnects by itself after. */
  connect(): Promise<void> {
    if (this.state === "open") return Promise.resolve();
    if (this.connecting) return this.connecting;
    this.connecting = new Promise<void>((resolve, reject) => {
      this.welcomed = { resolve, reject };
      // Already trying (reconnecting): the next welcome settles this promise too.
      if (this.state === "reconnecting") return;
      this.setState("connecting");
      void this.open();
    }).finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  /** Closes for good: no reconnect; pending actions fail with `disconnected`. */
  close(): void {
    this.setState("closed");
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.stopPing();
    this.socket?.close(1000, "client closed");
    this.socket = null;
    this.failPending("disconnected", "the connection was closed");
    this.welcomed?.reject(new ActionError("disconnected", "the connection was closed"));
    this.welcomed = null;
  }

  /** Calls `handler` on each state change. Returns a function that removes it. */
  onState(handler: (s: ConnectionState) => void): () => void {
    this.stateHandlers.add(handler);
    return () => this.stateHandlers.delete(handler);
  }

  /** Calls `handler` on `error` frames (rate limits, refused subscriptions, bad frames). */
  onError(handler: (code: string, detail: string, frame: Record<string, unknown>) => void): () => void {
    this.errorHandlers.add(handler);
    return () => this.errorHandlers.delete(handler);
  }

  /** Calls `handler` for every event of type `type`, on any subscribed topic. */
  on<K extends string>(type: K, handler: (event: RealtimeEvent<EventData<K>>) => void): () => void {
    let set = this.typeHandlers.get(type);
    if (!set) this.typeHandlers.set(type, (set = new Set()));
    set.add(handler as Handler);
    return () => set.delete(handler as Handler);
  }

  /**
   * Subscribes to `topic` (now if connected, else at the next connect) and keeps it across
   * reconnects. `since` starts from a known event id (events after it are replayed first).
   */
  subscribe(
    topic: string,
    handler?: (event: RealtimeEvent) => void,
    options: { since?: string; onError?: (code: string, detail: string) => void } = {},
  ): Subscription {
    let state = this.topics.get(topic);
    const fresh = !state;
    if (!state) {
      state = { handlers: new Set(), lastId: options.since ?? null, subscribedAt: null, active: false, waiters: [] };
      this.topics.set(topic, state);
    }
    if (handler) state.handlers.add(handler);
    if (options.onError) state.onError = options.onError;
    const current = state;
    const ready = current.active
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => current.waiters.push({ resolve, reject }));
    // Unobserved readiness must not surface as an unhandled rejection.
    ready.catch(() => undefined);
    if (fresh && this.state === "open") this.sendSubscribe(topic, state);
    return {
      topic,
      ready,
      unsubscribe: () => {
        const current = this.topics.get(topic);
        if (!current) return;
        if (handler) current.handlers.delete(handler);
        if (!handler || current.handlers.size === 0) {
          this.topics.delete(topic);
          this.write({ op: "unsubscribe", topic });
        }
      },
    };
  }

  /** The last event id seen on `topic` (what a resubscribe would replay from). */
  lastEventId(topic: string): string | null {
    return this.topics.get(topic)?.lastId ?? null;
  }

  /**
   * Relays a state update to `topic`'s members. Returns false when not connected (the update
   * is dropped: relays are latest-wins state, not a queue).
   */
  send(topic: string, type: string, data: Record<string, unknown>): boolean {
    return this.write({ op: "send", topic, type, data });
  }

  /** Asks `service` to run action `type`; resolves with the reply's data. */
  action<T = Record<string, unknown>>(
    service: string,
    type: string,
    data: Record<string, unknown> = {},
    options: { timeoutMs?: number } = {},
  ): Promise<T> {
    const ref = String(this.nextRef++);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(ref);
        reject(new ActionError("timeout", `no reply to ${service}/${type} in time`));
      }, options.timeoutMs ?? this.actionTimeoutMs);
      this.pending.set(ref, { resolve, reject, timer });
      if (!this.write({ op: "action", service, type, data, ref })) {
        clearTimeout(timer);
        this.pending.delete(ref);
        reject(new ActionError("disconnected", "not connected"));
      }
    });
  }

  // ------------------------------------------------------------------ internals --

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    for (const h of this.stateHandlers) h(state);
  }

  private write(frame: Record<string, unknown>): boolean {
    if (!this.socket || this.socket.readyState !== OPEN || this.state !== "open") return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  /**
   * The token for the next handshake. After a handshake that failed before `welcome`, asks the
   * gateway whether the token is the reason (a plain `GET /ws` answers 401 for a bad token and
   * 400 for a good one) and refreshes only then: a gateway that is down must not burn refresh
   * attempts, which are rate limited.
   */
  private async token(): Promise<string> {
    const { session, token } = this.options;
    if (session) {
      const current = await session.accessToken();
      if (!this.refusedBeforeWelcome) return current;
      this.refusedBeforeWelcome = false;
      return (await this.tokenRefused(current)) ? session.refresh() : current;
    }
    if (token) return token;
    throw new SessionExpiredError("Realtime needs a session or a token");
  }

  private async tokenRefused(token: string): Promise<boolean> {
    const probe = new URL(this.options.url);
    probe.protocol = probe.protocol === "wss:" ? "https:" : "http:";
    try {
      const res = await (this.options.fetch ?? globalThis.fetch)(probe, {
        headers: { authorization: `Bearer ${token}` },
        credentials: "omit",
      });
      return res.status === 401;
    } catch {
      return false;
    }
  }

  private async open(): Promise<void> {
    let token: string;
    try {
      token = await this.token();
    } catch (e) {
      if (e instanceof SessionExpiredError) {
        // Signed out for good: stop rather than spin.
        this.welcomed?.reject(e);
        this.welcomed = null;
        this.setState("closed");
        this.failPending("disconnected", e.message);
      } else {
        // The refresh did not get through (auth or the gateway is down): try again later.
        this.scheduleReconnect();
      }
      return;
    }
    if (this.state === "closed") return;
    const url = new URL(this.options.url);
    url.searchParams.set("token", token);
    let socket: WebSocketLike;
    try {
      socket = this.factory(url.toString());
    } catch (e) {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    let welcomed = false;
    socket.onmessage = (ev) => {
      const frame = parse(ev.data);
      if (!frame) return;
      if (frame.op === "welcome") {
        welcomed = true;
        this.onWelcome(frame);
        return;
      }
      this.onFrame(frame);
    };
    socket.onerror = () => {
      // onclose follows and decides.
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.stopPing();
      for (const state of this.topics.values()) state.active = false;
      this.failPending("disconnected", "the connection dropped before the reply");
      if (this.state === "closed") return;
      // Refused at the handshake: most likely an expired or revoked token.
      if (!welcomed) this.refusedBeforeWelcome = true;
      this.scheduleReconnect();
    };
  }

  private onWelcome(frame: Record<string, unknown>): void {
    this.userId = typeof frame.user_id === "string" ? frame.user_id : null;
    this.attempt = 0;
    this.setState("open");
    this.startPing();
    for (const [topic, state] of this.topics) this.sendSubscribe(topic, state);
    this.welcomed?.resolve();
    this.welcomed = null;
  }

  private sendSubscribe(topic: string, state: TopicState, since?: string): void {
    const from =
      since ??
      state.lastId ??
      (state.subscribedAt !== null ? String(Math.max(0, state.subscribedAt - SKEW_MARGIN_MS)) : undefined);
    this.write(from === undefined ? { op: "subscribe", topic } : { op: "subscribe", topic, since: from });
  }

  private scheduleReconnect(): void {
    if (this.state === "closed") return;
    this.setState("reconnecting");
    const { initialMs, maxMs, factor, jitter } = this.backoff;
    const base = Math.min(maxMs, initialMs * factor ** this.attempt);
    const delay = Math.max(0, base * (1 + (Math.random() * 2 - 1) * jitter));
    this.attempt += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.open();
    }, delay);
  }

  private onFrame(frame: Record<string, unknown>): void {
    switch (frame.op) {
      case "event":
        this.onEvent(frame as unknown as RealtimeEvent);
        return;
      case "subscribed": {
        const topic = String(frame.topic);
        const state = this.topics.get(topic);
        if (!state) return;
        state.active = true;
        state.subscribedAt ??= Date.now();
        for (const w of state.waiters.splice(0)) w.resolve();
        // A full page means the replay may have stopped at the server's limit: ask for the
        // next page once this one's events (which follow this frame) are in.
        if (typeof frame.replayed === "number" && frame.replayed >= this.replayPage) {
          state.active = false;
          this.pageAfter(topic, frame.replayed);
        }
        return;
      }
      case "reply": {
        const ref = String(frame.ref);
        const pending = this.pending.get(ref);
        if (!pending) return;
        this.pending.delete(ref);
        clearTimeout(pending.timer);
        if (frame.ok === true) {
          pending.resolve(frame.data);
        } else {
          const error = (frame.error ?? {}) as { code?: string; detail?: string };
          pending.reject(new ActionError(error.code ?? "error", error.detail ?? "the action failed"));
        }
        return;
      }
      case "pong":
        this.awaitingPong = false;
        return;
      case "error": {
        const code = String(frame.code ?? "error");
        const detail = String(frame.detail ?? "");
        if (typeof frame.topic === "string") {
          const state = this.topics.get(frame.topic);
          if (state && !state.active && code !== "rate_limited") {
            state.onError?.(code, detail);
            for (const w of state.waiters.splice(0)) w.reject(new ActionError(code, detail));
          }
        }
        for (const h of this.errorHandlers) h(code, detail, frame);
        return;
      }
      default:
        return;
    }
  }

  /** Counts the page's events as they arrive and resubscribes from the last one. */
  private pageAfter(topic: string, count: number): void {
    const state = this.topics.get(topic);
    if (!state) return;
    let seen = 0;
    const probe: Handler = () => {
      seen += 1;
      if (seen < count) return;
      state.handlers.delete(probe);
      if (this.topics.get(topic) === state) this.sendSubscribe(topic, state, state.lastId ?? undefined);
    };
    state.handlers.add(probe);
  }

  private onEvent(event: RealtimeEvent): void {
    const state = this.topics.get(event.topic);
    if (!state) return;
    // Replays and live delivery can overlap around a (re)subscribe: ids are ordered per
    // topic, so anything not after the last one seen is a duplicate.
    if (state.lastId !== null && compareIds(event.id, state.lastId) <= 0) return;
    state.lastId = event.id;
    for (const h of [...state.handlers]) h(event);
    const typed = this.typeHandlers.get(event.type);
    if (typed) for (const h of [...typed]) h(event);
  }

  private failPending(code: string, detail: string): void {
    for (const [ref, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new ActionError(code, detail));
      this.pending.delete(ref);
    }
  }

  private startPing(): void {
    this.stopPing();
    this.awaitingPong = false;
    this.pingTimer = setInterval(() => {
      if (this.awaitingPong) {
        // The last ping went unanswered for a whole interval: the link is dead.
        this.socket?.close(4000, "no pong");
        return;
      }
      this.awaitingPong = this.write({ op: "ping" });
    }, this.pingIntervalMs);
  }

  private stopPing(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
  }
}

function parse(data: unknown): Record<string, unknown> | null {
  try {
    const text = typeof data === "string" ? data : String(data);
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
