-- POST /api/assets/upload: a signed upload URL for a 1 MiB PNG, players in turn.
package.path = "scripts/bench/?.lua;" .. package.path
local c = require("common")
local tokens = c.tokens()
local n = 0
function request()
  n = n + 1
  return c.post_json(tokens, n, "/api/assets/upload", '{"filename":"tile' .. n .. '.png","content_type":"image/png","size":1048576,"asset_type":"image","category":"tiles"}')
end
done = c.done
