// The demo client: one page, a screen per hash route, all calls through @gameplatform/sdk.
import "./style.css";
import { unwrap, type AuthApi } from "../../src/index.js";
import { type App, createClients, createSession } from "./app.js";
import { fill, guard, h, notice, section } from "./dom.js";
import { renderBattle } from "./screens/battle.js";
import { renderCafe } from "./screens/cafe.js";
import { renderGacha } from "./screens/gacha.js";
import { renderLeaderboard } from "./screens/leaderboard.js";
import { renderProfile } from "./screens/profile.js";
import { renderShop } from "./screens/shop.js";
import { renderVote } from "./screens/vote.js";

type Screen = (app: App, main: HTMLElement) => Promise<(() => void) | void>;
const SCREENS: [string, string, Screen][] = [
  ["profile", "Profile", renderProfile],
  ["shop", "Shop", renderShop],
  ["gacha", "Gacha", renderGacha],
  ["battle", "Battle", renderBattle],
  ["leaderboard", "Leaderboard", renderLeaderboard],
  ["cafe", "Cafe", renderCafe],
  ["vote", "Vote", renderVote],
];

const main = document.getElementById("main") as HTMLElement;
const nav = document.getElementById("nav") as HTMLElement;
const conn = document.getElementById("conn") as HTMLElement;
const session = createSession();
let app: App | null = null;
let cleanup: (() => void) | void = undefined;

type AuthResponse = AuthApi.components["schemas"]["AuthResponse"];

async function signedIn(res: AuthResponse): Promise<void> {
  session.setTokens(res);
  await start();
}

async function start(): Promise<void> {
  const { api, realtime } = createClients(session);
  const me = await unwrap(api.auth.GET("/api/auth/me"));
  app = { session, api, realtime, userId: me.id, username: me.username };
  realtime.onState((s) => {
    conn.textContent = s === "open" ? "live" : s;
    conn.dataset.state = s;
  });
  realtime.onError((code, detail) => {
    if (code !== "rate_limited") notice(`${detail} (${code})`);
  });
  await realtime.connect().catch(() => notice("realtime connection failed; retrying"));
  fill(
    nav,
    ...SCREENS.map(([id, label]) => h("a", { href: `#/${id}`, "data-screen": id }, label)),
    h("button", { type: "button", class: "link", onclick: () => void signOut() }, "Sign out"),
  );
  nav.hidden = false;
  await route();
}

async function signOut(): Promise<void> {
  await guard(async () => {
    await app?.api.auth.POST("/api/auth/logout");
  });
  app?.realtime.close();
  app = null;
  session.clear();
  nav.hidden = true;
  location.hash = "#/";
  renderAuth();
}

function renderAuth(): void {
  const api = createClients(session).api;
  const guest = h("button", { type: "button", class: "primary" }, "Play as a guest");
  guest.addEventListener("click", () =>
    guard(async () => signedIn(await unwrap(api.auth.POST("/api/auth/guest"))), guest),
  );
  const email = h("input", { id: "reg-email", type: "email", required: true, autocomplete: "email" });
  const username = h("input", { id: "reg-username", required: true, minlength: 3, maxlength: 20, autocomplete: "username" });
  const password = h("input", { id: "reg-password", type: "password", required: true, minlength: 8, autocomplete: "new-password" });
  const form = h(
    "form",
    { class: "stack" },
    h("label", { for: "reg-email" }, "Email"),
    email,
    h("label", { for: "reg-username" }, "Username (3-20 characters)"),
    username,
    h("label", { for: "reg-password" }, "Password (8+ characters)"),
    password,
    h("button", { type: "submit" }, "Register"),
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const button = form.querySelector("button");
    void guard(
      async () =>
        signedIn(
          await unwrap(
            api.auth.POST("/api/auth/register", {
              body: { email: email.value, username: username.value, password: password.value },
            }),
          ),
        ),
      button,
    );
  });
  const lemail = h("input", { id: "login-email", type: "email", required: true, autocomplete: "email" });
  const lpassword = h("input", { id: "login-password", type: "password", required: true, autocomplete: "current-password" });
  const login = h(
    "form",
    { class: "stack" },
    h("label", { for: "login-email" }, "Email"),
    lemail,
    h("label", { for: "login-password" }, "Password"),
    lpassword,
    h("button", { type: "submit" }, "Log in"),
  );
  login.addEventListener("submit", (ev) => {
    ev.preventDefault();
    void guard(
      async () =>
        signedIn(await unwrap(api.auth.POST("/api/auth/login", { body: { email: lemail.value, password: lpassword.value } }))),
      login.querySelector("button"),
    );
  });
  fill(
    main,
    section("Play now", h("p", {}, "A guest account starts at once; you can register later."), guest),
    section("Register", form),
    section("Log in", login),
  );
}

async function route(): Promise<void> {
  if (!app) return;
  const id = location.hash.replace(/^#\/?/, "").split("/")[0] || "profile";
  const screen = SCREENS.find(([key]) => key === id) ?? SCREENS[0]!;
  for (const a of nav.querySelectorAll("a")) {
    if (a.dataset.screen === screen[0]) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  cleanup?.();
  cleanup = undefined;
  fill(main, h("p", {}, "Loading…"));
  const target = h("div", { class: "screen" });
  try {
    cleanup = await screen[2](app, target);
    fill(main, target);
    document.title = `${screen[1]} · gameplatform demo`;
  } catch (e) {
    fill(main, h("p", { class: "error" }, `Could not load ${screen[1]}: ${e instanceof Error ? e.message : String(e)}`));
  }
}

window.addEventListener("hashchange", () => void route());
if (session.signedIn) {
  start().catch(() => {
    session.clear();
    renderAuth();
  });
} else {
  renderAuth();
}
