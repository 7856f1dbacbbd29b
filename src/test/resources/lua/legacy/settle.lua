-- settle.lua: commit, release or expire one hold, exactly once (docs/ledger.md, "settle").
-- KEYS[1] {pN}:hold:<reservationId>   KEYS[2] {pN}:acct:<id>   KEYS[3] {pN}:deadlines   KEYS[4] {pN}:events
-- KEYS[5] {pN}:acct:<id>:lots   KEYS[6] {pN}:epoch
-- ARGV[1] reservation id   ARGV[2] action (COMMIT|RELEASE|EXPIRE)   ARGV[3] final amount ('' = the reserved one)
-- ARGV[4] event id   ARGV[5] now_ms   ARGV[6] how long a settled hold is kept (ms; its repeat answer)
-- Reply: {'1', state, committed, released} settled; {'2', state, committed, released} already settled (the first
--        outcome); {'0'} unknown hold; {'4', reserved} invalid final amount; {'5', deadline_ms} EXPIRE not yet due
-- Error: LEDGER_LOST when the partition has no epoch (_lib.lua), before anything is read or written
if lost(KEYS[6]) then return redis.error_reply(LEDGER_LOST) end
local hold_key, acct, deadlines, events, index = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local rid, action, event_id, now = ARGV[1], ARGV[2], ARGV[4], ARGV[5]

local HOLD = { 'state', 'committed', 'released', 'amount', 'deadline', 'onExpiry', 'charges', 'fromPool', 'sub',
               'month', 'account', 'service', 'detail', 'at' }
local values = redis.call('HMGET', hold_key, unpack(HOLD))
local hold = {}
for i, field in ipairs(HOLD) do
  hold[field] = values[i] or nil
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
-- reverse of the order in which reserve took them). A lot given credits back is in the index of usable lots again.
local released = amount - committed
local charges = parse_charges(hold['charges'])
local left = released
local returned = {}
if released > 0 then
  ensure_index(acct, index)
end
for i = #charges, 1, -1 do
  if left == 0 then break end
  local back = math.min(left, charges[i].amount)
  if back > 0 then
    hincr(acct, 'lot:' .. charges[i].id, back)
    redis.call('SADD', index, charges[i].id)
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
-- From now on the hold only answers repeated settles, for the idempotency TTL: it keeps its outcome and drops the
-- reservation (the detail alone makes Redis store the whole hash as a hashtable, about 1.3 kB; the outcome is ~100 B).
redis.call('DEL', hold_key)
redis.call('HSET', hold_key, 'state', state, 'committed', str(committed), 'released', str(released))
redis.call('PEXPIRE', hold_key, ARGV[6])
redis.call('ZREM', deadlines, rid)
emit(events, event_id, kind, hold['account'], sub, hold['service'], amount, format_charges(kept), now, rid,
  hold['detail'], { 'committed', str(committed), 'released', str(released), 'returned', format_charges(returned),
    'toAlloc', str(released - to_pool), 'month', hold['month'], 'reserved', hold['at'] })
return { '1', state, str(committed), str(released) }
