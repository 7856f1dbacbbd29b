-- settle.lua: commit, release or expire one hold, exactly once (docs/ledger.md, "settle").
-- KEYS[1] {pN}:hold:<reservationId>   KEYS[2] {pN}:acct:<id>   KEYS[3] {pN}:deadlines   KEYS[4] {pN}:events
-- KEYS[5] {pN}:acct:<id>:usable   KEYS[6] {pN}:epoch
-- ARGV[1] reservation id   ARGV[2] action (COMMIT|RELEASE|EXPIRE)   ARGV[3] final amount ('' = the reserved one)
-- ARGV[4] event id   ARGV[5] now_ms   ARGV[6] how long a settled hold is kept (ms; its repeat answer)
-- ARGV[7] detail members (JSON members added to the hold's detail in the event, '' = none)
-- Reply: {'1', state, committed, released} settled; {'2', state, committed, released} already settled (the first
--        outcome); {'0'} unknown hold; {'4', reserved} invalid final amount; {'5', deadline_ms} EXPIRE not yet due
-- Error: LEDGER_LOST when the partition has no epoch (_lib.lua), before anything is read or written
if lost(KEYS[6]) then return redis.error_reply(LEDGER_LOST) end
local hold_key, acct, deadlines, events, index = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local rid, action, event_id, now = ARGV[1], ARGV[2], ARGV[4], ARGV[5]

-- The hold as one string (_lib.lua); a hash is a hold of the layout before, settled the same way.
local hold = {}
local stored = redis.pcall('GET', hold_key)
if type(stored) == 'table' and stored.err then
  local HASH = { 'state', 'committed', 'released', 'amount', 'deadline', 'onExpiry', 'charges', 'fromPool', 'sub',
                 'month', 'account', 'service', 'detail', 'at' }
  local values = redis.call('HMGET', hold_key, unpack(HASH))
  for i, field in ipairs(HASH) do
    hold[field] = values[i] or nil
  end
  hold['fingerprint'], hold['available'] = '', ''
elseif stored then
  local rest
  hold['state'], hold['fingerprint'], hold['available'], hold['deadline'], hold['charges'], rest =
    string.match(stored, HOLD)
  if hold['state'] ~= 'HELD' then
    hold['committed'], hold['released'] = string.match(rest, '^([^|]*)|([^|]*)$')
  else
    hold['amount'], hold['fromPool'], hold['sub'], hold['month'], hold['service'], hold['at'], hold['onExpiry'],
      hold['detail'] = string.match(rest, OPEN)
  end
  hold['account'] = string.match(rid, '^r%.([^.]*)%.')
end
if hold['state'] == nil then return { '0' } end
if hold['state'] ~= 'HELD' then return { '2', hold['state'], hold['committed'], hold['released'] } end
local amount = tonumber(hold['amount'])
if action == 'EXPIRE' and tonumber(now) < tonumber(hold['deadline']) then return { '5', hold['deadline'] } end

local committed, state, kind
if action == 'COMMIT' then
  committed = (ARGV[3] == '') and amount or tonumber(ARGV[3])
  if committed < 0 or committed > amount then return { '4', hold['amount'] } end
  state, kind = 'COMMITTED', 'commit'
elseif action == 'RELEASE' then
  committed, state, kind = 0, 'RELEASED', 'release'
elseif hold['onExpiry'] == 'COMMIT' then
  committed, state, kind = amount, 'EXPIRED_COMMITTED', 'expire'
else
  committed, state, kind = 0, 'EXPIRED_RELEASED', 'expire'
end

-- The released part goes back to the lots last charged first, and to the pool before the allocation (the
-- reverse of the order in which reserve took them).
local released = amount - committed
local charges = parse_charges(hold['charges'])
local left = released
local returned = {}
for i = #charges, 1, -1 do
  if left == 0 then break end
  local back = math.min(left, charges[i].amount)
  if back > 0 then
    hincr(acct, 'lot:' .. charges[i].id, back)
    returned[#returned + 1] = { id = charges[i].id, amount = back }
  end
  charges[i].amount = charges[i].amount - back
  left = left - back
end
local kept = {}
for _, c in ipairs(charges) do
  if c.amount > 0 then kept[#kept + 1] = c end
end
local to_pool = math.min(released, tonumber(hold['fromPool']))
hincr(acct, 'pool', to_pool)
local sub = hold['sub']
if sub ~= '' then
  hincr(acct, 'alloc:' .. sub, released - to_pool)
  hincr(acct, 'spend:' .. sub .. ':' .. hold['month'], -released)
end
hincr(acct, 'held', -amount)
hincr(acct, 'spent', committed)
-- From now on the hold only answers repeats, of the reserve and of the settle, for the idempotency TTL: it keeps
-- what they answer and drops the rest (the detail is most of an open hold).
redis.call('SET', hold_key, table.concat({ state, hold['fingerprint'], hold['available'], hold['deadline'],
  hold['charges'], str(committed), str(released) }, '|'), 'PX', ARGV[6])
redis.call('ZREM', deadlines, rid)
-- What this settle adds to the reserve's detail (a delivery receipt's carrier, message and status).
local detail, members = hold['detail'], ARGV[7] or ''
if members ~= '' then
  if detail == nil or detail == '' or detail == '{}' then
    detail = '{' .. members .. '}'
  else
    detail = string.sub(detail, 1, -2) .. ',' .. members .. '}'
  end
end
emit(events, { kind, event_id, hold['account'], sub, hold['service'], hold['amount'], format_charges(kept), now, rid,
  str(committed), str(released), format_charges(returned), str(released - to_pool), hold['month'], hold['at'],
  detail })

-- A lot given credits back that is past its expiry expires them at once (their own movement, after this one);
-- another is in the index of usable lots again and, if it expires, in the schedule of expiries again.
if #returned > 0 then
  local ids, seen, fields = {}, {}, {}
  for _, r in ipairs(returned) do
    if not seen[r.id] then
      seen[r.id] = true
      ids[#ids + 1] = r.id
      fields[#fields + 1] = 'lot:' .. r.id
      fields[#fields + 1] = 'meta:' .. r.id
    end
  end
  local values = redis.call('HMGET', acct, unpack(fields))
  local due, now_ms = {}, tonumber(now)
  for i, id in ipairs(ids) do
    local expires, seq = string.match(values[2 * i], '^[^|]*|[^|]*|[^|]*|[^|]*|([^|]*)|([^|]*)|')
    if expires ~= '' and now_ms >= tonumber(expires) then
      due[#due + 1] = { id = id, remaining = num(values[2 * i - 1]), expires = tonumber(expires), seq = tonumber(seq) }
    else
      index_add(acct, index, id)
      if expires ~= '' then
        redis.call('ZADD', expiries_key(acct), expires, hold['account'] .. ':' .. id)
      end
    end
  end
  -- no cap here: at most the hold's own lots
  expire_due(acct, due, { events = events, account = hold['account'], event_id = event_id, now = now }, #due)
end
alerts_check(acct, { account = hold['account'], sub = sub, event_id = event_id, now = now, month = hold['month'],
  lots = returned })
return { '1', state, str(committed), str(released) }
