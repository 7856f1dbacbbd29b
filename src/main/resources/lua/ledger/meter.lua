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
-- The usual metered use, answered before the library is defined (as reserve.lua's usual reservation: docs/ledger.md
-- "Scripts"): a new use (no idempotency record) that the first lot of the sorted index pays whole without being
-- drained, no lot in the index being special (past its expiry, not valid yet, restricted), with no recharge to open
-- and no alert to judge (no rules, or a band that the credits left stay in). It makes the general path's changes (in
-- one HSET where that path makes one HINCRBY each), event, record and reply. Anything else falls through, having
-- written nothing, to the general path after the library. UsualReservationTest holds both paths to each other.
do
  local K, A = KEYS, ARGV
  local acct, amount, kind_order = K[1], tonumber(A[8]), A[11]
  if A[18] == '1' and kind_order ~= '' and amount and amount > 0 then
    local got = redis.call('MGET', K[5], K[2], K[4], acct .. ':alert-rules')
    local text, rules = got[3], got[4]
    local rs = text and string.find(text, '\30', 1, true)
    if got[1] and not got[2] and rs and string.find(text, kind_order .. '/' .. A[12] .. '\30', 1, true) == 1
      and (not rules or rules == '' or string.byte(rules, 1) == 35) then
      local now_ms, first, plain = tonumber(A[9]), nil, true
      for id, expires, from, r in string.gmatch(string.sub(text, rs + 1), '([^,|]+)|([^,|]*)|([^,|]*)|([^,]*)') do
        local ends = tonumber(expires)
        if (ends and now_ms >= ends) or (from ~= '' and now_ms < tonumber(from)) or r == '1' then
          plain = false
          break
        end
        first = first or id
      end
      if plain and first then
        local sub, label = A[4], A[19] or ''
        local spend_field, afield = 'spend:' .. sub .. ':' .. A[10], label ~= '' and 'aspend:' .. label
        local h = redis.call('HMGET', acct, 'debt', 'alloc:' .. sub, 'pool', 'lot:' .. first, 'spent', 'granted',
          'held', 'expired', spend_field, afield or 'debt')
        local debt, allocation, pool = tonumber(h[1]) or 0, tonumber(h[2]) or 0, tonumber(h[3]) or 0
        local remaining, spent = tonumber(h[4]) or 0, tonumber(h[5]) or 0
        local after = (tonumber(h[6]) or 0) - spent - amount - (tonumber(h[7]) or 0) - (tonumber(h[8]) or 0)
        local threshold = tonumber(A[16])
        local band_lo, band_hi
        if rules then
          band_lo, band_hi = string.match(rules, '^#([^|]*)|([^\n]*)')
          band_lo, band_hi = tonumber(band_lo), tonumber(band_hi)
        end
        if remaining > amount and (A[16] == '' or (threshold and after >= threshold))
          and (not rules or rules == ''
            or ((not band_lo or after >= band_lo) and (not band_hi or after < band_hi))) then
          local amount_text = A[8]
          local from_alloc = 0
          if A[5] == 'ALLOCATED' then
            from_alloc = A[6] == '1' and math.min(amount, math.max(allocation, 0)) or amount
          end
          local fields = { 'lot:' .. first, string.format('%d', remaining - amount),
            'spent', string.format('%d', spent + amount) }
          if from_alloc ~= 0 then
            fields[#fields + 1] = 'alloc:' .. sub
            fields[#fields + 1] = string.format('%d', allocation - from_alloc)
          end
          if amount - from_alloc ~= 0 then
            fields[#fields + 1] = 'pool'
            fields[#fields + 1] = string.format('%d', pool - (amount - from_alloc))
          end
          if sub ~= '' then
            fields[#fields + 1] = spend_field
            fields[#fields + 1] = string.format('%d', (tonumber(h[9]) or 0) + amount)
          end
          if afield then
            fields[#fields + 1] = afield
            fields[#fields + 1] = string.format('%d', (tonumber(h[10]) or 0) + amount)
          end
          redis.call('HSET', acct, unpack(fields))
          local over = (debt > tonumber(A[13])) and '1' or '0'
          local charges, debt_text = first .. ':' .. amount_text, string.format('%d', debt)
          local alloc_text = from_alloc == 0 and '0' or from_alloc == amount and amount_text
            or string.format('%d', from_alloc)
          redis.call('XADD', K[3], '*', 'e', 'meter\31' .. A[3] .. '\31' .. A[1] .. '\31' .. sub .. '\31' .. A[7]
            .. '\31' .. amount_text .. '\31' .. charges .. '\31' .. A[9] .. '\31\31' .. debt_text .. '\31' .. '0'
            .. '\31' .. over .. '\31' .. alloc_text .. '\31' .. A[10] .. '\31' .. A[14])
          redis.call('SET', K[2], 'meter\n' .. A[2] .. '\n1\n' .. charges .. '\n0\n' .. debt_text .. '\n' .. over,
            'PX', A[15])
          return { '1', charges, '0', debt_text, over }
        end
      end
    end
  end
end
-- (library)
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
