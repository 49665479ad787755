// The cafe: a space room with live positions (relayed `update_position`), chat and placed
// furniture (an owned furniture item becomes an object in the room).
import { unwrap, type Subscription } from "../../../src/index.js";
import type { App } from "../app.js";
import { fill, guard, h, notice, section, settled } from "../dom.js";
import { type Room, roomPicker } from "../rooms.js";

/** A name short enough to sit on the floor plan (the full one is its title). */
const short = (name: string) => (name.length > 12 ? `${name.slice(0, 11)}…` : name);

/** The room's coordinates (0..2000 by default) drawn on a square this many pixels wide. */
const WORLD = 2000;

export async function renderCafe(app: App, root: HTMLElement): Promise<() => void> {
  let sub: Subscription | null = null;
  const enter = async (room: Room) => {
    sub?.unsubscribe();
    const code = room.code;
    const names = new Map<string, string>(room.players.map((p) => [p.player_id, p.username || p.player_name]));
    const positions = new Map<string, { x: number; y: number }>(room.players.map((p) => [p.player_id, { x: p.x ?? 0, y: p.y ?? 0 }]));
    const floor = h("div", { class: "floor", role: "img", "aria-label": "The cafe floor: click or tap to walk there" });
    const objects = h("div", { class: "layer" });
    const people = h("div", { class: "layer" });
    floor.append(objects, people);
    const chat = h("ol", { class: "chat", "aria-live": "polite", "aria-label": "Chat messages" });
    const furniture = h("div");
    // Clamped so a label at the room's edge stays inside the drawing.
    const pct = (v: number) => `${Math.min(88, Math.max(12, (v / WORLD) * 100)).toFixed(2)}%`;

    const drawPeople = () =>
      fill(
        people,
        ...[...positions].map(([id, p]) =>
          h("span", { class: `person${id === app.userId ? " me" : ""}`, style: `left:${pct(p.x)};top:${pct(p.y)}`, title: names.get(id) ?? "player" }, short(names.get(id) ?? "player")),
        ),
      );
    let objectsDrawn = 0;
    const loadObjects = async () => {
      const mine = ++objectsDrawn;
      const list = await unwrap(app.api.room.GET("/api/rooms/{code}/objects", { params: { path: { code } } }));
      if (mine !== objectsDrawn) return;
      fill(objects, ...list.map((o) => h("span", { class: "object", style: `left:${pct(o.x)};top:${pct(o.y)}`, title: o.type, "data-object": o.id }, o.type)));
    };
    const loadChat = async () => {
      const page = await unwrap(app.api.room.GET("/api/rooms/{code}/chat", { params: { path: { code }, query: { limit: 30 } } }));
      const lines = (page.messages as { username?: string; message?: string }[]).slice().reverse();
      fill(chat, ...lines.map((m) => h("li", {}, h("strong", {}, m.username ?? "?"), " ", m.message ?? "")));
    };
    const loadFurniture = async () => {
      const inv = await unwrap(app.api.inventory.GET("/api/inventory/"));
      const owned = inv.items.filter((i) => i.item_type === "furniture");
      fill(
        furniture,
        owned.length === 0
          ? h("p", {}, "You own no furniture: buy some in the shop.")
          : h(
              "ul",
              { class: "cards" },
              ...owned.map((item) => {
                const place = h("button", { type: "button", "aria-label": `Place ${item.name} where you stand` }, "Place here");
                place.addEventListener("click", () =>
                  guard(async () => {
                    const me = positions.get(app.userId) ?? { x: WORLD / 2, y: WORLD / 2 };
                    await unwrap(
                      app.api.room.POST("/api/rooms/{code}/objects", {
                        params: { path: { code } },
                        body: { inventory_item_id: item.id, x: me.x, y: me.y, rotation: 0 },
                      }),
                    );
                    await Promise.all([loadObjects(), loadFurniture()]);
                  }, place),
                );
                return h("li", { class: "card" }, h("strong", {}, item.name), h("small", {}, `×${item.quantity}`), place);
              }),
            ),
      );
    };

    floor.addEventListener("click", (ev) => {
      const rect = floor.getBoundingClientRect();
      const x = Math.round(((ev.clientX - rect.left) / rect.width) * WORLD);
      const y = Math.round(((ev.clientY - rect.top) / rect.height) * WORLD);
      positions.set(app.userId, { x, y });
      drawPeople();
      if (!app.realtime.send(`room:${code}`, "update_position", { x, y })) notice("offline: your move was not sent");
    });
    const message = h("input", { id: "chat-message", maxlength: 500, autocomplete: "off", required: true });
    const say = h("form", { class: "row" }, h("label", { for: "chat-message" }, "Message"), message, h("button", { type: "submit" }, "Send"));
    say.addEventListener("submit", (ev) => {
      ev.preventDefault();
      void guard(async () => {
        await unwrap(app.api.room.POST("/api/rooms/{code}/chat", { params: { path: { code } }, body: { message: message.value } }));
        message.value = "";
      }, say.querySelector("button"));
    });

    sub = app.realtime.subscribe(`room:${code}`, (e) => {
      const data = e.data as Record<string, unknown>;
      if (e.type === "update_position" && typeof data.sender_id === "string") {
        positions.set(data.sender_id, { x: Number(data.x), y: Number(data.y) });
        drawPeople();
      } else if (e.type === "chat") {
        chat.append(h("li", {}, h("strong", {}, String(data.username ?? "?")), " ", String(data.message ?? "")));
      } else if (e.type.startsWith("object_")) {
        void loadObjects().catch(() => undefined);
      } else if (e.type === "player_joined" || e.type === "player_left") {
        void unwrap(app.api.room.GET("/api/rooms/{code}", { params: { path: { code } } })).then((r) => {
          for (const p of r.players) names.set(p.player_id, p.username || p.player_name);
          drawPeople();
        });
      }
    });
    await settled(sub.ready);
    await Promise.all([loadObjects(), loadChat(), loadFurniture()]);
    drawPeople();
    fill(
      root,
      section(`Cafe ${code}`, h("p", {}, `Share the code ${code} to invite someone. Tap the floor to walk.`), floor),
      section("Chat", chat, say),
      section("Your furniture", furniture),
    );
  };
  root.append(section("Cafe", roomPicker(app, "space", (room) => void guard(() => enter(room)))));
  return () => sub?.unsubscribe();
}
