-- refresh.lua: renew one lot at one boundary of its refresh cycle (docs/ledger.md "Billing cycles and refresh"),
-- exactly once: what is left expires or rolls over by the lot's rule, then its granted amount is granted again.
-- KEYS[1] {pN}:acct:<id>   KEYS[2] {pN}:refreshes   KEYS[3] {pN}:events   KEYS[4] {pN}:acct:<id>:usable
-- KEYS[5] {pN}:epoch
-- ARGV[1] account   ARGV[2] lot id   ARGV[3] event id   ARGV[4] now_ms   ARGV[5] cycle_ms (the boundary renewed)
-- ARGV[6] next_ms (the boundary after it)   ARGV[7] months (the lot's refresh period, as in the schedule's member)
-- The lot's next boundary is the hash field cycle:<lotId> (written by the grant, then by each refresh); the schedule
-- {pN}:refreshes holds <account>:<lotId>:<months> by it. Only the boundary it names is renewed, so a second sweeper
-- with the same boundary, or a boundary out of order, writes nothing.
-- Reply: {'1', expired, kept, debt paid} refreshed (one refresh-credits event); {'2'} nothing to refresh (unknown
--        lot, no refresh, or past its expiry at the boundary: taken off the schedule); {'4', due_ms} not this
--        boundary (renewed already; due_ms is the lot's next one); {'5', cycle_ms} not due (nothing written)
-- Error: LEDGER_LOST when the partition has no epoch (_lib.lua), before anything is read or written
if lost(KEYS[5]) then return redis.error_reply(LEDGER_LOST) end
local acct, refreshes, events, index = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local account, id, event_id, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local cycle_ms, next_ms = tonumber(ARGV[5]), ARGV[6]
local member = account .. ':' .. id .. ':' .. ARGV[7]

local v = redis.call('HMGET', acct, 'lot:' .. id, 'meta:' .. id, 'cycle:' .. id, 'debt')
local remaining, meta, due = num(v[1]), v[2], tonumber(v[3])
local expires, granted, period, rollover
if meta then
  expires, granted, period, rollover =
    string.match(meta, '^[^|]*|[^|]*|[^|]*|[^|]*|([^|]*)|[^|]*|([^|]*)|([^|]*)|([^|]*)$')
end
if not meta or not due or period == '' then
  redis.call('ZREM', refreshes, member)
  return { '2' }
end
if due ~= cycle_ms then return { '4', str(due) } end
if tonumber(now) < cycle_ms then return { '5', str(cycle_ms) } end
if expires ~= '' and cycle_ms >= tonumber(expires) then
  redis.call('HDEL', acct, 'cycle:' .. id)
  redis.call('ZREM', refreshes, member)
  return { '2' }
end

local kept = 0
if rollover == 'ALL' then
  kept = remaining
elseif string.sub(rollover, 1, 7) == 'CAPPED:' then
  kept = math.min(remaining, tonumber(string.sub(rollover, 8)))
end
local expired, from_pool, parts = remaining - kept, 0, ''
if expired > 0 then
  from_pool, parts = take_budgets(acct, expired)
end
local amount = tonumber(granted)
local paid = math.min(num(v[4]), amount)
hincr(acct, 'lot:' .. id, amount - paid - expired)
hincr(acct, 'debt', -paid)
hincr(acct, 'granted', amount)
hincr(acct, 'pool', amount)
redis.call('HSET', acct, 'cycle:' .. id, next_ms)
redis.call('ZADD', refreshes, next_ms, member)
if kept + amount - paid > 0 then
  index_add(acct, index, id)
  if expires ~= '' then
    redis.call('ZADD', expiries_key(acct), expires, account .. ':' .. id)
  end
else
  index_remove(acct, index, { [id] = true })
end
emit(events, { 'refresh-credits', event_id, account, '', '', granted, '', now, '', id, str(expired), str(from_pool),
  parts, str(paid), ARGV[5], next_ms, '' })
alerts_check(acct, { account = account, sub = '', event_id = event_id, now = now })
return { '1', str(expired), str(kept), str(paid) }
