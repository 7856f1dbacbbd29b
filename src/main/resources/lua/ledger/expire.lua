-- expire.lua: take what is left of one lot past its expiry off the books (docs/ledger.md "Expiry"), exactly once.
-- KEYS[1] {pN}:acct:<id>   KEYS[2] {pN}:expiries   KEYS[3] {pN}:events   KEYS[4] {pN}:acct:<id>:usable
-- KEYS[5] {pN}:epoch
-- ARGV[1] account   ARGV[2] lot id   ARGV[3] event id   ARGV[4] now_ms
-- Reply: {'1', amount} expired (one expire-credits event); {'2'} nothing to expire (used up, already expired, unknown,
--        or never expiring: taken off the schedule); {'5', expires_ms} not due (nothing written)
-- Error: LEDGER_LOST when the partition has no epoch (_lib.lua), before anything is read or written
if lost(KEYS[5]) then return redis.error_reply(LEDGER_LOST) end
local acct, expiries, events, index = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local account, id, event_id, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local member = account .. ':' .. id

local values = redis.call('HMGET', acct, 'lot:' .. id, 'meta:' .. id)
local remaining, meta = num(values[1]), values[2]
local expires = meta and string.match(meta, '^[^|]*|[^|]*|[^|]*|[^|]*|([^|]*)|') or ''
if expires == '' then
  redis.call('ZREM', expiries, member)
  return { '2' }
end
if tonumber(now) < tonumber(expires) then return { '5', expires } end
if remaining <= 0 then
  redis.call('ZREM', expiries, member)
  return { '2' }
end
expire_lot(acct, id, remaining, { events = events, account = account, event_id = event_id, now = now })
index_remove(acct, index, { [id] = true })
alerts_check(acct, { account = account, sub = '', event_id = event_id, now = now })
return { '1', str(remaining) }
