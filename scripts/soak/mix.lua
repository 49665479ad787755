-- The soak's mixed load (scripts/soak.sh): each connection sends one request of a rotating mix
-- (purchase, gacha pull, AI job, upload URL, score, reads), then waits SOAK_DELAY_MS, so the rate
-- is fixed and low (connections x 1000 / delay per second) rather than as fast as the stack goes.
package.path = "scripts/bench/?.lua;" .. package.path
local c = require("common")
local tokens = c.tokens()
local item = os.getenv("SOAK_ITEM") or "health_potion"
local pause = tonumber(os.getenv("SOAK_DELAY_MS") or "300")
local n = 0
local tag
counts = {}
local threads = {}

function setup(thread)
  thread:set("tag", tostring(math.random(1, 1000000000)))
  threads[#threads + 1] = thread
end

function init() tag = tag or tostring(math.random(1, 1000000000)) end

local function idem(kind)
  return { ["Idempotency-Key"] = "soak-" .. kind .. "-" .. tag .. "-" .. n, ["Content-Type"] = "application/json" }
end

local mix = {
  function() return c.as_player(tokens, n, "POST", "/api/shop/purchase", idem("buy"), '{"item_id":"' .. item .. '"}') end,
  function() return c.as_player(tokens, n, "POST", "/api/gacha/pull?count=1", idem("pull"), "") end,
  function() return c.post_json(tokens, n, "/api/ai/jobs", '{"job_type":"item_description","parameters":{"item_name":"Sword ' .. n .. '","rarity":"rare"}}') end,
  function() return c.post_json(tokens, n, "/api/assets/upload", '{"filename":"soak' .. n .. '.png","content_type":"image/png","size":1048576,"asset_type":"image","category":"tiles"}') end,
  function() return c.post_json(tokens, n, "/api/scores", '{"player_name":"soak' .. (n % 50) .. '","score":' .. (n % 9973) .. ',"coins":1,"enemies_defeated":1,"distance":10,"level":1,"game_mode":"endless"}') end,
  function() return c.as_player(tokens, n, "GET", "/api/wallet") end,
  function() return c.as_player(tokens, n, "GET", "/api/inventory/") end,
  function() return c.as_player(tokens, n, "GET", "/api/scores/leaderboard?limit=10&game_mode=endless") end,
  function() return c.as_player(tokens, n, "GET", "/api/rooms") end,
  function() return c.as_player(tokens, n, "GET", "/api/gacha/rates") end,
  function() return c.as_player(tokens, n, "GET", "/api/ai/jobs") end,
}

function request()
  n = n + 1
  return mix[n % #mix + 1]()
end

function delay() return pause end

-- Counts answers per route kind and status, so a soak that quietly turned into 4xx shows.
function response(status)
  local key = tostring((n % #mix) + 1) .. ":" .. tostring(status)
  counts[key] = (counts[key] or 0) + 1
end

local names = { "purchase", "gacha_pull", "ai_job", "upload", "score", "wallet", "inventory", "leaderboard", "rooms", "rates", "ai_list" }
function done(summary, latency, requests)
  c.done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("counts")) do total[k] = (total[k] or 0) + v end
  end
  local keys = {}
  for k in pairs(total) do keys[#keys + 1] = k end
  table.sort(keys)
  for _, k in ipairs(keys) do
    local i, status = k:match("(%d+):(%d+)")
    io.write(string.format("status %s %s %d\n", names[tonumber(i)], status, total[k]))
  end
end
