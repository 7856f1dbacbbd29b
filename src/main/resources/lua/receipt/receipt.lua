-- receipt.lua: one delivery receipt of one part of a carrier message, recorded; decides the message's outcome once
-- every part has one (docs/receipts.md). Parked while no dispatch named the message's reservation.
-- KEYS[1] {pN}:dlr:<account>:<carrier>:<messageId>   KEYS[2] {pN}:dlr:parked
-- ARGV[1] part   ARGV[2] parts ('' = not reported)   ARGV[3] status   ARGV[4] error code   ARGV[5] occurred_ms
-- ARGV[6] segments ('' = not reported)   ARGV[7] parked member (<account>:<carrier>:<messageId>)   ARGV[8] now_ms
-- ARGV[9] how long a parked message is kept (ms)   ARGV[10] policy (STATUS=C|R, comma-separated)
-- Reply: {'0'} parked; {'1', rid} recorded, outcome not decided yet; {'2', rid, decided, amount, units} decided
--        (settle the hold, again if need be: the settle is once). A repeated receipt writes nothing.
local msg, parked = KEYS[1], KEYS[2]
local field, status, now = 'p:' .. ARGV[1], ARGV[3], ARGV[8]
local policy = parse_policy(ARGV[10])

local old = redis.call('HGET', msg, field)
if not old or RANK[status] > RANK[string.match(old, '^([^|]*)')] then
  redis.call('HSET', msg, field, table.concat({ status, ARGV[4], ARGV[5], ARGV[6] }, '|'))
end
if ARGV[2] ~= '' then
  redis.call('HSETNX', msg, 'parts', ARGV[2])
end
if not redis.call('HGET', msg, 'rid') and redis.call('HSETNX', msg, 'parked', now) == 1 then
  redis.call('ZADD', parked, now, ARGV[7])
  redis.call('PEXPIRE', msg, ARGV[9])
end
return state(msg, policy)
