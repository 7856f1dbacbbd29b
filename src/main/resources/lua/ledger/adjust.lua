-- adjust.lua: an adjustment (docs/ledger.md "Adjustments"): credit or debit the pool or a sub-account's allocation,
-- or void a lot; each one movement with its own event (adjust-credit, adjust-debit, void-credits).
-- KEYS[1] {pN}:acct:<id>   KEYS[2] {pN}:acct:<id>:idem:<key>   KEYS[3] {pN}:events   KEYS[4] {pN}:acct:<id>:usable
-- KEYS[5] {pN}:epoch
-- ARGV[1] operation (credit|debit|void)   ARGV[2] account   ARGV[3] fingerprint   ARGV[4] event id   ARGV[5] now_ms
-- ARGV[6] idempotency TTL ms   ARGV[7] sub ('' = the pool)   ARGV[8] amount (> 0; '' for a void)
-- ARGV[9] lot id (credit: the new lot; void: the lot voided; '' for a debit)   ARGV[10] kind order
-- ARGV[11] expiry order   ARGV[12] reason   ARGV[13] by (who made it: a key id)
-- ARGV[14] sorted index ('1' = the index of usable lots may take its sorted form, _lib.lua; '' = plain only)
-- A credit adds a lot (UNIVERSAL, every service, effective now, never expiring) that pays the debt first; the pool (or
-- the sub-account's allocation, recorded in {pN}:acct:<id>:subs) grows by what it does not pay, the pool by what it
-- pays, granted by the amount. A debit first expires the lots past their expiry (up to EXPIRE_CAP), then takes the
-- amount from the lots usable now for any service in burn order and from the pool (or the allocation) as they will be
-- once the pending credits have expired (shadow); granted goes down by the amount. A void takes the lot's credits
-- left off the books (take_budgets: the pool first, then the allocations in proportion; granted goes down), sets its
-- expiry to now (unless earlier) and ends its refresh (cycle:<lotId> goes; the sweeper drops its schedule entry).
-- Reply: {'1', amount, pool, allocation, debt paid} adjusted; {'2', same} replayed; {'3'} conflict (key reused with
--        another body, or the credit's lot exists); {'0', limit, available} insufficient (debit); {'4'} no such lot
-- Error: LEDGER_LOST when the partition has no epoch (_lib.lua), before anything is read or written
if lost(KEYS[5]) then return redis.error_reply(LEDGER_LOST) end
local acct, idem, events, index = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local op, account, fingerprint, event_id, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local sub, reason, by = ARGV[7], ARGV[12], ARGV[13]

local replay = idem_check(idem, op, fingerprint)
if replay == false then return { '3' } end
if replay then return replay end

local reply
if op == 'credit' then
  local id, amount = ARGV[9], tonumber(ARGV[8])
  if redis.call('HEXISTS', acct, 'meta:' .. id) == 1 then return { '3' } end
  local paid = math.min(num(redis.call('HGET', acct, 'debt')), amount)
  local seq = redis.call('HINCRBY', acct, 'seq', 1)
  local meta = table.concat({ 'UNIVERSAL', '', '', now, '', str(seq), ARGV[8], '', '' }, '|')
  redis.call('HSET', acct, 'meta:' .. id, meta, 'lot:' .. id, str(amount - paid))
  if amount > paid then index_add(acct, index, id) end
  hincr(acct, 'debt', -paid)
  hincr(acct, 'granted', amount)
  local pool, allocation = nil, 0
  if sub == '' then
    pool = redis.call('HINCRBY', acct, 'pool', ARGV[8])
  else
    hincr(acct, 'pool', paid)
    pool = num(redis.call('HGET', acct, 'pool'))
    if amount > paid then
      allocation = redis.call('HINCRBY', acct, 'alloc:' .. sub, str(amount - paid))
      redis.call('SADD', acct .. ':subs', sub)
    else
      allocation = num(redis.call('HGET', acct, 'alloc:' .. sub))
    end
  end
  emit(events, { 'adjust-credit', event_id, account, sub, '', ARGV[8], '', now, '', id, str(paid), meta, reason, by, '' })
  reply = { '1', ARGV[8], str(pool), str(allocation), str(paid) }
elseif op == 'debit' then
  local amount = tonumber(ARGV[8])
  local lots, pending = usable_lots(acct, index, '*', tonumber(now), ARGV[10], ARGV[11],
    { events = events, account = account, event_id = event_id, now = now }, nil, nil, nil, ARGV[14] == '1')
  local h = redis.call('HMGET', acct, 'pool', 'alloc:' .. sub)
  local pool, allocation = shadow(num(h[1]), (sub ~= '') and num(h[2]) or 0, pending)
  local budget, lots_total = (sub == '') and pool or allocation, total(lots)
  local available = str(math.max(math.min(budget, lots_total), 0))
  if budget < amount then return { '0', (sub == '') and 'BALANCE' or 'ALLOCATION', available } end
  if lots_total < amount then return { '0', 'BALANCE', available } end
  local charges = charge(lots, amount)
  burn(acct, index, lots, charges)
  local after_pool, after_alloc = num(h[1]), 0
  if sub == '' then
    after_pool = after_pool - amount
    hincr(acct, 'pool', -amount)
  else
    after_alloc = num(h[2]) - amount
    hincr(acct, 'alloc:' .. sub, -amount)
  end
  hincr(acct, 'granted', -amount)
  emit(events, { 'adjust-debit', event_id, account, sub, '', ARGV[8], format_charges(charges), now, '', reason, by, '' })
  reply = { '1', ARGV[8], str(after_pool), str(after_alloc), '0' }
else
  local id = ARGV[9]
  local v = redis.call('HMGET', acct, 'lot:' .. id, 'meta:' .. id)
  local remaining, meta = num(v[1]), v[2]
  if not meta then return { '4' } end
  local head, expires, tail = string.match(meta, '^([^|]*|[^|]*|[^|]*|[^|]*)|([^|]*)|(.*)$')
  if expires == '' or tonumber(expires) > tonumber(now) then expires = now end
  local voided = head .. '|' .. expires .. '|' .. tail
  local from_pool, parts, charges = 0, '', ''
  if remaining > 0 then
    from_pool, parts = take_budgets(acct, remaining, 'granted', -remaining)
    hincr(acct, 'lot:' .. id, -remaining)
    index_remove(acct, index, { [id] = true })
    charges = id .. ':' .. str(remaining)
  end
  redis.call('HSET', acct, 'meta:' .. id, voided)
  redis.call('HDEL', acct, 'cycle:' .. id)
  redis.call('ZREM', expiries_key(acct), account .. ':' .. id)
  emit(events, { 'void-credits', event_id, account, '', '', str(remaining), charges, now, '', id, str(from_pool), parts,
    voided, reason, by, '' })
  reply = { '1', str(remaining), str(num(redis.call('HGET', acct, 'pool'))), '0', '0' }
end
alerts_check(acct, { account = account, sub = sub, event_id = event_id, now = now })
idem_store(idem, op, fingerprint, reply, ARGV[6])
return reply
