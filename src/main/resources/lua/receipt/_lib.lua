-- _lib.lua: helpers of the delivery-receipt scripts (docs/receipts.md); RedisReceipts prepends this file to each
-- (and, to receipt-settle.lua, lua/ledger/_lib.lua before it).
-- A carrier message is one hash, {pN}:dlr:<account>:<carrier>:<messageId>, in its account's partition:
--   rid       the reservation it settles (absent while its receipts are parked)
--   parts     how many parts the message has (the dispatch's count, else the first receipt's, else 1)
--   amount    the hold's amount, units its units (from the hold, when it was open at the dispatch)
--   p:<n>     part n's best status so far: status|error code|occurred_ms|segments ('' = not reported)
--   parked    when its first receipt came without a mapping (ms)
--   decided   the message's outcome, once decided: COMMIT|status|segments ('' = the whole hold) or RELEASE|status|

local function str(n)
  return string.format('%d', n)
end

-- A part's status only moves up this order: a terminal state (3) never goes back, and the first terminal one stays.
local RANK = { UNKNOWN = 0, ACCEPTED = 1, SENT = 2, DELIVERED = 3, UNDELIVERED = 3, FAILED = 3, REJECTED = 3 }

-- The account's policy, 'STATUS=C,STATUS=R,…' (C commits, R releases; a status not named decides nothing).
local function parse_policy(text)
  local policy = {}
  for status, action in string.gmatch(text, '([A-Z]+)=([CR])') do
    policy[status] = action
  end
  return policy
end

-- The message's outcome: stored the first time every part has a status the policy acts on, never changed after.
-- It commits when any part commits (the carrier billed what it sent), with the segments the committing parts
-- reported when each reported some; it releases when every part releases. Its status is the first committing part's,
-- else the first part's.
local function decide(msg, policy)
  local stored = redis.call('HMGET', msg, 'decided', 'rid', 'parts')
  if stored[1] then return stored[1] end
  if not stored[2] then return nil end
  local parts = tonumber(stored[3]) or 1
  local action, status, segments, counted = 'RELEASE', nil, 0, true
  for i = 1, parts do
    local part = redis.call('HGET', msg, 'p:' .. i)
    if not part then return nil end
    local st, sg = string.match(part, '^([^|]*)|[^|]*|[^|]*|([^|]*)$')
    local act = policy[st]
    if act == nil then return nil end
    if act == 'C' then
      if action ~= 'COMMIT' then action, status = 'COMMIT', st end
      if sg == '' then counted = false else segments = segments + tonumber(sg) end
    elseif status == nil then
      status = st
    end
  end
  local decided = action .. '|' .. status .. '|' .. ((action == 'COMMIT' and counted) and str(segments) or '')
  redis.call('HSET', msg, 'decided', decided)
  return decided
end

-- What both scripts answer about the message after their writes.
local function state(msg, policy)
  local decided = decide(msg, policy)
  local fields = redis.call('HMGET', msg, 'rid', 'amount', 'units')
  if not fields[1] then return { '0' } end
  if not decided then return { '1', fields[1] } end
  return { '2', fields[1], decided, fields[2] or '', fields[3] or '' }
end

-- What mapping the message to reservation rid writes, read from its hold at hold_key: the fields (rid, parts unless
-- '', and while the hold is held its amount and units), the hold's deadline (ms), and the amount and units (nil when
-- not held). nil: no such hold.
local function mapping(hold_key, rid, parts)
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
    return nil
  end
  local fields = { 'rid', rid }
  if parts ~= '' then
    fields[#fields + 1], fields[#fields + 2] = 'parts', parts
  end
  if not held then
    return fields, deadline, nil, nil
  end
  fields[#fields + 1], fields[#fields + 2] = 'amount', amount
  if units then
    fields[#fields + 1], fields[#fields + 2] = 'units', units
  end
  return fields, deadline, amount, units
end

-- Writes the message's fields (a mapping's, and whatever else), takes it out of the parked set and keeps it for keep
-- ms after the hold's deadline.
local function write_mapped(msg, parked, member, fields, deadline, now, keep)
  redis.call('HSET', msg, unpack(fields))
  redis.call('ZREM', parked, member)
  redis.call('PEXPIRE', msg, math.max((tonumber(deadline) or now) - now, 0) + keep)
end

-- Maps the message to reservation rid (the hold at hold_key), unless it is mapped already: dispatch.lua's work, and
-- receipt-settle.lua's for the reservation its status URL named. Answers nil once the message settles rid (mapped
-- now or before), else the refusal: {'3', rid} mapped to another reservation, {'4'} no such reservation (nothing
-- written). parts: '' = not given; keep: how long the message is kept after the hold's deadline (ms).
local function map(msg, hold_key, parked, rid, parts, member, now, keep)
  local mapped = redis.call('HGET', msg, 'rid')
  if mapped then
    if mapped ~= rid then return { '3', mapped } end
    return nil
  end
  local fields, deadline = mapping(hold_key, rid, parts)
  if not fields then return { '4' } end
  write_mapped(msg, parked, member, fields, deadline, now, keep)
  return nil
end

-- Records one receipt of part `part` (receipt.lua's work): the part's status only moves up RANK; parts ('' = not
-- reported) is kept when none is known; a message without a reservation is parked (member in the parked set, the
-- message kept for parking ms). r = {part, parts, status, error, occurred, segments, member, now, parking}.
local function record(msg, parked, r)
  local field = 'p:' .. r.part
  local old = redis.call('HGET', msg, field)
  if not old or RANK[r.status] > RANK[string.match(old, '^([^|]*)')] then
    redis.call('HSET', msg, field, table.concat({ r.status, r.error, r.occurred, r.segments }, '|'))
  end
  if r.parts ~= '' then
    redis.call('HSETNX', msg, 'parts', r.parts)
  end
  if not redis.call('HGET', msg, 'rid') and redis.call('HSETNX', msg, 'parked', r.now) == 1 then
    redis.call('ZADD', parked, r.now, r.member)
    redis.call('PEXPIRE', msg, r.parking)
  end
end
