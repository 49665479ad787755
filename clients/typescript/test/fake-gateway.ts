// A fake gateway for the unit tests: a WebSocket server speaking the native protocol's frames
// (scripted by each test) and `POST /api/auth/refresh`, on a free loopback port.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocket, WebSocketServer } from "ws";

export interface Conn {
  socket: WebSocket;
  token: string | null;
  frames: Record<string, unknown>[];
  /** Resolves with the next client frame with this `op`. */
  next(op: string): Promise<Record<string, unknown>>;
  send(frame: Record<string, unknown>): void;
}

export class FakeGateway {
  readonly connections: Conn[] = [];
  /** Tokens the handshake accepts. */
  validTokens = new Set<string>(["t1"]);
  refreshCalls = 0;
  /** What `/api/auth/refresh` hands out next. */
  nextAccess = "t2";
  private server!: Server;
  private wss = new WebSocketServer({ noServer: true });
  private waiters: ((c: Conn) => void)[] = [];

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      if (req.method === "POST" && req.url === "/api/auth/refresh") {
        let body = "";
        req.on("data", (c) => (body += c));
        req.on("end", () => {
          this.refreshCalls += 1;
          const { refresh_token } = JSON.parse(body) as { refresh_token: string };
          if (refresh_token !== "r1") {
            res.writeHead(401, { "content-type": "application/problem+json" }).end("{}");
            return;
          }
          this.validTokens.add(this.nextAccess);
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify({ access_token: this.nextAccess, refresh_token: "r1", expires_in: 900 }));
        });
        return;
      }
      if (req.url === "/ws") {
        const auth = (req.headers.authorization ?? "").replace("Bearer ", "");
        res.writeHead(this.validTokens.has(auth) ? 400 : 401).end();
        return;
      }
      if (req.url === "/api/echo") {
        const auth = req.headers.authorization ?? "";
        const ok = this.validTokens.has(auth.replace("Bearer ", ""));
        res.writeHead(ok ? 200 : 401, { "content-type": "application/json" }).end(JSON.stringify({ auth }));
        return;
      }
      res.writeHead(404).end();
    });
    this.server.on("upgrade", (req, socket, head) => {
      const token = new URL(req.url ?? "/", "http://x").searchParams.get("token");
      if (!token || !this.validTokens.has(token)) {
        socket.end("HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n");
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, token));
    });
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get wsUrl(): string {
    return `${this.origin.replace("http", "ws")}/ws`;
  }

  /** The next connection to arrive (or the one already waiting). */
  connection(index: number): Promise<Conn> {
    const existing = this.connections[index];
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve) => {
      const check = (c: Conn) => {
        if (this.connections.indexOf(c) === index) resolve(c);
        else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  private accept(socket: WebSocket, token: string): void {
    const listeners: ((f: Record<string, unknown>) => boolean)[] = [];
    const conn: Conn = {
      socket,
      token,
      frames: [],
      next: (op) =>
        new Promise((resolve) => {
          listeners.push((f) => {
            if (f.op !== op) return false;
            resolve(f);
            return true;
          });
        }),
      send: (frame) => socket.send(JSON.stringify(frame)),
    };
    socket.on("message", (raw) => {
      const frame = JSON.parse(String(raw)) as Record<string, unknown>;
      conn.frames.push(frame);
      const i = listeners.findIndex((l) => l(frame));
      if (i >= 0) listeners.splice(i, 1);
    });
    this.connections.push(conn);
    conn.send({ op: "welcome", user_id: "u-1", limits: {} });
    const waiters = this.waiters.splice(0);
    for (const w of waiters) w(conn);
  }

  async stop(): Promise<void> {
    for (const c of this.connections) c.socket.terminate();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
