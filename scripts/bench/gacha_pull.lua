-- POST /api/gacha/pull?count=10 on the default banner, players in turn, a fresh Idempotency-Key
-- per request (thread tag + counter). Tokens: scripts/bench/players.py --gems.
package.path = "scripts/bench/?.lua;" .. package.path
local c = require("common")
local tokens = c.tokens()
local n = 0
local tag
function setup(thread) thread:set("tag", tostring(math.random(1, 1000000000))) end
function init() tag = tag or tostring(math.random(1, 1000000000)) end
function request()
  n = n + 1
  return c.as_player(tokens, n, "POST", "/api/gacha/pull?count=10", { ["Idempotency-Key"] = "bench-" .. tag .. "-" .. n }, "")
end
done = c.done
