// Profile, wallet and ledger (inventory service), live on `items_granted`.
import { unwrap } from "../../../src/index.js";
import type { App } from "../app.js";
import { append, bar, coalesce, facts, fill, guard, h, section } from "../dom.js";

export async function renderProfile(app: App, root: HTMLElement): Promise<() => void> {
  const player = h("div");
  const wallet = h("div");
  const ledger = h("div");
  const load = async () => {
    const [me, money, page] = await Promise.all([
      unwrap(app.api.inventory.GET("/api/player/me")),
      unwrap(app.api.inventory.GET("/api/wallet")),
      unwrap(app.api.inventory.GET("/api/wallet/ledger", { params: { query: { limit: 20 } } })),
    ]);
    fill(
      player,
      facts([
        ["Name", app.username],
        ["Level", me.level],
        ["Attack / defense / HP", `${me.base_attack} / ${me.base_defense} / ${me.base_hp}`],
        ["Unspent stat points", me.unspent_stat_points],
      ]),
      bar("XP", me.exp, me.exp_max),
      bar("Stamina", me.stamina, me.stamina_max),
    );
    fill(wallet, facts([["Gold", money.gold], ["Gems", money.gems]]));
    const rows = page.entries.map((e) =>
      h("tr", {}, h("td", {}, new Date(e.created_at).toLocaleString()), h("td", {}, e.reason), h("td", {}, e.asset), h("td", { class: "num" }, e.delta > 0 ? `+${e.delta}` : e.delta), h("td", { class: "num" }, e.balance_after ?? "")),
    );
    fill(
      ledger,
      rows.length === 0
        ? h("p", {}, "No entries yet: buy something in the shop.")
        : h(
            "table",
            {},
            h("caption", {}, "Latest 20 wallet and item changes"),
            h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "When"), h("th", { scope: "col" }, "Reason"), h("th", { scope: "col" }, "What"), h("th", { scope: "col" }, "Change"), h("th", { scope: "col" }, "Balance"))),
            h("tbody", {}, ...rows),
          ),
    );
  };
  await load();
  const account = await unwrap(app.api.auth.GET("/api/auth/me"));
  append(root, section("Profile", player), account.is_guest && upgradeForm(app), section("Wallet", wallet), section("Ledger", ledger));
  const sub = app.realtime.subscribe(`user:${app.userId}`, coalesce(load));
  return () => sub.unsubscribe();
}

/** Keeps a guest's progress under an email and password (`POST /api/auth/guest/upgrade`). */
function upgradeForm(app: App): HTMLElement {
  const email = h("input", { id: "up-email", type: "email", required: true, autocomplete: "email" });
  const username = h("input", { id: "up-username", minlength: 3, maxlength: 20, autocomplete: "username" });
  const password = h("input", { id: "up-password", type: "password", required: true, minlength: 8, autocomplete: "new-password" });
  const form = h(
    "form",
    { class: "stack" },
    h("p", {}, "You are playing as a guest. Register to keep this account on other devices."),
    h("label", { for: "up-email" }, "Email"),
    email,
    h("label", { for: "up-username" }, "New username (optional, 3-20 characters)"),
    username,
    h("label", { for: "up-password" }, "Password (8+ characters)"),
    password,
    h("button", { type: "submit" }, "Keep my account"),
  );
  const box = section("Keep your progress", form);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    void guard(async () => {
      const res = await unwrap(
        app.api.auth.POST("/api/auth/guest/upgrade", {
          body: { email: email.value, password: password.value, username: username.value.trim() || null },
        }),
      );
      app.session.setTokens(res);
      app.username = res.user.username;
      fill(box, h("p", {}, `Registered as ${res.user.username}.`));
    }, form.querySelector("button"));
  });
  return box;
}
