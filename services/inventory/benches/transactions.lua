-- wrk script for POST /internal/transactions: requests rotate over PLAYERS (env, comma-separated
-- user ids), each with a fresh idempotency key; every fourth also grants a stackable potion.
-- TOKEN (env) is a service token (HS256 over INTERNAL_TOKEN_SECRET, audience "internal").
local players = {}
for id in string.gmatch(os.getenv("PLAYERS") or "", "[^,]+") do
  table.insert(players, id)
end
local token = os.getenv("TOKEN") or ""
local counter = 0
local tag = tostring(math.random(1, 1000000000))

function setup(thread)
  thread:set("tag", tostring(math.random(1, 1000000000)))
end

function request()
  counter = counter + 1
  local player = players[(counter % #players) + 1]
  local grants = ""
  if counter % 4 == 0 then
    grants = ',"grants":[{"catalog_id":"potion_stamina_sip"}]'
  end
  local body = '{"idempotency_key":"wrk-' .. tag .. '-' .. counter .. '","user_id":"' .. player ..
    '","reason":"bench","debits":[{"currency":"gold","amount":1}]' .. grants .. '}'
  return wrk.format("POST", "/internal/transactions",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

function response(status, headers, body)
  if status ~= 200 and not reported then
    reported = true
    io.stderr:write("status " .. status .. ": " .. body .. "\n")
  end
end
