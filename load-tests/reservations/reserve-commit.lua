-- wrk script: the whole life of a message, as a sending pipeline drives it: POST /v1/reservations, then
-- POST /v1/reservations/{id}/commit for the hold it answered. Each connection alternates the two (a commit is sent as
-- soon as a reservation has answered), so the deadlines set and the open holds stay as small as in production.
-- Env: TALLY_KEY (bearer key), TALLY_ACCOUNT (account id).
local counter = 0
local thread_id = 0
local key = os.getenv("TALLY_KEY")
local account = os.getenv("TALLY_ACCOUNT")
local headers = {["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json"}
local held = {}

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
  local body = '{"idempotencyKey":"' .. prefix .. counter .. '","account":"' .. account ..
      '","service":"sms","to":"+393471234567","text":"Your code is ' .. counter .. '. It expires in 10 minutes."}'
  return wrk.format("POST", "/v1/reservations", headers, body)
end

response = function(status, headers, body)
  if status == 201 then
    held[#held + 1] = string.match(body, '"reservationId":"([^"]+)"')
  elseif status ~= 200 then
    io.stderr:write("status " .. status .. ": " .. body .. "\n")
  end
end
