// Refreshes openapi/<service>.json from a running stack's gateway (`/openapi/<service>.json`,
// which the gateway fetches live from each service). `/internal/*` paths are dropped: the
// gateway never routes them, so they are no part of the client's API.
//
//   node scripts/refresh-openapi.mjs [--check] [GATEWAY_URL]   (default $GATEWAY_URL or http://127.0.0.1:8080)
//
// With --check it writes nothing and fails when a committed spec differs from what the stack
// serves (scripts/integration.sh runs it: the SDK's types must follow the services).
import { readFile, writeFile } from "node:fs/promises";
import { SERVICES, specPath } from "./services.mjs";

const args = process.argv.slice(2);
const check = args.includes("--check");
const gateway = (args.find((a) => a !== "--check") ?? process.env.GATEWAY_URL ?? "http://127.0.0.1:8080").replace(/\/$/, "");
const stale = [];

for (const service of SERVICES) {
  const url = `${gateway}/openapi/${service}.json`;
  const res = await fetch(url);
  if (!res.ok) {
    console.error(`refresh-openapi: ${url} answered ${res.status}; is the stack running (make run)?`);
    process.exit(1);
  }
  const spec = await res.json();
  for (const path of Object.keys(spec.paths ?? {})) {
    if (path.startsWith("/internal/")) delete spec.paths[path];
  }
  const text = JSON.stringify(spec, null, 2) + "\n";
  if (check) {
    if ((await readFile(specPath(service), "utf8").catch(() => "")) !== text) stale.push(service);
    continue;
  }
  await writeFile(specPath(service), text);
  console.log(`refresh-openapi: ${service}: ${Object.keys(spec.paths ?? {}).length} paths`);
}
if (stale.length > 0) {
  console.error(`openapi-check: the committed specs differ from the services' for: ${stale.join(", ")} (run make sdk-openapi)`);
  process.exit(1);
}
if (check) console.log("openapi-check: the committed specs match the running services");
