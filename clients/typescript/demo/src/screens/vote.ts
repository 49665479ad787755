// The voting party game: the host starts rounds, everyone answers, votes for someone else's
// answer, and sees the scores; the page follows the room's events.
import { unwrap, type Subscription } from "../../../src/index.js";
import type { App } from "../app.js";
import { coalesce, fill, guard, h, section, settled } from "../dom.js";
import { type Room, roomPicker } from "../rooms.js";

export async function renderVote(app: App, root: HTMLElement): Promise<() => void> {
  let sub: Subscription | null = null;
  let timer: ReturnType<typeof setInterval> | undefined;
  const enter = async (room: Room) => {
    sub?.unsubscribe();
    const code = room.code;
    const view = h("div", { "aria-live": "polite" });
    const players = h("p");
    // Draws race (a click's redraw and an event's); only the latest request's answer renders.
    let drawn = 0;
    const draw = async () => {
      const mine = ++drawn;
      const [game, current] = await Promise.all([
        unwrap(app.api.room.GET("/api/game/{code}", { params: { path: { code } } })),
        unwrap(app.api.room.GET("/api/rooms/{code}", { params: { path: { code } } })),
      ]);
      if (mine !== drawn) return;
      players.textContent = `Players: ${current.players.map((p) => p.username || p.player_name).join(", ")}`;
      const host = game.host_id === app.userId;
      const action = (label: string, call: () => Promise<unknown>) => {
        const b = h("button", { type: "button", class: "primary" }, label);
        b.addEventListener("click", () => guard(async () => (await call(), await draw()), b));
        return b;
      };
      const round = game.round;
      const deadline = round?.ends_at ? new Date(round.ends_at).getTime() - (new Date(game.server_time).getTime() - Date.now()) : null;
      const countdown = h("p", { class: "countdown" });
      clearInterval(timer);
      if (deadline) {
        const tick = () => (countdown.textContent = `${Math.max(0, Math.round((deadline - Date.now()) / 1000))} s left`);
        tick();
        timer = setInterval(tick, 1000);
      }
      const parts: (HTMLElement | null)[] = [h("p", {}, `Round ${game.current_round} of ${game.total_rounds} · ${game.phase}`)];
      if (game.phase === "waiting") {
        parts.push(host ? action("Start the game", () => unwrap(app.api.room.POST("/api/game/{code}/start", { params: { path: { code } } }))) : h("p", {}, "Waiting for the host to start."));
      }
      if (round && game.phase === "answering") {
        parts.push(h("p", { class: "question" }, round.question), countdown, h("p", {}, `${game.submitted_count} answer(s) in`));
        if (!game.has_answered) {
          const input = h("input", { id: "answer", maxlength: 200, required: true, autocomplete: "off" });
          const form = h("form", { class: "row" }, h("label", { for: "answer" }, "Your answer"), input, h("button", { type: "submit" }, "Answer"));
          form.addEventListener("submit", (ev) => {
            ev.preventDefault();
            void guard(async () => {
              await unwrap(app.api.room.POST("/api/game/rounds/{id}/answer", { params: { path: { id: round.round_id } }, body: { content: input.value } }));
              await draw();
            }, form.querySelector("button"));
          });
          parts.push(form);
        } else parts.push(h("p", {}, "Answer sent."));
        if (host) parts.push(action("Open voting", () => unwrap(app.api.room.POST("/api/game/{code}/voting", { params: { path: { code } } }))));
      }
      if (round && game.phase === "voting") {
        parts.push(h("p", { class: "question" }, round.question), countdown);
        parts.push(
          h(
            "ul",
            { class: "answers" },
            ...game.answers.map((a) => {
              const vote = h("button", { type: "button", disabled: game.has_voted || a.is_own_answer, "aria-label": `Vote for: ${a.content}` }, a.is_own_answer ? "yours" : "Vote");
              vote.addEventListener("click", () =>
                guard(async () => {
                  await unwrap(app.api.room.POST("/api/game/rounds/{id}/vote", { params: { path: { id: round.round_id } }, body: { answer_id: a.id } }));
                  await draw();
                }, vote),
              );
              return h("li", {}, h("span", {}, a.content), vote);
            }),
          ),
        );
        if (host) parts.push(action("End the round", () => unwrap(app.api.room.POST("/api/game/{code}/end-round", { params: { path: { code } } }))));
      }
      if (game.phase === "results" || game.phase === "finished") {
        parts.push(
          h("ul", { class: "answers" }, ...game.answers.map((a) => h("li", {}, h("span", {}, `${a.content} — ${a.username ?? "?"}`), h("strong", {}, `${a.vote_count} vote(s)`)))),
          h("ol", { class: "scores", "aria-label": "Scores" }, ...game.leaderboard.map((s) => h("li", {}, `${s.username}: ${s.total_points ?? s.score} points`))),
        );
        if (host && game.phase === "results") parts.push(action("Next round", () => unwrap(app.api.room.POST("/api/game/{code}/next-round", { params: { path: { code } } }))));
      }
      fill(view, ...parts);
    };
    sub = app.realtime.subscribe(`room:${code}`, coalesce(draw));
    await settled(sub.ready);
    await draw();
    fill(root, section(`Game ${code}`, h("p", {}, `Share the code ${code}; 3+ players make it fun.`), players, view));
  };
  root.append(section("Voting game", roomPicker(app, "voting", (room) => void guard(() => enter(room)))));
  return () => {
    sub?.unsubscribe();
    clearInterval(timer);
  };
}
