-- extend-expiry.lua: a purchase with extendExpiryOnPurchase pushes the expiry of the account's unexpired package lots
-- to the new package's expiry (docs/payments.md "Extending expiry"), in one step: each lot's meta and its entry in
-- the partition's schedule of expiries move together. Idempotent: a repeat finds nothing left to move.
-- KEYS[1] {pN}:acct:<id>   KEYS[2] {pN}:expiries   KEYS[3] {pN}:events   KEYS[4] {pN}:acct:<id>:usable
-- KEYS[5] {pN}:epoch
-- ARGV[1] account   ARGV[2] lot id   ARGV[3] expires_ms   ARGV[4] event id   ARGV[5] now_ms
-- Moves the lots of the index (credits left) of kind PACKAGE, other than lot id (the purchased one), that expire after
-- now_ms and before expires_ms, in grant order (seq); each gets one extend-expiry event, id <event id>:<lot id>. A lot
-- at or past its expiry is left to expire (never revived); one that never expires or expires later is left as it is.
-- Reply: {'1', lots moved}
-- Error: LEDGER_LOST when the partition has no epoch (_lib.lua), before anything is read or written
if lost(KEYS[5]) then return redis.error_reply(LEDGER_LOST) end
local acct, expiries, events, index = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local account, bought, target, event_id, now = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5]

local ids = read_index(acct, index)
if #ids == 0 then return { '1', '0' } end
local fields = {}
for _, id in ipairs(ids) do
  fields[#fields + 1] = 'lot:' .. id
  fields[#fields + 1] = 'meta:' .. id
end
local values = redis.call('HMGET', acct, unpack(fields))
local moving = {}
for i, id in ipairs(ids) do
  local remaining, meta = num(values[2 * i - 1]), values[2 * i]
  if id ~= bought and remaining > 0 and meta then
    local m = split(meta, '|')
    local expires = tonumber(m[5])
    if m[1] == 'PACKAGE' and expires and tonumber(now) < expires and expires < target then
      moving[#moving + 1] = { id = id, remaining = remaining, m = m, seq = tonumber(m[6]) }
    end
  end
end
table.sort(moving, function(a, b) return a.seq < b.seq end)
for _, lot in ipairs(moving) do
  local previous = lot.m[5]
  lot.m[5] = str(target)
  local meta = table.concat(lot.m, '|')
  redis.call('HSET', acct, 'meta:' .. lot.id, meta)
  redis.call('ZADD', expiries, str(target), account .. ':' .. lot.id)
  emit(events, { 'extend-expiry', event_id .. ':' .. lot.id, account, '', '', str(lot.remaining), '', now, '',
    lot.id, previous, meta, '' })
end
-- the index's sorted form notes each lot's expiry: back to the plain form, sorted again by the next movement
if #moving > 0 then write_index(index, ids) end
return { '1', str(#moving) }
