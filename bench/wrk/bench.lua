-- wrk script for bench/run.sh.
--   wrk ... -s bench.lua <url> -- <mode> [rate per connection, requests/s] [run id] [connections per thread]
-- mode: get (GET as is), send (POST one SMS), keyed (POST one SMS with a fresh Idempotency-Key each time).
-- A rate makes the load open: each wrk thread draws arrival times from one Poisson process at the rate of all its
-- connections, and a connection that is free sends at the next arrival time, so a path that answers slower gets
-- the same requests per second, not fewer (a pause after each answer would offer a slow path less load).
-- 0 or none means as fast as answers come back.
-- done() prints one line "BENCH {json}" with the counts and latency percentiles in microseconds.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock_id, bench_timespec *time);
]]
local CLOCK_MONOTONIC = 1
local timespec = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) * 1000 + tonumber(timespec.tv_nsec) / 1e6
end

local threads = {}
local counter = 0
local mode, rate, run_id, thread_id, thread_rate, next_arrival_ms

local body = '{"messages":[{"to":"+61411111111","body":"Benchmark message: your appointment is tomorrow at 10:00.","source":"bench"}]}'

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  mode = args[1] or "get"
  rate = tonumber(args[2] or "0")
  run_id = args[3] or tostring(os.time())
  thread_rate = rate * tonumber(args[4] or "1")
  thread_id = id
  math.randomseed(os.time() + (id or 0))
  wrk.headers["Authorization"] = "Basic c2FuZGJveDpzYW5kYm94LWFwaS1rZXk=" -- sandbox:sandbox-api-key
  local function_key = os.getenv("BENCH_FUNCTION_KEY") -- set for the paths through the Functions host
  if function_key and function_key ~= "" then wrk.headers["x-functions-key"] = function_key end
  if mode ~= "get" then
    wrk.method = "POST"
    wrk.body = body
    wrk.headers["Content-Type"] = "application/json"
  end
end

function request()
  if mode == "keyed" then
    counter = counter + 1
    local headers = {}
    for k, v in pairs(wrk.headers) do headers[k] = v end
    headers["Idempotency-Key"] = string.format("bench-%s-%d-%d", run_id, thread_id, counter)
    return wrk.format(nil, nil, headers, nil)
  end
  return wrk.format()
end

function delay()
  if rate <= 0 then return 0 end
  local now = now_ms()
  next_arrival_ms = (next_arrival_ms or now) - math.log(1 - math.random()) * 1000 / thread_rate
  local wait = next_arrival_ms - now
  if wait <= 0 then return 0 end -- every connection was busy at that arrival: send at once
  -- wrk takes whole milliseconds; rounding at random keeps the mean, and the next arrival is drawn from the
  -- schedule, not from this send, so the rounding does not add up
  local whole = math.floor(wait)
  if math.random() < wait - whole then whole = whole + 1 end
  return whole
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"socket_errors":%d,"status_errors":%d,"mean_us":%.1f,"p50_us":%d,"p90_us":%d,"p99_us":%d,"p999_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
end
