#!/usr/bin/env node
// The voting seed's journey (CLIENTS.md "Voting game") with the official socket.io-client,
// against a gateway: node voting.js <gateway url> [websocket|upgrade|polling]
//
// Host H and player P register, H creates a room over REST, both join it over REST and with
// the `join_room` emit, H starts the game and drives every phase with emits (start_voting,
// end_round, next_round), both answer and vote over REST, and every event the seed's UI reads
// is awaited with the fields it reads. P authenticates with the access_token cookie of the
// handshake, H with `auth: {token}`. A socket without a token must get a connect_error.
// Prints one JSON line; exits 0 only when the whole journey passed.
"use strict";

const assert = require("node:assert/strict");
const { Rest, Client } = require("./lib/client");

const base = process.argv[2];
const mode = process.argv[3] || "websocket";
const ROUNDS = 2;

async function journey() {
  const report = { ok: false, mode, rounds: ROUNDS, events: {} };
  const count = (name) => (report.events[name] = (report.events[name] || 0) + 1);

  // A socket without a token is refused at CONNECT, with a message.
  const anonymous = new Client(base, mode);
  const refusal = await anonymous.connected().then(
    () => null,
    (err) => err,
  );
  anonymous.close();
  assert.ok(refusal, "a socket without a token connected");
  assert.match(refusal.message, /authentication required/);
  report.no_token_error = refusal.message;

  const hRest = new Rest(base);
  const pRest = new Rest(base);
  const h = await hRest.register("h");
  const p = await pRest.register("p");
  await hRest.call("GET", "/api/auth/me");

  const hs = new Client(base, mode, { token: h.token });
  const ps = new Client(base, mode, { cookie: pRest.cookie });
  await Promise.all([hs.connected(), ps.connected()]);
  if (mode === "upgrade") {
    await Promise.all([hs.upgraded(), ps.upgraded()]);
  }
  report.transport = { host: hs.transport(), player: ps.transport() };

  const room = await hRest.call("POST", "/api/rooms", { max_players: 8, total_rounds: ROUNDS });
  const code = room.code;
  assert.match(code, /^[A-Z0-9]{6}$/);
  const details = await hRest.call("GET", `/api/rooms/${code}`);
  assert.equal(details.host_id, h.user.id);
  assert.equal(details.status, "waiting");
  hs.emit("join_room", { room_code: code });

  await pRest.call("POST", "/api/rooms/join", { code });
  ps.emit("join_room", { room_code: code });
  const joined = await hs.next("player_joined", (d) => d.participant_count === 2);
  count("player_joined");
  assert.deepEqual(
    joined.participants.map((x) => x.id).sort(),
    [h.user.id, p.user.id].sort(),
  );
  assert.ok(joined.participants.every((x) => typeof x.username === "string"));
  // P's own join_room emit is answered by following the room: make sure it has.
  const seen = await pRest.call("GET", `/api/rooms/${code}`);
  assert.equal(seen.participant_count, 2);

  hs.emit("start_game", { room_code: code });
  let opened = await Promise.all(
    [hs, ps].map((s) => s.next("game_started")),
  );
  count("game_started");
  let finalBoard = null;
  for (let round = 1; round <= ROUNDS; round += 1) {
    const [ho, po] = opened;
    for (const o of [ho, po]) {
      assert.equal(o.round_number, round);
      assert.equal(typeof o.question, "string");
      assert.ok(o.question.length > 0);
      assert.ok(o.time_limit > 0);
    }
    assert.equal(ho.round_id, po.round_id);
    const roundId = ho.round_id;

    const hAnswer = await hRest.call("POST", `/api/game/rounds/${roundId}/answer`, { content: `H says ${round}` });
    const pAnswer = await pRest.call("POST", `/api/game/rounds/${roundId}/answer`, { content: `P says ${round}` });
    await hs.next("answer_submitted", (d) => d.submitted_count === 2);
    count("answer_submitted");

    hs.emit("start_voting", { round_id: roundId, room_code: code });
    const [hv, pv] = await Promise.all([hs, ps].map((s) => s.next("voting_started")));
    count("voting_started");
    for (const v of [hv, pv]) {
      assert.deepEqual(v.answers.map((a) => a.id).sort(), [hAnswer.id, pAnswer.id].sort());
      assert.ok(v.answers.every((a) => typeof a.content === "string"));
      assert.ok(v.time_limit > 0);
    }
    await hRest.call("POST", `/api/game/rounds/${roundId}/vote`, { answer_id: pAnswer.id });
    await pRest.call("POST", `/api/game/rounds/${roundId}/vote`, { answer_id: hAnswer.id });
    await ps.next("vote_update", (d) => d.answer_id === pAnswer.id && d.vote_count === 1);
    await hs.next("vote_update", (d) => d.answer_id === hAnswer.id && d.vote_count === 1);
    count("vote_update");

    hs.emit("end_round", { round_id: roundId, room_code: code });
    const [he, pe] = await Promise.all([hs, ps].map((s) => s.next("round_ended")));
    count("round_ended");
    for (const e of [he, pe]) {
      const scores = Object.fromEntries(e.leaderboard.map((x) => [x.user_id, x.score]));
      assert.equal(scores[h.user.id], round);
      assert.equal(scores[p.user.id], round);
      assert.ok(e.leaderboard.every((x) => typeof x.username === "string"));
    }
    if (round < ROUNDS) {
      hs.emit("next_round", { room_code: code });
      opened = await Promise.all([hs, ps].map((s) => s.next("round_started")));
      count("round_started");
    } else {
      const [hg, pg] = await Promise.all([hs, ps].map((s) => s.next("game_ended")));
      count("game_ended");
      for (const g of [hg, pg]) {
        assert.equal(g.final_leaderboard.length, 2);
        assert.ok(g.final_leaderboard.every((x) => x.score === ROUNDS));
      }
      finalBoard = hg.final_leaderboard;
    }
  }

  // A refused emit comes back as the seed's `error {message}`.
  ps.emit("next_round", { room_code: code });
  const error = await ps.next("error");
  assert.equal(typeof error.message, "string");
  report.refused_emit = error.message;

  // The seed's leave: the emit, then the REST call that ends the membership.
  ps.emit("leave_room", { room_code: code });
  await pRest.call("DELETE", `/api/rooms/${code}/leave`);
  const left = await hs.next("player_left", (d) => d.participant_count === 1);
  count("player_left");
  assert.deepEqual(left.participants.map((x) => x.id), [h.user.id]);
  hs.emit("leave_room", { room_code: code });
  await hRest.call("DELETE", `/api/rooms/${code}/leave`);

  report.transport_at_end = { host: hs.transport(), player: ps.transport() };
  hs.close();
  ps.close();
  report.room = code;
  report.final_leaderboard = finalBoard;
  report.ok = true;
  return report;
}

const deadline = setTimeout(() => {
  console.log(JSON.stringify({ ok: false, mode, error: "journey took longer than 60 s" }));
  process.exit(1);
}, 60000);

journey().then(
  (report) => {
    clearTimeout(deadline);
    console.log(JSON.stringify(report));
    process.exit(0);
  },
  (err) => {
    clearTimeout(deadline);
    console.log(JSON.stringify({ ok: false, mode, error: String(err && err.stack ? err.stack : err) }));
    process.exit(1);
  },
);
