// Measures how long after a stack is ready the demo's first screen is usable: polls
// /play/ until it answers, then loads it in chromium until "Play as a guest" is visible.
//   node browser/first-screen.mjs [GATEWAY_URL]
import { chromium } from "playwright-core";

const base = process.argv[2] ?? "http://127.0.0.1:8080";
const start = Date.now();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
const launched = Date.now();
const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
const loadStart = Date.now();
await page.goto(`${base}/play/`);
await page.getByRole("button", { name: "Play as a guest" }).waitFor();
const usable = Date.now();
await page.getByRole("button", { name: "Play as a guest" }).click();
await page.getByText("live", { exact: true }).waitFor();
const playing = Date.now();
console.log(
  `first-screen: browser start ${launched - start} ms; page load to usable ${usable - loadStart} ms; ` +
    `guest signed in and realtime live ${playing - usable} ms later`,
);
await browser.close();
