-- GET /api/v1/voters/{id} for random ids of the loaded list (bench/voter_lookup.py).
local lo = tonumber(os.getenv("BENCH_ID_LO"))
local hi = tonumber(os.getenv("BENCH_ID_HI"))
local token = os.getenv("BENCH_TOKEN") or ""
local headers = {}
if token ~= "" then headers["Authorization"] = "Bearer " .. token end

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(seed or 7)
end

function request()
  return wrk.format("GET", "/api/v1/voters/" .. math.random(lo, hi), headers)
end
