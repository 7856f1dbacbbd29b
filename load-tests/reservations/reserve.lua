-- wrk script: POST /v1/reservations with a unique idempotency key per request.
-- Env: TALLY_KEY (bearer key), TALLY_ACCOUNT (account id) or TALLY_ACCOUNTS (comma list: one at random per request).
-- TALLY_COMMIT=1: the whole life of a message, as a sending pipeline drives it: each reservation that answers 201 is
-- committed (POST /v1/reservations/{id}/commit) by the thread's next request, so the open holds and the deadlines
-- set stay as small as in production.
local counter = 0
local thread_id = 0
local key = os.getenv("TALLY_KEY")
local account = os.getenv("TALLY_ACCOUNT")
local commit = os.getenv("TALLY_COMMIT") == "1"
local headers = {["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json"}
local accounts = {}
local held = {}
for id in string.gmatch(os.getenv("TALLY_ACCOUNTS") or "", "[^,]+") do
  accounts[#accounts + 1] = id
end

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  math.randomseed(os.time() + tid)
  prefix = string.format("w%d-%d-", tid, math.random(1, 1000000000))
end

request = function()
  if #held > 0 then
    return wrk.format("POST", "/v1/reservations/" .. table.remove(held) .. "/commit", headers, "")
  end
  counter = counter + 1
  if #accounts > 0 then
    account = accounts[math.random(1, #accounts)]
  end
  local body = '{"idempotencyKey":"' .. prefix .. counter .. '","account":"' .. account ..
      '","service":"sms","to":"+393471234567","text":"Your code is ' .. counter .. '. It expires in 10 minutes."}'
  return wrk.format("POST", "/v1/reservations", headers, body)
end

response = function(status, headers, body)
  if status == 201 then
    if commit then
      held[#held + 1] = string.match(body, '"reservationId":"([^"]+)"')
    end
  elseif status ~= 200 or not commit then
    io.stderr:write("status " .. status .. ": " .. body .. "\n")
  end
end
