-- reserve.lua: hold credits for an outbound message (docs/ledger.md, "reserve").
-- KEYS[1] {pN}:acct:<id>   KEYS[2] {pN}:acct:<id>:idem:<key>   KEYS[3] {pN}:hold:<reservationId>
-- KEYS[4] {pN}:deadlines   KEYS[5] {pN}:events   KEYS[6] {pN}:acct:<id>:lots   KEYS[7] {pN}:epoch
-- ARGV[1] account   ARGV[2] fingerprint   ARGV[3] reservation id   ARGV[4] event id
-- ARGV[5] sub ('' = none)   ARGV[6] mode (SHARED|ALLOCATED|'')   ARGV[7] fallback to pool (1|0)
-- ARGV[8] monthly limit ('' = none)   ARGV[9] service   ARGV[10] amount   ARGV[11] now_ms   ARGV[12] deadline_ms
-- ARGV[13] month (yyyy-MM)   ARGV[14] kind order (comma list)   ARGV[15] expiry order   ARGV[16] on expiry
-- ARGV[17] detail (JSON)   ARGV[18] idempotency TTL ms
-- Reply: {'1', reservation id, charges, available, deadline_ms} reserved; {'2', same} replayed;
--        {'0', limit, available} insufficient; {'3'} conflict (key reused with another body, or the id exists)
-- Error: LEDGER_LOST when the partition has no epoch (_lib.lua), before anything is read or written
if lost(KEYS[7]) then return redis.error_reply(LEDGER_LOST) end
local acct, idem, hold_key, deadlines, events, index = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local account, fingerprint, rid, event_id = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local sub, mode, fallback, limit = ARGV[5], ARGV[6], ARGV[7] == '1', tonumber(ARGV[8])
local service, amount, now_ms, deadline_ms = ARGV[9], tonumber(ARGV[10]), tonumber(ARGV[11]), ARGV[12]
local month, detail = ARGV[13], ARGV[17]

local replay = idem_check(idem, 'reserve', fingerprint)
if replay == false then return { '3' } end
if replay then return replay end
if redis.call('EXISTS', hold_key) == 1 then return { '3' } end

local spend_field = 'spend:' .. sub .. ':' .. month
local h = redis.call('HMGET', acct, 'pool', 'alloc:' .. sub, spend_field)
local lots = usable_lots(acct, index, service, now_ms, ARGV[14], ARGV[15])
local lots_total = total(lots)
local pool = num(h[1])
local allocation = (sub ~= '') and num(h[2]) or 0
local allocated = mode == 'ALLOCATED'
local budget
if allocated then
  budget = math.max(allocation, 0) + (fallback and math.max(pool, 0) or 0)
else
  budget = math.max(pool, 0)
end
local spend = (sub ~= '') and num(h[3]) or 0
local headroom = limit and math.max(limit - spend, 0) or math.huge
local available = math.min(budget, lots_total, headroom)

if limit and spend + amount > limit then return { '0', 'SPENDING_LIMIT', str(available) } end
if allocated and not fallback and allocation < amount then return { '0', 'ALLOCATION', str(available) } end
if budget < amount or lots_total < amount then return { '0', 'BALANCE', str(available) } end

local charges = charge(lots, amount)
burn(acct, index, lots, charges)
local from_alloc = allocated and math.min(amount, math.max(allocation, 0)) or 0
local from_pool = amount - from_alloc
hincr(acct, 'pool', -from_pool)
if sub ~= '' then
  hincr(acct, 'alloc:' .. sub, -from_alloc)
  hincr(acct, spend_field, amount)
end
hincr(acct, 'held', amount)
local charges_text = format_charges(charges)
redis.call('HSET', hold_key, 'account', account, 'sub', sub, 'service', service, 'amount', str(amount),
  'charges', charges_text, 'fromAlloc', str(from_alloc), 'fromPool', str(from_pool), 'month', month,
  'deadline', deadline_ms, 'onExpiry', ARGV[16], 'detail', detail, 'at', ARGV[11], 'state', 'HELD')
redis.call('ZADD', deadlines, deadline_ms, rid)
emit(events, event_id, 'reserve', account, sub, service, amount, charges_text, ARGV[11], rid, detail,
  { 'fromAlloc', str(from_alloc), 'month', month, 'deadline', deadline_ms, 'onExpiry', ARGV[16] })
local reply = { '1', rid, charges_text, str(available - amount), deadline_ms }
idem_store(idem, 'reserve', fingerprint, reply, ARGV[18])
return reply
