-- Rotates through request paths read from a file; reports one machine-readable line.
--
--   wrk -t2 -c4 -d8s -s benchmarks/wrk/rotate.lua http://127.0.0.1:8000 -- PATHS [THREADS] [MAX]
--
-- In: PATHS, one URL-encoded request path a line ("/api/v1/search?q=kirjasto&lang=fi");
-- THREADS, the -t count (thread n sends paths n+1, n+1+THREADS, ..., so that each
-- path is sent once before any is repeated); MAX, at most this many responses per thread.
-- Out, from done(): a line "WRK_RESULT {json}" with requests, rps, latency percentiles
-- in ms (p50, p90, p99, mean, max), wrk's socket and status errors, the count of each
-- HTTP status, and how many times the list was started over ("wraps").

local threads = {}
local count = 0

function setup(thread)
   thread:set("id", count)
   table.insert(threads, thread)
   count = count + 1
end

function init(args)
   paths = {}
   for line in io.lines(args[1]) do
      if line ~= "" then
         table.insert(paths, line)
      end
   end
   if #paths == 0 then
      error("no request paths in " .. args[1])
   end
   stride = tonumber(args[2]) or 1
   limit = tonumber(args[3]) or math.huge
   position = (id % #paths) + 1
   npaths = #paths
   statuses = {}
   responses = 0
   wraps = 0
end

function request()
   local path = paths[position]
   position = position + stride
   if position > #paths then
      position = ((position - 1) % #paths) + 1
      wraps = wraps + 1
   end
   return wrk.format("GET", path)
end

function response(status, headers, body)
   local key = tostring(status)
   statuses[key] = (statuses[key] or 0) + 1
   responses = responses + 1
   if responses >= limit then
      wrk.thread:stop()
   end
end

local function status_counts()
   local counts, wrapped, listed = {}, 0, 0
   for _, thread in ipairs(threads) do
      for status, n in pairs(thread:get("statuses") or {}) do
         counts[status] = (counts[status] or 0) + n
      end
      wrapped = math.max(wrapped, thread:get("wraps") or 0)
      listed = thread:get("npaths") or 0
   end
   local parts = {}
   for status, n in pairs(counts) do
      table.insert(parts, string.format('"%s":%d', status, n))
   end
   table.sort(parts)
   return table.concat(parts, ","), wrapped, listed
end

function done(summary, latency, requests)
   local statuses, wrapped, listed = status_counts()
   local seconds = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format(
      'WRK_RESULT {"requests":%d,"seconds":%.3f,"rps":%.2f,"bytes":%d,'
         .. '"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"mean_ms":%.3f,"max_ms":%.3f,'
         .. '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d},'
         .. '"statuses":{%s},"paths":%d,"wraps":%d}\n',
      summary.requests, seconds, summary.requests / seconds, summary.bytes,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
      latency.mean / 1000, latency.max / 1000,
      e.connect, e.read, e.write, e.timeout, e.status, statuses, listed, wrapped))
end
