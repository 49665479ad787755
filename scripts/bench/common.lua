-- Shared by the wrk scripts in scripts/bench: tokens from $TOKENS (one per line), used in turn,
-- and a summary line wrk's own report lacks (p50/p90/p99/max, rate, every kind of error).
local M = {}
function M.tokens()
  local t = {}
  for line in io.lines(os.getenv("TOKENS") or "/tmp/bench_tokens.txt") do
    if #line > 0 then t[#t + 1] = line end
  end
  return t
end
-- A wrk request as the n-th player in turn (`Authorization: Bearer`), with `extra` headers.
function M.as_player(tokens, n, method, path, extra, body)
  local headers = { ["Authorization"] = "Bearer " .. tokens[n % #tokens + 1] }
  for k, v in pairs(extra or {}) do headers[k] = v end
  return wrk.format(method, path, headers, body)
end
local json = { ["Content-Type"] = "application/json" }
-- A JSON POST as the n-th player in turn.
function M.post_json(tokens, n, path, body)
  return M.as_player(tokens, n, "POST", path, json, body)
end
function M.done(summary, latency, requests)
  io.write(string.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.1f ms, %d requests, %.0f req/s, non-2xx %d, errors %d\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests, summary.requests / (summary.duration / 1e6),
    summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
return M
