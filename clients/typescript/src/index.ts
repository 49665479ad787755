/**
 * `@gameplatform/sdk`: typed REST clients for every service behind the gateway, token
 * handling, and a realtime client for the native `/ws` protocol.
 */
export { createApi, unwrap, ApiError, authorizedFetch, type Api, type ApiOptions, type Problem } from "./http.js";
export { Session, SessionExpiredError, tokenExpiry, type SessionOptions, type TokenPair } from "./session.js";
export {
  Realtime,
  ActionError,
  compareIds,
  type RealtimeOptions,
  type RealtimeEvent,
  type KnownEvents,
  type EventData,
  type Subscription,
  type ConnectionState,
  type Backoff,
  type WebSocketLike,
  type WebSocketFactory,
} from "./realtime.js";
export type * as AuthApi from "./generated/auth.js";
export type * as InventoryApi from "./generated/inventory.js";
export type * as GachaApi from "./generated/gacha.js";
export type * as BattleApi from "./generated/battle.js";
export type * as RoomApi from "./generated/room.js";
export type * as LeaderboardApi from "./generated/leaderboard.js";
export type * as AiApi from "./generated/ai.js";
export type * as AssetApi from "./generated/asset.js";
