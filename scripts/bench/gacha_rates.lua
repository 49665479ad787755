-- GET /api/gacha/rates (default banner, with the caller's pity state), players in turn.
package.path = "scripts/bench/?.lua;" .. package.path
local c = require("common")
local tokens = c.tokens()
local n = 0
function request()
  n = n + 1
  return c.as_player(tokens, n, "GET", "/api/gacha/rates")
end
done = c.done
