/**
 * Tokens for one player: holds the access and refresh tokens, refreshes the access token
 * before it expires (and once after a 401), and tells the caller when the pair changed so it
 * can be stored.
 */

/** What auth answers to register, login, guest and refresh (the fields the SDK uses). */
export interface TokenPair {
  access_token: string;
  refresh_token?: string | null;
  /** Seconds the access token lives. */
  expires_in?: number | null;
}

/** Options of a {@link Session}. */
export interface SessionOptions {
  /** The gateway's origin, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** Tokens to start with (e.g. read back from storage). */
  tokens?: TokenPair | null;
  /** Called with the new pair after every sign-in or refresh, and with `null` on sign-out. */
  onTokens?: (tokens: TokenPair | null) => void;
  /** Refresh this many ms before the access token expires (default 30 s). */
  refreshMarginMs?: number;
  /** A fetch implementation (default `globalThis.fetch`). */
  fetch?: typeof fetch;
}

/** Raised when the session has no usable tokens and cannot refresh them. */
export class SessionExpiredError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = "SessionExpiredError";
  }
}

/** Reads `exp` (seconds) from a JWT without verifying it: only to schedule a refresh. */
export function tokenExpiry(token: string): number | null {
  const payload = token.split(".")[1];
  if (!payload) return null;
  try {
    const json = JSON.parse(decodeBase64Url(payload)) as { exp?: unknown };
    return typeof json.exp === "number" ? json.exp * 1000 : null;
  } catch {
    return null;
  }
}

function decodeBase64Url(text: string): string {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** The tokens of one signed-in player, refreshed for the caller. */
export class Session {
  readonly baseUrl: string;
  private tokens: TokenPair | null;
  private expiresAt: number | null = null;
  private refreshing: Promise<string> | null = null;
  private readonly onTokens: ((tokens: TokenPair | null) => void) | undefined;
  private readonly marginMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(options: SessionOptions) {
    this.baseUrl = options.baseUrl.replace(/\/$/, "");
    this.onTokens = options.onTokens;
    this.marginMs = options.refreshMarginMs ?? 30_000;
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.tokens = null;
    if (options.tokens) this.store(options.tokens, false);
  }

  /** Whether there is an access token (possibly expired). */
  get signedIn(): boolean {
    return this.tokens !== null;
  }

  /** The current pair, for storage. */
  get current(): TokenPair | null {
    return this.tokens;
  }

  /** Adopts a pair from a sign-in answer (register, login, guest). */
  setTokens(tokens: TokenPair): void {
    this.store(tokens, true);
  }

  /** Forgets the tokens (after logout). */
  clear(): void {
    this.tokens = null;
    this.expiresAt = null;
    this.onTokens?.(null);
  }

  /** An access token valid for at least the refresh margin, refreshing first when needed. */
  async accessToken(): Promise<string> {
    const tokens = this.tokens;
    if (!tokens) throw new SessionExpiredError("not signed in");
    if (this.expiresAt === null || this.expiresAt - Date.now() > this.marginMs) {
      return tokens.access_token;
    }
    return this.refresh();
  }

  /**
   * Trades the refresh token for a new pair (`POST /api/auth/refresh`). Concurrent callers
   * share one request: refresh tokens rotate, and a second use of the old one would end the
   * session.
   */
  refresh(): Promise<string> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<string> {
    const refreshToken = this.tokens?.refresh_token;
    if (!refreshToken) throw new SessionExpiredError("no refresh token");
    const res = await this.fetchImpl(`${this.baseUrl}/api/auth/refresh`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ refresh_token: refreshToken }),
      credentials: "omit",
    });
    if (res.status === 401 || res.status === 403) {
      this.clear();
      throw new SessionExpiredError("the session ended; sign in again");
    }
    if (!res.ok) throw new Error(`token refresh failed with ${res.status}`);
    const pair = (await res.json()) as TokenPair;
    this.store(pair, true);
    return pair.access_token;
  }

  private store(tokens: TokenPair, notify: boolean): void {
    const refresh = tokens.refresh_token ?? this.tokens?.refresh_token ?? null;
    this.tokens = { ...tokens, refresh_token: refresh };
    this.expiresAt =
      tokenExpiry(tokens.access_token) ??
      (tokens.expires_in ? Date.now() + tokens.expires_in * 1000 : null);
    if (notify) this.onTokens?.(this.tokens);
  }
}
