-- POST /api/ai/jobs: an item_description on the free offline model, players in turn.
package.path = "scripts/bench/?.lua;" .. package.path
local c = require("common")
local tokens = c.tokens()
local n = 0
function request()
  n = n + 1
  return c.post_json(tokens, n, "/api/ai/jobs", '{"job_type":"item_description","parameters":{"item_name":"Sword ' .. n .. '","rarity":"rare"}}')
end
done = c.done
