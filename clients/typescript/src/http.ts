/**
 * Typed REST clients, one per service, generated from the services' OpenAPI documents
 * (openapi-typescript) and called with openapi-fetch. Every call goes through the gateway;
 * with a {@link Session} the access token is attached, refreshed ahead of expiry and, after a
 * 401, refreshed once and the request retried.
 */
import createClient, { type Client } from "openapi-fetch";
import type { paths as AiPaths } from "./generated/ai.js";
import type { paths as AssetPaths } from "./generated/asset.js";
import type { paths as AuthPaths } from "./generated/auth.js";
import type { paths as BattlePaths } from "./generated/battle.js";
import type { paths as GachaPaths } from "./generated/gacha.js";
import type { paths as InventoryPaths } from "./generated/inventory.js";
import type { paths as LeaderboardPaths } from "./generated/leaderboard.js";
import type { paths as RoomPaths } from "./generated/room.js";
import { Session, SessionExpiredError } from "./session.js";

/** One typed client per service, all pointed at the gateway. */
export interface Api {
  auth: Client<AuthPaths>;
  inventory: Client<InventoryPaths>;
  gacha: Client<GachaPaths>;
  battle: Client<BattlePaths>;
  room: Client<RoomPaths>;
  leaderboard: Client<LeaderboardPaths>;
  ai: Client<AiPaths>;
  asset: Client<AssetPaths>;
}

/** Options of {@link createApi}. */
export interface ApiOptions {
  /** The gateway's origin, e.g. `http://127.0.0.1:8080` (or `""` in a page it served). */
  baseUrl: string;
  /** Attach and refresh this session's tokens; without it calls are anonymous. */
  session?: Session;
  /** A fetch implementation (default `globalThis.fetch`). */
  fetch?: typeof fetch;
}

/** Auth routes that must never carry a stale token nor trigger a refresh-and-retry. */
const TOKENLESS = ["/api/auth/refresh", "/api/auth/login", "/api/auth/register", "/api/auth/guest"];

/** A fetch that adds the session's bearer token and retries once after a refresh on 401. */
export function authorizedFetch(session: Session | undefined, base: typeof fetch): (req: Request) => Promise<Response> {
  return async (request: Request) => {
    const path = new URL(request.url).pathname;
    if (!session || !session.signedIn || TOKENLESS.includes(path)) return base(request);
    // Kept before the first attempt: a body can be read only once.
    const retry = request.clone();
    request.headers.set("authorization", `Bearer ${await session.accessToken()}`);
    const res = await base(request);
    if (res.status !== 401) return res;
    let token: string;
    try {
      token = await session.refresh();
    } catch (e) {
      if (e instanceof SessionExpiredError) return res;
      throw e;
    }
    retry.headers.set("authorization", `Bearer ${token}`);
    return base(retry);
  };
}

/** The typed clients of every service behind the gateway. */
export function createApi(options: ApiOptions): Api {
  const base = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const fetcher = authorizedFetch(options.session, base);
  const make = <P extends {}>() =>
    createClient<P>({ baseUrl: options.baseUrl.replace(/\/$/, ""), fetch: fetcher, credentials: "omit" });
  return {
    auth: make<AuthPaths>(),
    inventory: make<InventoryPaths>(),
    gacha: make<GachaPaths>(),
    battle: make<BattlePaths>(),
    room: make<RoomPaths>(),
    leaderboard: make<LeaderboardPaths>(),
    ai: make<AiPaths>(),
    asset: make<AssetPaths>(),
  };
}

/** An RFC 9457 problem as every service answers errors. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  code?: string;
  detail?: string;
  request_id?: string;
}

/** A failed call, carrying the problem document. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = "ApiError";
  }
  /** The stable error code (`insufficient_funds`, `validation_failed`...). */
  get code(): string | undefined {
    return this.problem.code;
  }
}

/** Unwraps an openapi-fetch result: the data, or throws an {@link ApiError}. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok || error !== undefined) {
    const problem = (typeof error === "object" && error !== null ? error : { detail: String(error ?? "") }) as Problem;
    throw new ApiError(response.status, problem);
  }
  return data as T;
}
