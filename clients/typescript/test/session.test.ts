import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { Session, SessionExpiredError, authorizedFetch, tokenExpiry } from "../src/index.js";
import { FakeGateway } from "./fake-gateway.js";

function jwt(expSeconds: number): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "EdDSA" })}.${part({ sub: "u", exp: expSeconds })}.sig`;
}

describe("Session", () => {
  let gw: FakeGateway;
  beforeEach(async () => {
    gw = new FakeGateway();
    await gw.start();
  });
  afterEach(() => gw.stop());

  it("reads a JWT's expiry", () => {
    assert.equal(tokenExpiry(jwt(1_700_000_000)), 1_700_000_000_000);
    assert.equal(tokenExpiry("not-a-jwt"), null);
  });

  it("refreshes ahead of expiry, once for concurrent callers, and reports the new pair", async () => {
    const stored: unknown[] = [];
    const soon = jwt(Math.floor(Date.now() / 1000) + 10);
    const session = new Session({
      baseUrl: gw.origin,
      tokens: { access_token: soon, refresh_token: "r1" },
      onTokens: (t) => stored.push(t),
    });
    const tokens = await Promise.all([session.accessToken(), session.accessToken(), session.accessToken()]);
    assert.deepEqual(tokens, ["t2", "t2", "t2"]);
    assert.equal(gw.refreshCalls, 1);
    assert.equal(stored.length, 1);
    // Far from expiry: no refresh.
    const fresh = new Session({ baseUrl: gw.origin, tokens: { access_token: jwt(Math.floor(Date.now() / 1000) + 900) } });
    await fresh.accessToken();
    assert.equal(gw.refreshCalls, 1);
  });

  it("a refused refresh signs out", async () => {
    const stored: unknown[] = [];
    const session = new Session({
      baseUrl: gw.origin,
      tokens: { access_token: "t1", refresh_token: "stolen" },
      onTokens: (t) => stored.push(t),
    });
    await assert.rejects(session.refresh(), SessionExpiredError);
    assert.equal(session.signedIn, false);
    assert.deepEqual(stored, [null]);
  });

  it("authorizedFetch retries once with a refreshed token after a 401", async () => {
    gw.validTokens = new Set(["t0"]);
    const session = new Session({ baseUrl: gw.origin, tokens: { access_token: "expired", refresh_token: "r1" } });
    const f = authorizedFetch(session, (i, init) => fetch(i, init));
    const res = await f(new Request(`${gw.origin}/api/echo`, { method: "POST", body: "{}" }));
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { auth: "Bearer t2" });
    assert.equal(gw.refreshCalls, 1);
  });
});
