-- POST /api/battles/{RAID}/attack on ENEMY (env, from /tmp/bb_raid.env) as the players of
-- $TOKENS ("token user_id" per line), in turn, normal attacks.
local tokens = {}
for line in io.lines(os.getenv("TOKENS") or "/tmp/bb_tokens.txt") do
  local token = line:match("^(%S+)")
  if token then tokens[#tokens + 1] = token end
end
local raid = os.getenv("RAID")
local body = string.format('{"enemy_id":%s,"attack_type":"normal"}', os.getenv("ENEMY"))
local path = "/api/battles/" .. raid .. "/attack"
local n = 0
-- KEYED=1: each attack carries its own Idempotency-Key (the keyed path: one more insert and
-- the stored answer); the tag keeps keys unique across runs and wrk threads.
local keyed = os.getenv("KEYED") == "1"
local tag
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  wrk.headers["Authorization"] = "Bearer " .. tokens[n % #tokens + 1]
  if keyed then wrk.headers["Idempotency-Key"] = "bench-" .. tag .. "-" .. n end
  return wrk.format(nil, path, nil, body)
end
init = function()
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
  tag = tostring(os.time()) .. "-" .. tostring(math.random(1, 1000000000))
end
-- No `response` callback: wrk counts non-2xx answers itself, and a callback per answer spends
-- the load generator's CPU on the shared cores.
done = function(summary, latency, requests)
  io.write(string.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.1f ms, %d requests, %.0f req/s, errors %d\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests, summary.requests / (summary.duration / 1e6),
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
