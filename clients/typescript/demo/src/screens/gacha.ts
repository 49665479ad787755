// Gacha: banners, pulls with their results, and the odds page (gacha service).
import { unwrap, type GachaApi } from "../../../src/index.js";
import type { App } from "../app.js";
import { facts, fill, guard, h, idempotencyKey, section } from "../dom.js";

type Banner = GachaApi.components["schemas"]["BannerView"];

export async function renderGacha(app: App, root: HTMLElement): Promise<void> {
  const banners = await unwrap(app.api.gacha.GET("/api/gacha/banners"));
  const open = banners.filter((b) => b.is_open);
  const gems = h("p", { class: "wallet", "aria-live": "polite" });
  const results = h("div", { "aria-live": "polite" });
  const odds = h("div");
  const select = h("select", { id: "banner" }, ...open.map((b) => h("option", { value: b.banner_id }, b.name)));
  const current = (): Banner | undefined => open.find((b) => b.banner_id === select.value);

  const loadGems = async () => {
    const w = await unwrap(app.api.inventory.GET("/api/wallet"));
    gems.textContent = `Gems ${w.gems}`;
  };
  const loadOdds = async () => {
    const banner = current();
    if (!banner) return;
    const rates = await unwrap(app.api.gacha.GET("/api/gacha/rates", { params: { query: { banner_id: banner.banner_id } } }));
    const c = rates.consolidated;
    fill(
      odds,
      facts([
        ["5★ (with pity)", `${(c.five * 100).toFixed(2)}%`],
        ["4★", `${(c.four * 100).toFixed(2)}%`],
        ["3★", `${(c.three * 100).toFixed(2)}%`],
        ["Mean pulls per 5★", c.mean_pulls_per_five.toFixed(1)],
        ["Pity", rates.pity.description],
      ]),
      h(
        "table",
        {},
        h("caption", {}, `Every item of ${rates.banner_name}`),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Item"), h("th", { scope: "col" }, "Stars"), h("th", { scope: "col" }, "Chance"))),
        h(
          "tbody",
          {},
          ...rates.items.map((i) => h("tr", {}, h("td", {}, i.item_name, i.is_featured ? " (featured)" : ""), h("td", {}, "★".repeat(i.stars)), h("td", { class: "num" }, i.probability_text))),
        ),
      ),
    );
  };
  const pull = async (count: 1 | 10, button: HTMLButtonElement) => {
    const banner = current();
    if (!banner) return;
    await guard(async () => {
      const res = await unwrap(
        app.api.gacha.POST("/api/gacha/pull", {
          params: { query: { count: String(count), banner_id: banner.banner_id }, header: { "Idempotency-Key": idempotencyKey() } },
          body: { banner_id: banner.banner_id },
        }),
      );
      gems.textContent = `Gems ${res.gems_remaining}`;
      fill(
        results,
        h("p", {}, `Spent ${res.gems_spent} gems · pity ${res.pity_counter}, next guaranteed at ${res.next_pity_at}`),
        h(
          "ul",
          { class: "cards" },
          ...res.pulls.map((p) =>
            h("li", { class: `card stars-${p.stars}` }, h("strong", {}, p.item_name), h("small", {}, `${"★".repeat(p.stars)}${p.is_featured ? " featured" : ""}${p.is_pity ? " (pity)" : ""}`)),
          ),
        ),
      );
    }, button);
  };

  const one = h("button", { type: "button" }, "Pull ×1");
  const ten = h("button", { type: "button" }, "Pull ×10");
  one.addEventListener("click", () => void pull(1, one));
  ten.addEventListener("click", () => void pull(10, ten));
  select.addEventListener("change", () => void guard(loadOdds));
  await Promise.all([loadGems(), loadOdds()]);
  const banner = current();
  root.append(
    gems,
    section(
      "Pull",
      open.length === 0 ? h("p", {}, "No banner is open.") : null,
      h("label", { for: "banner" }, "Banner"),
      select,
      banner ? h("p", {}, `${banner.cost_single} gems per pull, ${banner.cost_ten} for ten`) : null,
      h("div", { class: "row" }, one, ten),
      results,
    ),
    section("Odds", odds),
  );
}
