-- Posts pre-generated ingest bodies to logpipe. Each wrk thread reads its own file of "<tenant>\t<json>" lines
-- (made by the harness before timing) and formats every request once, up front, so the load generator does no
-- work per request beyond sending bytes.
--
-- Arguments after "--": <file prefix> <cycle|once> <key of tenant 0> <key of tenant 1> ...
--   cycle: send the bodies round and round until wrk's duration ends (rate measurements);
--   once:  stop the thread once each of its bodies has been answered (a fixed number of entries). wrk's main thread
--          sleeps for the whole --duration whatever its threads do, so each thread prints "WRK_THREAD_DONE" and
--          the harness ends the sleep with SIGINT once all have, after which wrk reports as usual.
-- The last line printed is "WRK_RESULT {json}", which the harness parses.

local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("thread_id", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

function init(args)
  local prefix, mode = args[1], args[2]
  local keys = {}
  for i = 3, #args do
    keys[i - 3] = args[i]
  end
  requests = {}
  local file = assert(io.open(prefix .. "-" .. thread_id .. ".txt", "r"))
  for line in file:lines() do
    local tab = line:find("\t", 1, true)
    local tenant = tonumber(line:sub(1, tab - 1))
    requests[#requests + 1] = wrk.format("POST", "/ingest/", {
      ["Content-Type"] = "application/json",
      ["Authorization"] = "Bearer " .. keys[tenant],
    }, line:sub(tab + 1))
  end
  file:close()
  -- wrk calls init for every thread before any thread starts sending, so the last of these lines marks the start.
  io.write("WRK_THREAD_READY\n")
  io.stdout:flush()
  quota = (mode == "once") and #requests or 0
  next_request = 0
  answered = 0
  finished = false
  statuses = {}
end

function request()
  next_request = next_request % #requests + 1
  return requests[next_request]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  answered = answered + 1
  if quota > 0 and answered >= quota and not finished then
    finished = true
    io.write("WRK_THREAD_DONE\n")
    io.stdout:flush()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local merged = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      merged[status] = (merged[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(merged) do
    parts[#parts + 1] = string.format('"%d": %d', status, count)
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK_RESULT {"duration_us": %d, "requests": %d, "socket_errors": %d, "statuses": {%s}, '
      .. '"latency_us": {"p50": %d, "p99": %d, "p999": %d, "max": %d}}\n',
    summary.duration, summary.requests, errors.connect + errors.read + errors.write + errors.timeout,
    table.concat(parts, ", "),
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max))
end
