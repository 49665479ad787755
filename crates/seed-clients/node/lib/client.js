// Shared helpers for the scripted seed clients: REST calls as the voting seed's axios client
// makes them (the access_token cookie, JSON bodies) and Socket.IO sockets whose events can be
// awaited in order.
"use strict";

const { io } = require("socket.io-client");

/**
 * Socket.IO options for a transport mode: seed (the voting client's own `['websocket',
 * 'polling']`), websocket, upgrade (polling then websocket), polling.
 */
function transportOptions(mode) {
  switch (mode) {
    case "seed":
      return { transports: ["websocket", "polling"] };
    case "websocket":
      return { transports: ["websocket"] };
    case "upgrade":
      return { transports: ["polling", "websocket"], upgrade: true };
    case "polling":
      return { transports: ["polling"], upgrade: false };
    default:
      throw new Error(`unknown transport mode ${mode}`);
  }
}

/** A browser-like REST client: it keeps the access_token cookie it is given. */
class Rest {
  constructor(base) {
    this.base = base;
    this.cookie = null;
  }

  async call(method, path, body) {
    const headers = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (this.cookie) headers.cookie = this.cookie;
    const res = await fetch(this.base + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const c of res.headers.getSetCookie ? res.headers.getSetCookie() : []) {
      const pair = c.split(";")[0];
      if (pair.startsWith("access_token=")) this.cookie = pair;
    }
    const text = await res.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch (_) {
      // Left null: the caller's status check reports it.
    }
    if (res.status >= 400) {
      throw new Error(`${method} ${path} -> ${res.status} ${text.slice(0, 300)}`);
    }
    return json;
  }

  /** Registers a fresh account (the seed's register) and returns its user and token. */
  async register(prefix) {
    const tag = `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`.slice(0, 20);
    const body = await this.call("POST", "/api/auth/register", {
      email: `${tag}@example.com`,
      username: tag,
      password: "correct horse battery",
    });
    if (!body || !body.user || !body.user.id) throw new Error("register answered no user");
    if (!this.cookie) throw new Error("register set no access_token cookie");
    this.credentials = { email: `${tag}@example.com`, password: "correct horse battery" };
    return { user: body.user, token: body.access_token };
  }

  /** Signs the registered account in again: a fresh access token (they last 15 minutes). */
  async login() {
    if (!this.credentials) throw new Error("login before register");
    const body = await this.call("POST", "/api/auth/login", this.credentials);
    if (!body || !body.access_token) throw new Error("login answered no access_token");
    return body.access_token;
  }
}

/** A Socket.IO socket whose events are buffered so they can be awaited one by one. */
class Client {
  constructor(base, mode, { token, cookie } = {}) {
    const opts = {
      ...transportOptions(mode),
      reconnection: false,
      timeout: 10000,
      forceNew: true,
    };
    if (token) opts.auth = { token };
    if (cookie) opts.extraHeaders = { cookie };
    this.socket = io(base, opts);
    this.events = [];
    this.waiters = [];
    this.socket.onAny((name, data) => {
      this.events.push({ name, data });
      this.wake();
    });
  }

  wake() {
    for (const w of [...this.waiters]) {
      const i = this.events.findIndex((e) => e.name === w.name && w.pred(e.data));
      if (i >= 0) {
        const [event] = this.events.splice(i, 1);
        this.waiters.splice(this.waiters.indexOf(w), 1);
        clearTimeout(w.timer);
        w.resolve(event.data);
      }
    }
  }

  /** The first buffered or coming event `name` whose payload satisfies `pred`. */
  next(name, pred = () => true, ms = 15000) {
    return new Promise((resolve, reject) => {
      const w = { name, pred, resolve };
      w.timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        const seen = this.events.map((e) => e.name).join(",");
        reject(new Error(`no ${name} within ${ms} ms (buffered: ${seen})`));
      }, ms);
      this.waiters.push(w);
      this.wake();
    });
  }

  /** Resolves on connect, rejects with the server's connect_error message. */
  connected(ms = 10000) {
    return new Promise((resolve, reject) => {
      if (this.socket.connected) return resolve();
      const timer = setTimeout(() => reject(new Error("no connect within " + ms + " ms")), ms);
      this.socket.once("connect", () => {
        clearTimeout(timer);
        resolve();
      });
      this.socket.once("connect_error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  /** The transport in use now. */
  transport() {
    return this.socket.io.engine ? this.socket.io.engine.transport.name : null;
  }

  /** Resolves once the engine runs on websocket (the upgrade from polling), within `ms`. */
  upgraded(ms = 10000) {
    return new Promise((resolve, reject) => {
      if (this.transport() === "websocket") return resolve();
      const timer = setTimeout(() => reject(new Error("no upgrade within " + ms + " ms")), ms);
      this.socket.io.engine.once("upgrade", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  emit(name, data) {
    this.socket.emit(name, data);
  }

  close() {
    this.socket.close();
  }
}

module.exports = { Rest, Client, transportOptions };
