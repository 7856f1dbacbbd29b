-- reserve.lua: hold credits for an outbound message (docs/ledger.md, "reserve").
-- KEYS[1] {pN}:acct:<id>   KEYS[2] {pN}:hold:<reservationId>   KEYS[3] {pN}:deadlines   KEYS[4] {pN}:events
-- KEYS[5] {pN}:acct:<id>:usable   KEYS[6] {pN}:epoch   KEYS[7] {pN}:acct:<id>:idem:<key> (legacy; only while reading
-- the layout before holds answered repeats: then a repeat is looked up and the reply stored there too)
-- ARGV[1] account   ARGV[2] fingerprint   ARGV[3] reservation id   ARGV[4] event id
-- ARGV[5] sub ('' = none)   ARGV[6] mode (SHARED|ALLOCATED|'')   ARGV[7] fallback to pool (1|0)
-- ARGV[8] monthly limit ('' = none)   ARGV[9] service   ARGV[10] amount   ARGV[11] now_ms   ARGV[12] deadline_ms
-- ARGV[13] month (yyyy-MM)   ARGV[14] kind order (comma list)   ARGV[15] expiry order   ARGV[16] on expiry
-- ARGV[17] detail (JSON)   ARGV[18] idempotency TTL ms (the legacy record's)
-- ARGV[19] recharge threshold ('' = no auto-recharge; _lib.lua recharge_check)
-- ARGV[20] category (the service's category of the catalogue, '' = none: lots listing '@<category>' pay too)
-- ARGV[21] sorted index ('1' = the index of usable lots may take its sorted form, _lib.lua; '' = plain only, while
-- replicas of a version before it run)
-- ARGV[22] account limit ('<limit>@<period label>', '' = none: the account's spend in aspend:<label> is neither read
-- nor counted; docs/ledger.md "Spending limits")
-- Reply: {'1', reservation id, charges, available, deadline_ms} reserved; {'2', same} replayed;
--        {'0', limit, available} insufficient; {'3'} conflict (key reused with another body)
-- Error: LEDGER_LOST when the partition has no epoch (_lib.lua), before anything is read or written
-- The usual reservation, answered before the library is defined (Redis runs a script's whole text on every call, and
-- making the library's functions cost a reservation about an eighth of its instructions): a new hold (no legacy
-- record) that the first lot of the sorted index pays whole without being drained, no lot in the index being
-- special (past its expiry, not valid yet, restricted: sorted_lots), within every budget and limit, with no recharge
-- to open and no alert to judge (no rules, or a band that the credits left stay in: alerts_check). It makes the
-- general path's writes, event and reply, in the same order. Anything else falls through, having written nothing, to
-- the general path after the library, which reads again and decides. RandomizedLedgerTest holds both to the model;
-- UsualReservationTest holds them to each other.
do
  local K, A = KEYS, ARGV
  local acct, amount, kind_order = K[1], tonumber(A[10]), A[14]
  if K[7] == nil and A[21] == '1' and kind_order ~= '' and amount and amount > 0 then
    local got = redis.call('MGET', K[6], K[2], K[5], acct .. ':alert-rules')
    local text, rules = got[3], got[4]
    local rs = text and string.find(text, '\30', 1, true)
    if got[1] and not got[2] and rs and string.find(text, kind_order .. '/' .. A[15] .. '\30', 1, true) == 1
      and (not rules or rules == '' or string.byte(rules, 1) == 35) then
      local now_ms, first, plain = tonumber(A[11]), nil, true
      for id, expires, from, r in string.gmatch(string.sub(text, rs + 1), '([^,|]+)|([^,|]*)|([^,|]*)|([^,]*)') do
        local ends = tonumber(expires)
        if (ends and now_ms >= ends) or (from ~= '' and now_ms < tonumber(from)) or r == '1' then
          plain = false
          break
        end
        first = first or id
      end
      local alimit, alabel = string.match(A[22], '^(%d+)@(.+)$')
      alimit = tonumber(alimit)
      if plain and first and (alimit or A[22] == '') then
        local sub, month = A[5], A[13]
        local spend_field, afield = 'spend:' .. sub .. ':' .. month, alabel and 'aspend:' .. alabel
        local h = redis.call('HMGET', acct, 'pool', 'alloc:' .. sub, spend_field, 'held', 'granted', 'spent',
          'expired', 'debt', 'lot:' .. first, afield or 'debt')
        local pool, held = tonumber(h[1]) or 0, tonumber(h[4]) or 0
        local granted, spent, expired = tonumber(h[5]) or 0, tonumber(h[6]) or 0, tonumber(h[7]) or 0
        local remaining, aspend = tonumber(h[9]) or 0, alimit and (tonumber(h[10]) or 0)
        local lots_total = granted - spent - held - expired + (tonumber(h[8]) or 0)
        local has_sub, allocated, fallback = sub ~= '', A[6] == 'ALLOCATED', A[7] == '1'
        local allocation, spend = has_sub and (tonumber(h[2]) or 0) or 0, has_sub and (tonumber(h[3]) or 0) or 0
        local budget = math.max(pool, 0)
        if allocated then budget = math.max(allocation, 0) + (fallback and budget or 0) end
        local limit = tonumber(A[8])
        local headroom = limit and math.max(limit - spend, 0) or math.huge
        if alimit then headroom = math.min(headroom, math.max(alimit - aspend, 0)) end
        local available = math.min(budget, lots_total, headroom)
        local after = granted - spent - held - amount - expired
        local threshold = tonumber(A[19])
        local band_lo, band_hi
        if rules then
          band_lo, band_hi = string.match(rules, '^#([^|]*)|([^\n]*)')
          band_lo, band_hi = tonumber(band_lo), tonumber(band_hi)
        end
        if remaining > amount and budget >= amount and lots_total >= amount
          and not (limit and spend + amount > limit) and not (alimit and aspend + amount > alimit)
          and not (allocated and not fallback and allocation < amount)
          and (A[19] == '' or (threshold and after >= threshold))
          and (not rules or rules == ''
            or ((not band_lo or after >= band_lo) and (not band_hi or after < band_hi))) then
          local rid, deadline_ms, amount_text = A[3], A[12], A[10]
          local from_alloc = allocated and math.min(amount, math.max(allocation, 0)) or 0
          local from_pool = amount - from_alloc
          -- the amount's text is canonical (LedgerCall writes it), so a whole amount needs no formatting
          local pool_text = from_pool == 0 and '0' or from_pool == amount and amount_text
            or string.format('%d', from_pool)
          local alloc_text = from_alloc == 0 and '0' or from_alloc == amount and amount_text
            or string.format('%d', from_alloc)
          local fields = { 'lot:' .. first, string.format('%d', remaining - amount) }
          if from_pool ~= 0 then
            fields[#fields + 1] = 'pool'
            fields[#fields + 1] = string.format('%d', pool - from_pool)
          end
          if has_sub then
            if from_alloc ~= 0 then
              fields[#fields + 1] = 'alloc:' .. sub
              fields[#fields + 1] = string.format('%d', allocation - from_alloc)
            end
            fields[#fields + 1] = spend_field
            fields[#fields + 1] = string.format('%d', spend + amount)
          end
          fields[#fields + 1] = 'held'
          fields[#fields + 1] = string.format('%d', held + amount)
          if alimit then
            fields[#fields + 1] = afield
            fields[#fields + 1] = string.format('%d', aspend + amount)
          end
          redis.call('HSET', acct, unpack(fields))
          local charges, left = first .. ':' .. amount_text, string.format('%d', available - amount)
          redis.call('SET', K[2], 'HELD|' .. A[2] .. '|' .. left .. '|' .. deadline_ms .. '|' .. charges .. '|'
            .. amount_text .. '|' .. pool_text .. '|' .. sub .. '|' .. (alimit and month .. '/' .. alabel or month)
            .. '|' .. A[9] .. '|' .. A[11] .. '|' .. A[16] .. '|' .. A[17])
          redis.call('ZADD', K[3], deadline_ms, rid)
          redis.call('XADD', K[4], '*', 'e', 'reserve\31' .. A[4] .. '\31' .. A[1] .. '\31' .. sub .. '\31' .. A[9]
            .. '\31' .. amount_text .. '\31' .. charges .. '\31' .. A[11] .. '\31' .. rid .. '\31' .. alloc_text
            .. '\31' .. month .. '\31' .. deadline_ms .. '\31' .. A[16] .. '\31' .. A[17])
          return { '1', rid, charges, left, deadline_ms }
        end
      end
    end
  end
end
-- (library)
local acct, hold_key, deadlines, events, index, legacy = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[7]
local account, fingerprint, rid, event_id = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local sub, mode, fallback, limit = ARGV[5], ARGV[6], ARGV[7] == '1', tonumber(ARGV[8])
local service, amount, now_ms, deadline_ms = ARGV[9], tonumber(ARGV[10]), tonumber(ARGV[11]), ARGV[12]
local month, detail = ARGV[13], ARGV[17]
local alimit, alabel = string.match(ARGV[22] or '', '^(%d+)@(.+)$')
alimit = tonumber(alimit)

-- One read of the epoch, the hold, the index of usable lots and the alert rules (named from the account key). Without
-- the epoch nothing read is used.
local got = redis.call('MGET', KEYS[6], hold_key, index, acct .. ':alert-rules')
if not got[1] then return redis.error_reply(LEDGER_LOST) end
-- The reservation id is derived from the idempotency key, so the hold is also the key's record.
local stored = got[2]
if stored then
  local _, fp, was_available, deadline, was_charges = string.match(stored, HOLD)
  if fp ~= fingerprint and fp ~= '' then return { '3' } end
  return { '2', rid, was_charges, was_available, deadline }
end
if legacy then
  local replay = idem_check(legacy, 'reserve', fingerprint)
  if replay == false then return { '3' } end
  if replay then return replay end
end

-- Lots past their expiry are expired first (each its own movement, up to EXPIRE_CAP), so the budgets read next hold
-- only live credits; the pending credits of those left (and of lots waiting for their refresh) are kept out of them.
local lots, pending, outside = usable_lots(acct, index, service, now_ms, ARGV[14], ARGV[15],
  { events = events, account = account, event_id = event_id, now = ARGV[11] }, amount, got[3], ARGV[20],
  ARGV[21] == '1')
local spend_field = 'spend:' .. sub .. ':' .. month
local afield = alabel and 'aspend:' .. alabel
local h = redis.call('HMGET', acct, 'pool', 'alloc:' .. sub, spend_field, 'held', 'granted', 'spent', 'expired', 'debt')
-- What the lots that can pay hold: summed, or (when only those a charge takes were read) what all the lots hold, the
-- account's totals say (granted - spent - held - expired + debt), less what the others hold.
local lots_total = outside and (num(h[5]) - num(h[6]) - num(h[4]) - num(h[7]) + num(h[8]) - outside) or total(lots)
local pool, allocation = shadow(num(h[1]), (sub ~= '') and num(h[2]) or 0, pending)
local allocated = mode == 'ALLOCATED'
local budget
if allocated then
  budget = math.max(allocation, 0) + (fallback and math.max(pool, 0) or 0)
else
  budget = math.max(pool, 0)
end
local spend = (sub ~= '') and num(h[3]) or 0
local headroom = limit and math.max(limit - spend, 0) or math.huge
local aspend = alimit and num(redis.call('HGET', acct, afield))
if alimit then headroom = math.min(headroom, math.max(alimit - aspend, 0)) end
local available = math.min(budget, lots_total, headroom)

if limit and spend + amount > limit then
  alerts_refused(acct, { account = account, sub = sub, event_id = event_id, now = ARGV[11], month = month,
    limit = limit, amount = amount, rules = got[4] })
  return { '0', 'SPENDING_LIMIT', str(available) }
end
if alimit and aspend + amount > alimit then return { '0', 'ACCOUNT_SPENDING_LIMIT', str(available) } end
if allocated and not fallback and allocation < amount then return { '0', 'ALLOCATION', str(available) } end
if budget < amount or lots_total < amount then return { '0', 'BALANCE', str(available) } end

local charges = charge(lots, amount)
local from_alloc = allocated and math.min(amount, math.max(allocation, 0)) or 0
local from_pool = amount - from_alloc
-- every change to the account hash in one HSET (a field only written when it changes, as HINCRBY would)
local fields, gone = {}, nil
for i, c in ipairs(charges) do
  fields[#fields + 1] = 'lot:' .. c.id
  fields[#fields + 1] = str(lots[i].remaining - c.amount)
  if c.amount == lots[i].remaining then
    gone = gone or {}
    gone[c.id] = true
  end
end
if from_pool ~= 0 then
  fields[#fields + 1] = 'pool'
  fields[#fields + 1] = str(num(h[1]) - from_pool)
end
if sub ~= '' and from_alloc ~= 0 then
  fields[#fields + 1] = 'alloc:' .. sub
  fields[#fields + 1] = str(num(h[2]) - from_alloc)
end
if amount ~= 0 then
  if sub ~= '' then
    fields[#fields + 1] = spend_field
    fields[#fields + 1] = str(num(h[3]) + amount)
  end
  fields[#fields + 1] = 'held'
  fields[#fields + 1] = str(num(h[4]) + amount)
  if afield then
    fields[#fields + 1] = afield
    fields[#fields + 1] = str(aspend + amount)
  end
end
if #fields > 0 then redis.call('HSET', acct, unpack(fields)) end
if gone then index_remove(acct, index, gone) end
local charges_text, left = format_charges(charges), str(available - amount)
redis.call('SET', hold_key, table.concat({ 'HELD', fingerprint, left, deadline_ms, charges_text, ARGV[10],
  str(from_pool), sub, afield and month .. '/' .. alabel or month, service, ARGV[11], ARGV[16], detail }, '|'))
redis.call('ZADD', deadlines, deadline_ms, rid)
emit(events, { 'reserve', event_id, account, sub, service, ARGV[10], charges_text, ARGV[11], rid, str(from_alloc),
  month, deadline_ms, ARGV[16], detail })
recharge_check(acct, account, ARGV[19], event_id, ARGV[11])
alerts_check(acct, { account = account, sub = sub, event_id = event_id, now = ARGV[11], month = month, lots = charges,
  limit = limit, rules = got[4], available = got[4] and (num(h[5]) - num(h[6]) - num(h[4]) - amount - num(h[7])) })
local reply = { '1', rid, charges_text, left, deadline_ms }
if legacy then
  idem_store(legacy, 'reserve', fingerprint, reply, ARGV[18])
end
return reply
