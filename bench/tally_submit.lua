-- wrk script of bench_tally_submit.py: every request posts the minutes of a tally
-- sheet; even requests are first entries by one user, odd ones the second entry
-- (the verification) by another user of a sheet first entered BENCH_LAG
-- sheets earlier, as on election night, when the second reading of a paper
-- follows the first, not at the same instant. Every request has its own
-- Idempotency-Key, so each does real work.
--
-- Environment: BENCH_BODIES (file of "sheet_id<TAB>json body" lines),
-- BENCH_TOKEN_A / BENCH_TOKEN_B (bearer tokens), BENCH_START (first line, 0-based),
-- BENCH_KEY_PREFIX (makes keys distinct between runs), BENCH_LAG (sheets between
-- a first entry and its verification; 0 sends both at once).

local sheets, bodies = {}, {}
for line in io.lines(os.getenv("BENCH_BODIES")) do
  local id, body = line:match("^(%d+)\t(.*)$")
  sheets[#sheets + 1] = id
  bodies[#bodies + 1] = body
end
local tokens = { os.getenv("BENCH_TOKEN_A") or "", os.getenv("BENCH_TOKEN_B") or "" }
local start = tonumber(os.getenv("BENCH_START") or "0")
local prefix = os.getenv("BENCH_KEY_PREFIX") or "bench"
local lag = tonumber(os.getenv("BENCH_LAG") or "0")
local sent = 0

request = function()
  local user = sent % 2 + 1
  local line = (start + math.floor(sent / 2) - (user - 1) * lag) % #sheets + 1
  sent = sent + 1
  local headers = {
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = prefix .. "-" .. sent,
  }
  -- The baseline server takes no token: send none rather than an empty one.
  if tokens[user] ~= "" then
    headers["Authorization"] = "Bearer " .. tokens[user]
  end
  return wrk.format("POST", "/api/v1/tally-sheets/" .. sheets[line] .. "/entries", headers,
    bodies[line])
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d non2xx=%d errors=%d seconds=%.3f p50_ms=%.3f p99_ms=%.3f\n",
    summary.requests,
    summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    seconds,
    latency:percentile(50) / 1000,
    latency:percentile(99) / 1000
  ))
  -- The shape of the distribution, printed by bench_tally_submit.py as a comment.
  io.write(string.format("DIST p75=%.1f p90=%.1f p95=%.1f p99=%.1f p99.9=%.1f max=%.1f mean=%.1f\n",
    latency:percentile(75) / 1000, latency:percentile(90) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000, latency.mean / 1000))
end
