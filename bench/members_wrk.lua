-- wrk's script for `bench/members.sh --wrk`: every request a new address from a new client
-- address behind the proxy (as members_load.py sends them), so no rate limit applies.
--   wrk -t2 -c200 -d10s --latency -s bench/members_wrk.lua http://127.0.0.1:PORT
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end

local n = 0
request = function()
  n = n + 1
  local body = string.format("email=charge-%d-%d%%40example.com&name=&website=&source=pied-de-page", id, n)
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    -- n in two 16-bit groups: one group of more than 4 hex digits is not an address, and the
    -- service would take the proxy's own address for the client (one rate limit for all).
    ["X-Forwarded-For"] = string.format("10.%d.%d.%d, 2001:db8::%x:%x:%x", id, math.floor(n / 250) % 250, n % 250 + 1,
                                        id, math.floor(n / 65536), n % 65536),
  }
  return wrk.format("POST", "/membres/inscription", headers, body)
end
