// A battle: join one, attack with live HP bars (events on `battle:{id}`), then claim the loot.
import { unwrap, type Subscription } from "../../../src/index.js";
import type { App } from "../app.js";
import { bar, coalesce, fill, guard, h, notice, section, settled } from "../dom.js";

const ATTACKS = ["quick", "normal", "power"] as const;

export async function renderBattle(app: App, root: HTMLElement): Promise<() => void> {
  const list = h("div");
  const arena = h("div");
  let sub: Subscription | null = null;

  const loadList = async () => {
    const [normal, raids] = await Promise.all([
      unwrap(app.api.battle.GET("/api/battles/available")),
      unwrap(app.api.battle.GET("/api/battles/boss-raids/available")),
    ]);
    const all = [...normal, ...raids.filter((r) => !normal.some((n) => n.id === r.id))];
    fill(
      list,
      all.length === 0
        ? h("p", {}, "No battle is open right now.")
        : h(
            "ul",
            { class: "cards" },
            ...all.map((b) => {
              const join = h("button", { type: "button", "aria-label": `Join ${b.name}` }, "Join");
              join.addEventListener("click", () =>
                guard(async () => {
                  await unwrap(app.api.battle.POST("/api/battles/join/{id}", { params: { path: { id: b.id } } }));
                  await openBattle(b.id);
                }, join),
              );
              return h(
                "li",
                { class: "card" },
                h("strong", {}, b.name),
                h("small", {}, `${b.is_boss_raid ? "boss raid · " : ""}${b.difficulty} · level ${b.required_level}+ · ${b.stamina_cost} stamina · ${b.current_players}/${b.max_players} players`),
                join,
              );
            }),
          ),
    );
  };

  const openBattle = async (id: number) => {
    sub?.unsubscribe();
    // Draws race (a click's redraw and an event's); only the latest request's answer renders.
    let drawn = 0;
    const draw = async () => {
      const mine = ++drawn;
      const b = await unwrap(app.api.battle.GET("/api/battles/{id}", { params: { path: { id } } }));
      if (mine !== drawn) return;
      const done = b.status === "completed" || b.completed_at;
      const claim = h("button", { type: "button", class: "primary" }, "Claim loot");
      claim.addEventListener("click", () =>
        guard(async () => {
          const loot = await unwrap(app.api.battle.POST("/api/battles/{id}/claim-loot", { params: { path: { id } } }));
          notice(
            `Loot: ${loot.gold} gold, ${loot.xp} XP${loot.items.length ? `, ${loot.items.map((i) => i.name).join(", ")}` : ""} (${loot.contribution_percent}% contribution)`,
            "info",
          );
        }, claim),
      );
      fill(
        arena,
        h("h3", {}, `${b.name} · ${b.status}`),
        h(
          "ul",
          { class: "enemies" },
          ...b.enemies.map((e) =>
            h(
              "li",
              { class: e.is_defeated ? "defeated" : "" },
              bar(e.name, e.hp_current, e.hp_max),
              e.is_defeated || done
                ? null
                : h(
                    "div",
                    { class: "row" },
                    ...ATTACKS.map((kind) => {
                      const button = h("button", { type: "button", "aria-label": `${kind} attack on ${e.name}` }, kind);
                      button.addEventListener("click", () =>
                        guard(async () => {
                          const hit = await unwrap(
                            app.api.battle.POST("/api/battles/{id}/attack", {
                              params: { path: { id } },
                              body: { enemy_id: e.id, attack_type: kind },
                            }),
                          );
                          notice(`${hit.is_critical ? "Critical! " : ""}${hit.damage} damage`, "info");
                          await draw();
                        }, button),
                      );
                      return button;
                    }),
                  ),
            ),
          ),
        ),
        h("h4", {}, "Party"),
        h("ul", { class: "party" }, ...b.participants.map((p) => h("li", {}, bar(p.username ?? "player", p.hp_current, p.hp_max), h("small", {}, `${p.total_damage_dealt} damage`)))),
        done ? claim : null,
      );
    };
    // Other players' hits arrive as events: redraw from the battle's state. Subscribed before
    // the first load, so no hit falls between the two.
    const redraw = coalesce(draw);
    const feed = h("p", { class: "feed", role: "status", "aria-label": "Latest hit" });
    arena.after(feed);
    sub = app.realtime.subscribe(`battle:${id}`, (event) => {
      if (event.type === "attack") {
        const d = event.data as { username?: string; damage?: number; is_critical?: boolean; enemy_hp_remaining?: number };
        feed.textContent = `${d.username ?? "someone"} hit for ${d.damage ?? 0}${d.is_critical ? " (critical)" : ""}; ${d.enemy_hp_remaining ?? "?"} HP left`;
      }
      redraw();
    }, {
      onError: (code, detail) => notice(`${detail} (${code})`),
    });
    await settled(sub.ready);
    await draw();
  };

  await loadList();
  root.append(section("Battles", list), section("Arena", arena));
  return () => sub?.unsubscribe();
}
