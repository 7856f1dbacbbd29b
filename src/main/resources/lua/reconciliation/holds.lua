-- holds.lua: writes one bounded step of a rebuild's open holds (docs/usage.md "Rebuild"), after rebuild.lua wrote
-- the account hash. A hold that exists and is settled is left alone: it was settled after the hash was rebuilt (its
-- amount is no longer held there), and writing it again would let it be settled twice.
-- KEYS[1] {pN}:deadlines   KEYS[2..] {pN}:hold:<rid> of each hold
-- ARGV per hold, in KEYS order: reservation id, deadline_ms, the open hold's string (ledger/_lib.lua; no fingerprint,
-- available 0)
-- Reply: {'1', holds written, holds found settled}
local deadlines = KEYS[1]
local written, settled = 0, 0
for k = 2, #KEYS do
  local i = 3 * (k - 2) + 1
  local rid, deadline, hold = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local stored = redis.call('TYPE', KEYS[k])['ok']
  local state, kept
  if stored == 'string' then
    -- an open hold keeps what it answers a repeated reserve with (PostgreSQL has no fingerprint or available)
    state, kept = string.match(redis.call('GET', KEYS[k]), '^([^|]*)|([^|]*|[^|]*)|')
  elseif stored == 'hash' then
    state = redis.call('HGET', KEYS[k], 'state')
  end
  if state and state ~= 'HELD' then
    settled = settled + 1
  else
    if kept then
      hold = 'HELD|' .. kept .. string.match(hold, '^[^|]*|[^|]*|[^|]*(|.*)$')
    end
    redis.call('SET', KEYS[k], hold)
    redis.call('ZADD', deadlines, deadline, rid)
    written = written + 1
  end
end
return { '1', string.format('%d', written), string.format('%d', settled) }
