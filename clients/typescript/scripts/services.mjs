// The services whose OpenAPI documents the SDK is generated from, and where each lives.
import { fileURLToPath } from "node:url";

/** Every service the gateway routes `/api/*` to (the gateway itself has no client API). */
export const SERVICES = ["auth", "inventory", "gacha", "battle", "room", "leaderboard", "ai", "asset"];

const root = new URL("..", import.meta.url);
/** The committed spec of `service`. */
export const specPath = (service) => fileURLToPath(new URL(`openapi/${service}.json`, root));
/** The generated types of `service`. */
export const typesPath = (service) => fileURLToPath(new URL(`src/generated/${service}.ts`, root));
