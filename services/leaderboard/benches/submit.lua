-- POST /api/scores with access tokens read from $TOKENS (one per line), in turn, and random
-- scores on both default boards. The username comes from auth (cached by the service).
local tokens = {}
local path = os.getenv("TOKENS") or "/tmp/lb_tokens.txt"
for line in io.lines(path) do
  if #line > 0 then tokens[#tokens + 1] = line end
end
local n = 0
local modes = { "levels", "endless" }
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  local body = string.format(
    '{"score":%d,"coins":%d,"enemies_defeated":%d,"distance":%d,"level":%d,"game_mode":"%s"}',
    math.random(0, 1000000), math.random(0, 500), math.random(0, 50), math.random(0, 20000),
    math.random(1, 30), modes[n % 2 + 1])
  wrk.headers["Authorization"] = "Bearer " .. tokens[n % #tokens + 1]
  return wrk.format(nil, "/api/scores", nil, body)
end
-- No `response` callback: wrk counts non-2xx answers itself (errors.status), and a Lua
-- callback per answer would spend the load generator's CPU, which shares the 2 cores.
done = function(summary, latency, requests)
  io.write(string.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.1f ms, %d requests, %.0f req/s, errors %d\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests, summary.requests / (summary.duration / 1e6),
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
