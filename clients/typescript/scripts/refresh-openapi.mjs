// Refreshes openapi/<service>.json from a running stack's gateway (`/openapi/<service>.json`,
// which the gateway fetches live from each service). `/internal/*` paths are dropped: the
// gateway never routes them, so they are no part of the client's API.
//
//   node scripts/refresh-openapi.mjs [GATEWAY_URL]   (default $GATEWAY_URL or http://127.0.0.1:8080)
import { writeFile } from "node:fs/promises";
import { SERVICES, specPath } from "./services.mjs";

const gateway = (process.argv[2] ?? process.env.GATEWAY_URL ?? "http://127.0.0.1:8080").replace(/\/$/, "");

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
  await writeFile(specPath(service), JSON.stringify(spec, null, 2) + "\n");
  console.log(`refresh-openapi: ${service}: ${Object.keys(spec.paths ?? {}).length} paths`);
}
