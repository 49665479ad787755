// The leaderboard: top entries, around-me, and a score submission (leaderboard service).
import { unwrap, type LeaderboardApi } from "../../../src/index.js";
import type { App } from "../app.js";
import { coalesce, fill, guard, h, section } from "../dom.js";

type Entry = LeaderboardApi.components["schemas"]["ScoreResponse"];

function table(caption: string, entries: Entry[], me: string): HTMLElement {
  if (entries.length === 0) return h("p", {}, "No scores yet.");
  return h(
    "table",
    {},
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Rank"), h("th", { scope: "col" }, "Player"), h("th", { scope: "col" }, "Score"))),
    h(
      "tbody",
      {},
      ...entries.map((e) =>
        h("tr", { class: e.user_id === me ? "me" : "" }, h("td", { class: "num" }, e.rank ?? ""), h("td", {}, e.player_name), h("td", { class: "num" }, e.score)),
      ),
    ),
  );
}

export async function renderLeaderboard(app: App, root: HTMLElement): Promise<() => void> {
  const top = h("div");
  const around = h("div");
  const period = h("select", { id: "period" }, ...["all", "daily", "weekly", "monthly"].map((p) => h("option", { value: p }, p)));
  const load = async () => {
    const p = period.value as "all" | "daily" | "weekly" | "monthly";
    const entries = await unwrap(app.api.leaderboard.GET("/api/scores/leaderboard", { params: { query: { limit: 10, game_mode: "levels", period: p } } }));
    fill(top, table("Top 10, levels", entries, app.userId));
    const res = await app.api.leaderboard.GET("/api/scores/around-me", { params: { query: { game_mode: "levels", period: p, radius: 3 } } });
    if (res.data) fill(around, h("p", {}, `You are #${res.data.rank} of ${res.data.total_entries}`), table("Around you", res.data.entries, app.userId));
    else fill(around, h("p", {}, "Submit a score to see the players around you."));
  };
  const score = h("input", { id: "score", type: "number", min: 0, max: 10000000, value: 100, inputmode: "numeric" });
  const form = h("form", { class: "row" }, h("label", { for: "score" }, "Score"), score, h("button", { type: "submit" }, "Submit"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    void guard(async () => {
      await unwrap(
        app.api.leaderboard.POST("/api/scores", {
          body: { score: Number(score.value), coins: 0, enemies_defeated: 0, distance: 0, level: 1, game_mode: "levels" },
        }),
      );
      await load();
    }, form.querySelector("button"));
  });
  period.addEventListener("change", () => void guard(load));
  await load();
  root.append(
    section("Leaderboard", h("label", { for: "period" }, "Period"), period, top),
    section("Around me", around),
    section("Play", form),
  );
  const sub = app.realtime.subscribe("leaderboard:levels", coalesce(load));
  return () => sub.unsubscribe();
}
