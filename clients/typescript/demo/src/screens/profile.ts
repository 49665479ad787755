// Profile, wallet and ledger (inventory service), live on `items_granted`.
import { unwrap } from "../../../src/index.js";
import type { App } from "../app.js";
import { bar, facts, fill, h, section } from "../dom.js";

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
  root.append(section("Profile", player), section("Wallet", wallet), section("Ledger", ledger));
  const sub = app.realtime.subscribe(`user:${app.userId}`, () => void load().catch(() => undefined));
  return () => sub.unsubscribe();
}
