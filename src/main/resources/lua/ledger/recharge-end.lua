-- recharge-end.lua: what became of an open recharge: done (paid and granted, or nothing to do), due again later
-- (a retry after a failed attempt), or failed for good (docs/payments.md).
-- KEYS[1] {pN}:acct:<id>:recharge   KEYS[2] {pN}:recharges   KEYS[3] {pN}:acct:<id>
-- ARGV[1] account   ARGV[2] recharge id   ARGV[3] outcome (DONE|RETRY|FAILED)   ARGV[4] retry_ms (RETRY)
-- ARGV[5] now_ms   ARGV[6] credits (DONE: bought, '' = nothing bought)   ARGV[7] reason (FAILED, '' = none)
-- A DONE that bought credits, and a FAILED, append one recharge alert per recharge rule (alerts_recharge, _lib.lua):
-- once per recharge, since only its open record is ended.
-- Reply: {'1'} ended as asked; {'0'} this recharge is not the account's open one (already ended): nothing written
local key, queue, acct = KEYS[1], KEYS[2], KEYS[3]
local account, id, outcome = ARGV[1], ARGV[2], ARGV[3]
local current = redis.call('GET', key)
if not current or string.match(current, '^([^|]*)|') ~= 'OPEN' or string.match(current, '^[^|]*|([^|]*)|') ~= id then
  return { '0' }
end
if outcome == 'RETRY' then
  redis.call('ZADD', queue, ARGV[4], account)
elseif outcome == 'FAILED' then
  redis.call('SET', key, 'FAILED|' .. id .. '|' .. str(num(redis.call('HGET', acct, 'granted'))))
  redis.call('ZREM', queue, account)
  alerts_recharge(acct, { account = account, event_id = id, now = ARGV[5] }, 'failed', '', ARGV[7])
else
  redis.call('DEL', key)
  redis.call('ZREM', queue, account)
  if ARGV[6] ~= '' then
    alerts_recharge(acct, { account = account, event_id = id, now = ARGV[5] }, 'succeeded', ARGV[6], '')
  end
end
return { '1' }
