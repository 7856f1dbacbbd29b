-- wrk script: POST /v1/reservations with a unique idempotency key per request.
-- Env: TALLY_KEY (bearer key), TALLY_ACCOUNT (account id).
local counter = 0
local thread_id = 0
local key = os.getenv("TALLY_KEY")
local account = os.getenv("TALLY_ACCOUNT")

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  math.randomseed(os.time() + tid)
  prefix = string.format("w%d-%d-", tid, math.random(1, 1000000000))
end

request = function()
  counter = counter + 1
  local body = '{"idempotencyKey":"' .. prefix .. counter .. '","account":"' .. account ..
      '","service":"sms","to":"+393471234567","text":"Your code is ' .. counter .. '. It expires in 10 minutes."}'
  return wrk.format("POST", "/v1/reservations",
      {["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json"}, body)
end

response = function(status, headers, body)
  if status ~= 201 then
    io.stderr:write("status " .. status .. ": " .. body .. "\n")
  end
end
