-- credit.lua: grant a lot (it pays debt first), or move credits between the pool and a sub-account's allocation.
-- KEYS[1] {pN}:acct:<id>   KEYS[2] {pN}:acct:<id>:idem:<key>   KEYS[3] {pN}:events   KEYS[4] {pN}:acct:<id>:usable
-- KEYS[5] {pN}:epoch
-- ARGV[1] operation (grant|allocate)   ARGV[2] account   ARGV[3] fingerprint   ARGV[4] event id   ARGV[5] now_ms
-- ARGV[6] idempotency TTL ms
-- grant:    ARGV[7] lot id   ARGV[8] granted   ARGV[9] kind   ARGV[10] services (comma list, '' = all)
--           ARGV[11] priority ('' = by kind)   ARGV[12] from_ms   ARGV[13] expires_ms ('' = never)
--           ARGV[14] refresh period ('' = none)   ARGV[15] refresh rollover   ARGV[16] detail (JSON)
--           ARGV[17] refresh_ms (the lot's first refresh boundary, '' = none)   ARGV[18] refresh months
--           ARGV[19] sub (the sub-account whose allocation the credits go to, in the same movement; '' = the pool)
-- allocate: ARGV[7] sub   ARGV[8] amount (> 0 from the pool, < 0 back to the pool)
-- A grant of a lot that expires schedules its expiry ({pN}:expiries, _lib.lua); one with a refresh_ms writes its
-- first boundary (cycle:<lotId>) and schedules it ({pN}:refreshes, member <account>:<lotId>:<months>, named from the
-- account key). A grant to a sub-account adds what it does not pay of the debt to its allocation instead of the pool
-- (the pool gets the debt paid back) and records it in {pN}:acct:<id>:subs; its event names the sub-account. An allocation first expires the lots past their expiry (up to EXPIRE_CAP), and records the
-- sub-account in {pN}:acct:<id>:subs.
-- Reply: {'1', pool, allocation, debt paid} credited; {'2', same} replayed; {'3'} conflict (key reused with another
--        body, or the lot exists); {'0', limit, available} insufficient (pool or allocation too small)
-- Error: LEDGER_LOST when the partition has no epoch (_lib.lua), before anything is read or written
if lost(KEYS[5]) then return redis.error_reply(LEDGER_LOST) end
local acct, idem, events = KEYS[1], KEYS[2], KEYS[3]
local op, account, fingerprint, event_id, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]

local replay = idem_check(idem, op, fingerprint)
if replay == false then return { '3' } end
if replay then return replay end

local reply
if op == 'grant' then
  local id, granted = ARGV[7], tonumber(ARGV[8])
  if redis.call('HEXISTS', acct, 'meta:' .. id) == 1 then return { '3' } end
  local debt = num(redis.call('HGET', acct, 'debt'))
  local paid = math.min(debt, granted)
  local seq = redis.call('HINCRBY', acct, 'seq', 1)
  local meta = table.concat({ ARGV[9], ARGV[10], ARGV[11], ARGV[12], ARGV[13], str(seq), ARGV[8], ARGV[14],
    ARGV[15] }, '|')
  redis.call('HSET', acct, 'meta:' .. id, meta, 'lot:' .. id, str(granted - paid))
  if granted > paid then
    index_add(acct, KEYS[4], id)
    if ARGV[13] ~= '' then
      redis.call('ZADD', expiries_key(acct), ARGV[13], account .. ':' .. id)
    end
  end
  if ARGV[17] ~= '' then
    redis.call('HSET', acct, 'cycle:' .. id, ARGV[17])
    redis.call('ZADD', string.match(acct, '^({[^}]*})') .. ':refreshes', ARGV[17], account .. ':' .. id .. ':' .. ARGV[18])
  end
  hincr(acct, 'debt', -paid)
  hincr(acct, 'granted', granted)
  local sub, pool, allocation = ARGV[19], nil, 0
  if sub == '' then
    pool = redis.call('HINCRBY', acct, 'pool', ARGV[8])
  else
    -- the debt is paid first (the pool, which carried it, gets that part back); the rest is the sub-account's
    hincr(acct, 'pool', paid)
    pool = num(redis.call('HGET', acct, 'pool'))
    if granted > paid then
      allocation = redis.call('HINCRBY', acct, 'alloc:' .. sub, str(granted - paid))
      redis.call('SADD', acct .. ':subs', sub)
    else
      allocation = num(redis.call('HGET', acct, 'alloc:' .. sub))
    end
  end
  emit(events, { 'grant', event_id, account, sub, '', ARGV[8], '', now, '', id, str(paid), meta, ARGV[16] })
  reply = { '1', str(pool), str(allocation), str(paid) }
else
  local sub, amount = ARGV[7], tonumber(ARGV[8])
  -- lots past their expiry are expired first (up to EXPIRE_CAP), so that the pool read next holds only live credits;
  -- the pending credits of those left (and of lots waiting for their refresh) do not count
  local _, pending = usable_lots(acct, KEYS[4], '', tonumber(now), '', '', { events = events, account = account,
    event_id = event_id, now = now })
  local pool = num(redis.call('HGET', acct, 'pool'))
  local allocation = num(redis.call('HGET', acct, 'alloc:' .. sub))
  local live_pool, live_allocation = shadow(pool, allocation, pending)
  if amount > 0 and live_pool < amount then return { '0', 'BALANCE', str(math.max(live_pool, 0)) } end
  if amount < 0 and live_allocation < -amount then
    return { '0', 'ALLOCATION', str(math.max(live_allocation, 0)) }
  end
  hincr(acct, 'pool', -amount)
  hincr(acct, 'alloc:' .. sub, amount)
  if amount > 0 then
    redis.call('SADD', acct .. ':subs', sub)
  end
  emit(events, { (amount > 0) and 'allocate' or 'deallocate', event_id, account, sub, '', str(math.abs(amount)), '',
    now, '', '' })
  reply = { '1', str(pool - amount), str(allocation + amount), '0' }
end
alerts_check(acct, { account = account, sub = '', event_id = event_id, now = now })
idem_store(idem, op, fingerprint, reply, ARGV[6])
return reply
