-- meter.lua: charge a use that already happened; never refused (docs/ledger.md, "meter").
-- KEYS[1] {pN}:acct:<id>   KEYS[2] {pN}:acct:<id>:idem:<key>   KEYS[3] {pN}:events   KEYS[4] {pN}:acct:<id>:usable
-- KEYS[5] {pN}:epoch
-- ARGV[1] account   ARGV[2] fingerprint   ARGV[3] event id   ARGV[4] sub ('' = none)   ARGV[5] mode (SHARED|ALLOCATED|'')
-- ARGV[6] fallback to pool (1|0)   ARGV[7] service   ARGV[8] amount   ARGV[9] now_ms   ARGV[10] month (yyyy-MM)
-- ARGV[11] kind order   ARGV[12] expiry order   ARGV[13] overdraft limit   ARGV[14] detail (JSON)
-- ARGV[15] idempotency TTL ms   ARGV[16] recharge threshold ('' = no auto-recharge; _lib.lua recharge_check)
-- ARGV[17] category (the service's category of the catalogue, '' = none: lots listing '@<category>' pay too)
-- ARGV[18] sorted index ('1' = the index of usable lots may take its sorted form, _lib.lua; '' = plain only)
-- ARGV[19] account period (the label of the account spending limit's period: the use counts in aspend:<label>; '' =
-- the account has no limit)
-- Reply: {'1', charges, debt incurred, debt, over limit (1|0)} metered; {'2', same} replayed; {'3'} conflict
-- Error: LEDGER_LOST when the partition has no epoch (_lib.lua), before anything is read or written
if lost(KEYS[5]) then return redis.error_reply(LEDGER_LOST) end
local acct, idem, events, index = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local account, fingerprint, event_id, sub, mode = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local fallback, service, amount, now_ms = ARGV[6] == '1', ARGV[7], tonumber(ARGV[8]), tonumber(ARGV[9])

local replay = idem_check(idem, 'meter', fingerprint)
if replay == false then return { '3' } end
if replay then return replay end

-- Lots past their expiry are expired first (each its own movement, up to EXPIRE_CAP); the pending credits of those
-- left (and of lots waiting for their refresh) are kept out of the allocation the fallback reads.
local lots, pending = usable_lots(acct, index, service, now_ms, ARGV[11], ARGV[12],
  { events = events, account = account, event_id = event_id, now = ARGV[9] }, amount, nil, ARGV[17], ARGV[18] == '1')
local h = redis.call('HMGET', acct, 'debt', 'alloc:' .. sub, 'pool')
local charges, paid = charge(lots, amount)
burn(acct, index, lots, charges)
local incurred = amount - paid
local debt = num(h[1]) + incurred
hincr(acct, 'debt', incurred)
hincr(acct, 'spent', amount)
-- Budgets pay the whole amount and may go negative: the allocation first (all of it without fallback), then the pool.
local from_alloc = 0
if mode == 'ALLOCATED' then
  local _, allocation = shadow(num(h[3]), num(h[2]), pending)
  from_alloc = fallback and math.min(amount, math.max(allocation, 0)) or amount
  hincr(acct, 'alloc:' .. sub, -from_alloc)
end
hincr(acct, 'pool', -(amount - from_alloc))
if sub ~= '' then
  hincr(acct, 'spend:' .. sub .. ':' .. ARGV[10], amount)
end
if ARGV[19] and ARGV[19] ~= '' then hincr(acct, 'aspend:' .. ARGV[19], amount) end
local over = (debt > tonumber(ARGV[13])) and '1' or '0'
local charges_text = format_charges(charges)
emit(events, { 'meter', event_id, account, sub, service, ARGV[8], charges_text, ARGV[9], '', str(debt), str(incurred),
  over, str(from_alloc), ARGV[10], ARGV[14] })
recharge_check(acct, account, ARGV[16], event_id, ARGV[9])
alerts_check(acct, { account = account, sub = sub, event_id = event_id, now = ARGV[9], month = ARGV[10],
  lots = charges })
local reply = { '1', charges_text, str(incurred), str(debt), over }
idem_store(idem, 'meter', fingerprint, reply, ARGV[15])
return reply
