// Creating or joining a room by its code: the first step of the cafe and the voting game.
import { unwrap, type RoomApi } from "../../src/index.js";
import type { App } from "./app.js";
import { guard, h } from "./dom.js";

export type Room = RoomApi.components["schemas"]["RoomResponse"];

/** A form that creates a room of `kind` or joins one by code, then calls `entered`. */
export function roomPicker(app: App, kind: "space" | "voting", entered: (room: Room) => void): HTMLElement {
  const code = h("input", { id: `${kind}-code`, maxlength: 6, autocomplete: "off", autocapitalize: "characters", pattern: "[A-Za-z0-9]{6}" });
  const join = h("form", { class: "row" }, h("label", { for: `${kind}-code` }, "Room code"), code, h("button", { type: "submit" }, "Join"));
  join.addEventListener("submit", (ev) => {
    ev.preventDefault();
    void guard(async () => {
      entered(await unwrap(app.api.room.POST("/api/rooms/join", { body: { code: code.value.trim().toUpperCase() } })));
    }, join.querySelector("button"));
  });
  const create = h("button", { type: "button", class: "primary" }, kind === "space" ? "Open a new cafe" : "Host a new game");
  create.addEventListener("click", () =>
    guard(async () => {
      const body = kind === "space" ? { kind, name: `${app.username}'s cafe` } : { kind, name: `${app.username}'s game`, max_players: 8, total_rounds: 3 };
      entered(await unwrap(app.api.room.POST("/api/rooms", { body })));
    }, create),
  );
  return h("div", { class: "stack" }, create, join);
}
