// Browser tests of the demo at /play/ (playwright-core driving Debian's chromium) against a
// running stack: two players vote against each other, one places furniture the other sees
// appear, one pulls on the gacha and sees its gems drop, one player's hit shows live on
// another's battle screen, every screen renders. Screenshots go to SCREENSHOTS
// (default <repo>/target/demo-screens). Run by scripts/browser-test.sh (`make browser-test`).
//
// Environment: GATEWAY_URL, STACK (the stack script: `auth users promote` for the admin that
// grants gems), CHROMIUM (default /usr/bin/chromium).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const base = process.env.GATEWAY_URL ?? "http://127.0.0.1:19080";
const shots = process.env.SCREENSHOTS ?? fileURLToPath(new URL("../../../target/demo-screens", import.meta.url));
const phone = { viewport: { width: 390, height: 844 } };
let browser;

async function guest(name) {
  const context = await browser.newContext(phone);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${base}/play/`);
  await page.getByRole("button", { name: "Play as a guest" }).click();
  await page.getByRole("link", { name: "Profile" }).waitFor();
  await page.getByText("live", { exact: true }).waitFor();
  page.errors = errors;
  page.shot = (what) => page.screenshot({ path: `${shots}/${name}-${what}.png`, fullPage: true });
  return page;
}

async function go(page, screen) {
  await page.getByRole("link", { name: screen, exact: true }).click();
  await page.locator(".screen section").first().waitFor();
}

/** The signed-in player's id, from the token the page stored. */
async function userId(page) {
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem("gp-demo-tokens")).access_token);
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString()).sub;
}

async function json(path, init = {}) {
  const res = await fetch(`${base}${path}`, { ...init, headers: { "content-type": "application/json", ...init.headers } });
  const body = await res.json().catch(() => null);
  assert.ok(res.ok, `${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** Grants `gems` to `user` as an admin (registered, promoted with the auth binary, logged in again). */
async function grantGems(user, gems) {
  const suffix = Math.random().toString(36).slice(2, 10);
  const email = `admin-${suffix}@example.com`;
  const password = "browser-admin-1";
  await json("/api/auth/register", { method: "POST", body: JSON.stringify({ email, username: `adm_${suffix}`, password }) });
  execFileSync("bash", [process.env.STACK, "auth", "users", "promote", email], { stdio: "ignore" });
  const { access_token } = await json("/api/auth/login", { method: "POST", body: JSON.stringify({ email, password }) });
  await json("/api/wallet/admin/grant", {
    method: "POST",
    headers: { authorization: `Bearer ${access_token}`, "idempotency-key": `grant-${suffix}` },
    body: JSON.stringify({ user_id: user, gems, reason: "browser test" }),
  });
}

describe("demo at /play/", () => {
  before(async () => {
    await mkdir(shots, { recursive: true });
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
  });
  after(() => browser?.close());

  it("two players play a voting round against each other", async () => {
    const host = await guest("vote-host");
    const other = await guest("vote-guest");
    await go(host, "Vote");
    await host.getByRole("button", { name: "Host a new game" }).click();
    const heading = await host.getByRole("heading", { name: /^Game [A-Z0-9]{6}$/ }).textContent();
    const code = heading.slice(5);
    await go(other, "Vote");
    await other.getByLabel("Room code").fill(code);
    await other.getByRole("button", { name: "Join" }).click();
    await other.getByRole("heading", { name: `Game ${code}` }).waitFor();
    await host.getByText(/Players: .+, .+/).waitFor();

    await host.getByRole("button", { name: "Start the game" }).click();
    for (const [page, answer] of [
      [host, "a pineapple"],
      [other, "a lighthouse"],
    ]) {
      await page.getByLabel("Your answer").fill(answer);
      await page.getByRole("button", { name: "Answer", exact: true }).click();
      await page.getByText("Answer sent.").waitFor();
    }
    await host.getByText("2 answer(s) in").waitFor();
    await host.shot("answering");
    await host.getByRole("button", { name: "Open voting" }).click();
    // A vote counts once the page shows it (its buttons disabled); end the round only then.
    for (const [page, answer] of [
      [host, "a lighthouse"],
      [other, "a pineapple"],
    ]) {
      const vote = page.getByRole("button", { name: `Vote for: ${answer}` });
      await vote.click();
      await page.waitForFunction((label) => document.querySelector(`button[aria-label="${label}"]`)?.disabled === true, `Vote for: ${answer}`);
    }
    await other.shot("voting");
    await host.getByRole("button", { name: "End the round" }).click();
    // Both see the results: each answer got the other's vote.
    for (const page of [host, other]) {
      await page.getByRole("list", { name: "Scores" }).waitFor();
      assert.equal(await page.getByText("1 vote(s)").count(), 2);
    }
    await other.shot("results");
    assert.deepEqual([...host.errors, ...other.errors], []);
    await host.context().close();
    await other.context().close();
  });

  it("one player buys and places furniture and the other sees it appear", async () => {
    const owner = await guest("cafe-owner");
    const visitor = await guest("cafe-visitor");
    await go(owner, "Shop");
    const buy = owner.locator("details[open] .card").first().getByRole("button", { name: /gold$/ });
    await buy.click();
    await owner.getByRole("alert").filter({ hasText: /./ }).waitFor();
    await owner.shot("shop");

    await go(owner, "Cafe");
    await owner.getByRole("button", { name: "Open a new cafe" }).click();
    const heading = await owner.getByRole("heading", { name: /^Cafe [A-Z0-9]{6}$/ }).textContent();
    const code = heading.slice(5);
    await go(visitor, "Cafe");
    await visitor.getByLabel("Room code").fill(code);
    await visitor.getByRole("button", { name: "Join" }).click();
    await visitor.getByRole("heading", { name: `Cafe ${code}` }).waitFor();
    assert.equal(await visitor.locator(".object").count(), 0);

    // The owner walks, then places the item where they stand; the visitor sees both live.
    const floor = owner.getByRole("img", { name: /cafe floor/ });
    const box = await floor.boundingBox();
    await floor.click({ position: { x: box.width * 0.25, y: box.height * 0.25 } });
    await owner.getByRole("button", { name: /^Place .* where you stand$/ }).first().click();
    await visitor.locator(".object").first().waitFor({ timeout: 10000 });
    await visitor.locator(".person:not(.me)").first().waitFor();
    await visitor.getByRole("textbox", { name: "Message" }).fill("nice chair");
    await visitor.getByRole("button", { name: "Send" }).click();
    await owner.getByRole("list", { name: "Chat messages" }).getByText("nice chair").waitFor();
    await visitor.shot("cafe");
    await owner.shot("cafe");
    assert.deepEqual([...owner.errors, ...visitor.errors], []);
    await owner.context().close();
    await visitor.context().close();
  });

  it("a gacha pull shows its results and the gems drop", async () => {
    const player = await guest("gacha");
    await grantGems(await userId(player), 1600);
    await go(player, "Gacha");
    await player.getByText("Gems 1600").waitFor();
    await player.getByRole("button", { name: "Pull ×1", exact: true }).click();
    await player.getByText(/^Spent 160 gems/).waitFor();
    await player.getByText("Gems 1440").waitFor();
    assert.equal(await player.locator(".screen .cards .card").count(), 1);
    await player.shot("pull");
    assert.deepEqual(player.errors, []);
    await player.context().close();
  });

  it("a hit by one player shows live on the other's screen", async () => {
    const first = await guest("battle-a");
    const second = await guest("battle-b");
    await go(first, "Battle");
    const join = first.locator(".card", { hasText: "Easy" }).first().getByRole("button", { name: /^Join / });
    const battle = (await join.getAttribute("aria-label")).slice("Join ".length);
    await join.click();
    await first.getByRole("meter").first().waitFor();
    // The second player joins the same battle, by its name.
    await go(second, "Battle");
    await second.getByRole("button", { name: `Join ${battle}`, exact: true }).click();
    await second.getByRole("meter").first().waitFor();
    const name = await first.getByRole("meter").first().getAttribute("aria-label");
    const before = Number(await second.getByRole("meter", { name, exact: true }).getAttribute("aria-valuenow"));
    await first.getByRole("button", { name: `power attack on ${name}` }).click();
    const hit = await first.getByRole("alert").filter({ hasText: /damage/ }).textContent();
    const damage = Number(/(\d+) damage/.exec(hit)[1]);
    // The second player's page shows the hit from the battle's events, without a reload, and
    // redraws the enemy's bar from the battle's state.
    await second.getByRole("status", { name: "Latest hit" }).filter({ hasText: `hit for ${damage}` }).waitFor();
    await second.waitForFunction(
      ([label, hp]) => Number(document.querySelector(`[role=meter][aria-label="${label}"]`)?.getAttribute("aria-valuenow")) === hp,
      [name, before - damage],
      { timeout: 10000 },
    );
    await second.shot("battle-live");
    assert.deepEqual([...first.errors, ...second.errors], []);
    await first.context().close();
    await second.context().close();
  });

  it("every screen renders for a guest on a phone-sized screen", async () => {
    const page = await guest("tour");
    for (const screen of ["Profile", "Shop", "Gacha", "Battle", "Leaderboard", "Cafe", "Vote"]) {
      await go(page, screen);
      await page.shot(screen.toLowerCase());
    }
    // A guest keeps its progress by registering; the profile then offers no upgrade.
    await go(page, "Profile");
    const suffix = Math.random().toString(36).slice(2, 10);
    await page.getByLabel("Email").fill(`kept-${suffix}@example.com`);
    await page.getByLabel(/New username/).fill(`kept_${suffix}`);
    await page.getByLabel(/Password/).fill("kept-password-1");
    await page.getByRole("button", { name: "Keep my account" }).click();
    await page.getByText(`Registered as kept_${suffix}.`).waitFor();
    await go(page, "Shop");
    await go(page, "Profile");
    assert.equal(await page.getByRole("button", { name: "Keep my account" }).count(), 0);
    await page.shot("profile-registered");

    // The battle: join the first open one and see HP bars.
    await go(page, "Battle");
    await page.getByRole("button", { name: /^Join / }).first().click();
    await page.getByRole("meter").first().waitFor();
    await page.shot("battle-joined");
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
});
