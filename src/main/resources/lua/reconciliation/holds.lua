-- holds.lua: writes one bounded step of a rebuild's open holds (docs/usage.md "Rebuild"), after rebuild.lua wrote
-- the account hash. A hold that exists and is settled is left alone: it was settled after the hash was rebuilt (its
-- amount is no longer held there), and writing it again would let it be settled twice.
-- KEYS[1] {pN}:deadlines   KEYS[2..] {pN}:hold:<rid> of each hold
-- ARGV per hold, in KEYS order: reservation id, deadline_ms, m, then m pairs field, value
-- Reply: {'1', holds written, holds found settled}
local deadlines = KEYS[1]
local written, settled = 0, 0
local i = 1
for k = 2, #KEYS do
  local rid, deadline, m = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
  local first, last = i + 3, i + 2 + 2 * m
  i = last + 1
  local state = redis.call('HGET', KEYS[k], 'state')
  if state and state ~= 'HELD' then
    settled = settled + 1
  else
    redis.call('DEL', KEYS[k])
    redis.call('HSET', KEYS[k], unpack(ARGV, first, last))
    redis.call('ZADD', deadlines, deadline, rid)
    written = written + 1
  end
end
return { '1', string.format('%d', written), string.format('%d', settled) }
