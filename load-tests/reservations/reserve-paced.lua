-- wrk script: reserve.lua, paced: each connection waits DELAY_MS between requests, so that
-- connections x 1000 / (DELAY_MS + latency) approximates a constant rate (wrk has no open-loop mode).
dofile("load-tests/reservations/reserve.lua")
local pause = tonumber(os.getenv("DELAY_MS") or "10")

function delay()
  return pause
end
