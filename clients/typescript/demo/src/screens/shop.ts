// Shop and inventory with equipment (inventory service).
import { unwrap, type InventoryApi } from "../../../src/index.js";
import type { App } from "../app.js";
import { facts, fill, guard, h, idempotencyKey, notice, section } from "../dom.js";

type ShopItem = InventoryApi.components["schemas"]["ShopItem"];
type ItemView = InventoryApi.components["schemas"]["ItemView"];
type Slot = InventoryApi.components["schemas"]["Slot"];
const SLOTS: Slot[] = ["weapon", "helmet", "armor", "boots", "gloves", "ring", "ring2", "amulet"];

export async function renderShop(app: App, root: HTMLElement): Promise<() => void> {
  const wallet = h("p", { class: "wallet", "aria-live": "polite" });
  const shop = h("div");
  const inventory = h("div");
  const equipment = h("div");

  const loadWallet = async () => {
    const w = await unwrap(app.api.inventory.GET("/api/wallet"));
    wallet.textContent = `Gold ${w.gold} · Gems ${w.gems}`;
  };

  const buy = async (item: ShopItem, useGems: boolean, button: HTMLButtonElement) => {
    await guard(async () => {
      const res = await unwrap(
        app.api.inventory.POST("/api/shop/purchase", {
          body: { item_id: item.id, use_gems: useGems },
          params: { header: { "Idempotency-Key": idempotencyKey() } },
        }),
      );
      notice(res.message ?? `Bought ${item.name}`, "info");
      await Promise.all([loadWallet(), loadInventory()]);
    }, button);
  };

  const loadShop = async () => {
    const res = await unwrap(app.api.inventory.GET("/api/shop/items"));
    const groups = Object.entries(res) as [string, ShopItem[]][];
    fill(
      shop,
      ...groups
        .filter(([, items]) => Array.isArray(items) && items.length > 0)
        .map(([group, items]) =>
          h(
            "details",
            { open: group === "furniture" },
            h("summary", {}, `${group} (${items.length})`),
            h(
              "ul",
              { class: "cards" },
              ...items.map((item) => {
                const gold = h("button", { type: "button", "aria-label": `Buy ${item.name} for ${item.price} gold` }, `${item.price} gold`);
                gold.addEventListener("click", () => void buy(item, false, gold));
                const gems = item.gem_price
                  ? h("button", { type: "button", "aria-label": `Buy ${item.name} for ${item.gem_price} gems` }, `${item.gem_price} gems`)
                  : null;
                gems?.addEventListener("click", () => void buy(item, true, gems));
                return h(
                  "li",
                  { class: `card rarity-${item.rarity ?? "common"}` },
                  h("strong", {}, item.name),
                  h("small", {}, [item.type, item.rarity, item.level ? `level ${item.level}` : ""].filter(Boolean).join(" · ")),
                  item.description ? h("p", {}, item.description) : null,
                  h("div", { class: "row" }, gold, gems),
                );
              }),
            ),
          ),
        ),
    );
  };

  const equip = async (item: ItemView, slot: Slot, button: HTMLButtonElement) => {
    await guard(async () => {
      const res = await unwrap(
        app.api.inventory.POST("/api/inventory/equip", { body: { item_id: item.id, set_type: "attack", slot } }),
      );
      notice(`${res.message} · attack ${res.stats.attack}, defense ${res.stats.defense}, HP ${res.stats.hp}`, "info");
      await loadInventory();
    }, button);
  };

  const loadInventory = async () => {
    const inv = await unwrap(app.api.inventory.GET("/api/inventory/"));
    const set = inv.attack_set as unknown as Record<string, { name?: string } | null | undefined>;
    fill(
      equipment,
      facts(SLOTS.map((slot) => [slot, set?.[slot]?.name ?? "empty"])),
    );
    fill(
      inventory,
      inv.items.length === 0
        ? h("p", {}, "Nothing yet.", " ", starterButton())
        : h(
            "ul",
            { class: "cards" },
            ...inv.items.map((item) => {
              const slot = SLOTS.find((s) => s === item.item_type) ?? (item.item_type === "ring" ? "ring" : null);
              const button = slot ? h("button", { type: "button", "aria-label": `Equip ${item.name} as ${slot}` }, "Equip") : null;
              if (button && slot) button.addEventListener("click", () => void equip(item, slot, button));
              return h(
                "li",
                { class: `card rarity-${item.rarity}` },
                h("strong", {}, item.name),
                h("small", {}, `${item.item_type} · ${item.rarity}${item.quantity > 1 ? ` · ×${item.quantity}` : ""}`),
                h("small", {}, `+${item.attack_bonus} atk +${item.defense_bonus} def +${item.hp_bonus} hp`),
                button,
              );
            }),
          ),
    );
  };

  const starterButton = () => {
    const b = h("button", { type: "button" }, "Claim starter items");
    b.addEventListener("click", () =>
      guard(async () => {
        await unwrap(app.api.inventory.POST("/api/inventory/starter-items"));
        await loadInventory();
      }, b),
    );
    return b;
  };

  await Promise.all([loadWallet(), loadShop(), loadInventory()]);
  root.append(
    wallet,
    section("Equipped (attack set)", equipment),
    section("Inventory", inventory),
    section("Shop", shop),
  );
  const sub = app.realtime.subscribe(`user:${app.userId}`, (e) => {
    if (e.type === "items_granted") void loadInventory().catch(() => undefined);
  });
  return () => sub.unsubscribe();
}
