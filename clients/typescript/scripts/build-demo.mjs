// Builds the demo (demo/src, on the SDK's sources) into demo/dist: one bundled, minified
// script and stylesheet named by their content hash, and index.html pointing at them. With
// --check it writes nothing and fails when demo/dist differs from what the sources build
// (`make demo-check`): the committed build is what `make run` serves without Node.
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const src = join(root, "demo/src");
const dist = join(root, "demo/dist");
const check = process.argv.includes("--check");

const result = await esbuild.build({
  entryPoints: { app: join(src, "main.ts") },
  bundle: true,
  format: "esm",
  target: "es2022",
  platform: "browser",
  minify: true,
  legalComments: "none",
  charset: "utf8",
  entryNames: "assets/[name]-[hash]",
  outdir: dist,
  write: false,
  metafile: false,
  logLevel: "warning",
});

const files = new Map();
for (const out of result.outputFiles) files.set(relative(dist, out.path).split("\\").join("/"), Buffer.from(out.contents));
const js = [...files.keys()].find((f) => f.endsWith(".js"));
const css = [...files.keys()].find((f) => f.endsWith(".css"));
if (!js || !css) throw new Error("the build made no script or stylesheet");
const page = (await readFile(join(src, "index.html"), "utf8")).replace("%JS%", js).replace("%CSS%", css);
files.set("index.html", Buffer.from(page));

async function listed(dir, base = dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listed(path, base)));
    else out.push(relative(base, path).split("\\").join("/"));
  }
  return out.sort();
}

if (check) {
  const committed = await listed(dist);
  const wanted = [...files.keys()].sort();
  const problems = [];
  if (committed.join("\n") !== wanted.join("\n")) problems.push(`files: have [${committed}] want [${wanted}]`);
  for (const [name, bytes] of files) {
    const have = await readFile(join(dist, name)).catch(() => null);
    if (!have || !have.equals(bytes)) problems.push(`${name} differs`);
  }
  if (problems.length > 0) {
    console.error(`demo-check: demo/dist does not match demo/src (run make demo): ${problems.join("; ")}`);
    process.exit(1);
  }
  console.log("demo-check: demo/dist matches its sources");
} else {
  await rm(dist, { recursive: true, force: true });
  for (const [name, bytes] of files) {
    await mkdir(dirname(join(dist, name)), { recursive: true });
    await writeFile(join(dist, name), bytes);
  }
  console.log(`demo: ${[...files.keys()].map((f) => `${f} ${files.get(f).length} B`).join(", ")}`);
}
