-- wrk script: readers posting comments through the page's script path, each body different (the duplicate check
-- stays on). Arguments: story id, signed form timestamp, CSRF token, e-mail tag. Prints one BENCH_POSTS JSON line
-- with the answers by status class, read by bench/tools.py.
local threads = {}

function setup(thread)
  thread:set("number", #threads + 1)
  table.insert(threads, thread)
end

local function encode(text)
  return (text:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  story, ts, csrf, tag = args[1], args[2], args[3], args[4]
  path = "/binh-luan/" .. story .. "/gui/"
  headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=" .. csrf,
    ["X-Requested-With"] = "XMLHttpRequest",
    ["Accept"] = "application/json",
  }
  sent, ok, client_errors, server_errors = 0, 0, 0, 0
end

function request()
  sent = sent + 1
  local reader = number * 100 + sent % 8
  local body = "csrfmiddlewaretoken=" .. csrf .. "&ts=" .. encode(ts) .. "&parent=" ..
    "&name=" .. encode("Bạn đọc " .. reader) ..
    "&email=" .. encode("doc" .. reader .. "@" .. tag .. ".bench.example.vn") ..
    "&body=" .. encode("Ý kiến số " .. sent .. " của bạn đọc " .. number ..
      ": đề nghị sớm sửa đường liên xã, mã " .. tag .. "-" .. number .. "-" .. sent .. ".")
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  if status >= 200 and status < 300 then ok = ok + 1
  elseif status < 500 then client_errors = client_errors + 1
  else server_errors = server_errors + 1 end
end

function done(summary, latency, requests)
  local totals = {sent = 0, ok = 0, client_errors = 0, server_errors = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do totals[name] = totals[name] + thread:get(name) end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_POSTS {"sent": %d, "accepted": %d, "4xx": %d, "5xx": %d, "socket_errors": %d, "duration_us": %d, ' ..
    '"p50_us": %d, "p99_us": %d}\n',
    totals.sent, totals.ok, totals.client_errors, totals.server_errors, e.connect + e.read + e.write + e.timeout,
    summary.duration, latency:percentile(50), latency:percentile(99)))
end
