// Generates src/generated/<service>.ts from openapi/<service>.json with openapi-typescript.
// With --check it writes nothing and fails when a committed file differs from what the
// committed spec generates (`make sdk-check`).
import { readFile, writeFile } from "node:fs/promises";
import openapiTS, { astToString } from "openapi-typescript";
import { SERVICES, specPath, typesPath } from "./services.mjs";

const check = process.argv.includes("--check");
const banner = (service) =>
  `// Generated from openapi/${service}.json by scripts/generate.mjs (openapi-typescript); do not edit.\n` +
  `// Regenerate with \`make sdk\`.\n\n`;

let stale = [];
for (const service of SERVICES) {
  const spec = JSON.parse(await readFile(specPath(service), "utf8"));
  const ast = await openapiTS(spec, { alphabetize: true, exportType: true });
  const text = banner(service) + astToString(ast);
  if (check) {
    const current = await readFile(typesPath(service), "utf8").catch(() => "");
    if (current !== text) stale.push(service);
  } else {
    await writeFile(typesPath(service), text);
  }
}
if (stale.length > 0) {
  console.error(`sdk-check: generated types out of date for: ${stale.join(", ")} (run make sdk)`);
  process.exit(1);
}
console.log(check ? "sdk-check: generated types match the specs" : `generate: ${SERVICES.length} services`);
