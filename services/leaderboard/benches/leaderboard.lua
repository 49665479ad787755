-- GET /api/scores/leaderboard?limit=10 alternating between the two default boards.
local n = 0
local paths = { "/api/scores/leaderboard?limit=10&game_mode=levels", "/api/scores/leaderboard?limit=10&game_mode=endless" }
request = function()
  n = n + 1
  return wrk.format("GET", paths[n % 2 + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.1f ms, %d requests, %.0f req/s, errors %d\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests, summary.requests / (summary.duration / 1e6),
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
