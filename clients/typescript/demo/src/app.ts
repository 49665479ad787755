// What every screen shares: the SDK's clients for the signed-in player.
import { Realtime, Session, createApi, type Api, type TokenPair } from "../../src/index.js";

const STORAGE = "gp-demo-tokens";

/** The player's session, REST clients and realtime connection. */
export interface App {
  session: Session;
  api: Api;
  realtime: Realtime;
  userId: string;
  username: string;
}

/** The session, restored from localStorage and saved back on every refresh. */
export function createSession(): Session {
  let tokens: TokenPair | null = null;
  try {
    tokens = JSON.parse(localStorage.getItem(STORAGE) ?? "null") as TokenPair | null;
  } catch {
    tokens = null;
  }
  return new Session({
    baseUrl: location.origin,
    tokens,
    onTokens: (t) => (t ? localStorage.setItem(STORAGE, JSON.stringify(t)) : localStorage.removeItem(STORAGE)),
  });
}

/** The gateway's `/ws` URL for this page's origin. */
export function wsUrl(): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;
}

export function createClients(session: Session): { api: Api; realtime: Realtime } {
  return {
    api: createApi({ baseUrl: location.origin, session }),
    realtime: new Realtime({ url: wsUrl(), session }),
  };
}
