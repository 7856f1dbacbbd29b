-- dispatch.lua: which reservation a carrier message settles; the receipts parked for it apply at once.
-- KEYS[1] {pN}:dlr:<account>:<carrier>:<messageId>   KEYS[2] {pN}:hold:<reservationId>   KEYS[3] {pN}:dlr:parked
-- ARGV[1] reservation id   ARGV[2] parts ('' = not given)   ARGV[3] parked member (<account>:<carrier>:<messageId>)
-- ARGV[4] now_ms   ARGV[5] how long the message is kept after the hold's deadline (ms)
-- ARGV[6] policy (STATUS=C|R, comma-separated)
-- Reply: {'1', rid} mapped, outcome not decided yet; {'2', rid, decided, amount, units} decided (settle the hold,
--        again if need be: the settle is once); {'3', rid} the message settles another reservation; {'4'} no such
--        reservation. A repeated dispatch writes nothing and answers the same.
local msg, hold_key, parked = KEYS[1], KEYS[2], KEYS[3]
local rid, parts, member, now, keep = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])
local policy = parse_policy(ARGV[6])

local mapped = redis.call('HGET', msg, 'rid')
if mapped and mapped ~= rid then return { '3', mapped } end
if not mapped then
  -- The hold as lua/ledger/_lib.lua writes it (HELD|fingerprint|available|deadline_ms|charges|amount|…|detail, or
  -- settled: state|…|deadline_ms|charges|committed|released); a hash is a hold of the layout before.
  local hold = redis.pcall('GET', hold_key)
  local held, deadline, amount, units
  if type(hold) == 'table' and hold.err then
    local fields = redis.call('HMGET', hold_key, 'state', 'deadline', 'amount')
    held, deadline, amount = fields[1] == 'HELD', fields[2], fields[3]
  elseif hold then
    local st, dl, am = string.match(hold, '^([^|]*)|[^|]*|[^|]*|([^|]*)|[^|]*|([^|]*)')
    held, deadline, amount = st == 'HELD', dl, am
    units = string.match(hold, '"units":(%d+)')
  else
    return { '4' }
  end
  local fields = { 'rid', rid }
  if parts ~= '' then
    fields[#fields + 1], fields[#fields + 2] = 'parts', parts
  end
  if held then
    fields[#fields + 1], fields[#fields + 2] = 'amount', amount
    if units then
      fields[#fields + 1], fields[#fields + 2] = 'units', units
    end
  end
  redis.call('HSET', msg, unpack(fields))
  redis.call('ZREM', parked, member)
  redis.call('PEXPIRE', msg, math.max((tonumber(deadline) or now) - now, 0) + keep)
end
return state(msg, policy)
