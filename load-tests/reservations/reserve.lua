-- wrk script: POST /v1/reservations with a unique idempotency key per request.
-- Env: TALLY_KEY (bearer key), TALLY_ACCOUNT (account id) or TALLY_ACCOUNTS (comma list: one at random per request).
local counter = 0
local thread_id = 0
local key = os.getenv("TALLY_KEY")
local account = os.getenv("TALLY_ACCOUNT")
local accounts = {}
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
  counter = counter + 1
  if #accounts > 0 then
    account = accounts[math.random(1, #accounts)]
  end
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
