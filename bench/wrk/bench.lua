-- wrk script for bench/run.sh.
--   wrk ... -s bench.lua <url> -- <mode> [rate per connection, requests/s] [run id]
-- mode: get (GET as is), send (POST one SMS), keyed (POST one SMS with a fresh Idempotency-Key each time).
-- A rate paces each connection (exponential gaps, so arrivals look like independent callers);
-- 0 or none means as fast as answers come back.
-- done() prints one line "BENCH {json}" with the counts and latency percentiles in microseconds.

local threads = {}
local counter = 0
local mode, rate, run_id, thread_id

local body = '{"messages":[{"to":"+61411111111","body":"Benchmark message: your appointment is tomorrow at 10:00.","source":"bench"}]}'

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  mode = args[1] or "get"
  rate = tonumber(args[2] or "0")
  run_id = args[3] or tostring(os.time())
  thread_id = id
  math.randomseed(os.time() + (id or 0))
  wrk.headers["Authorization"] = "Basic c2FuZGJveDpzYW5kYm94LWFwaS1rZXk=" -- sandbox:sandbox-api-key
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
  -- exponential gap with mean 1000/rate ms; wrk takes whole milliseconds, so round randomly
  local gap = -math.log(1 - math.random()) * 1000 / rate
  local whole = math.floor(gap)
  if math.random() < gap - whole then whole = whole + 1 end
  return whole
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"socket_errors":%d,"status_errors":%d,"mean_us":%.1f,"p50_us":%d,"p90_us":%d,"p99_us":%d,"p999_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
end
