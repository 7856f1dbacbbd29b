-- dispatch.lua: which reservation a carrier message settles; the receipts parked for it apply at once.
-- KEYS[1] {pN}:dlr:<account>:<carrier>:<messageId>   KEYS[2] {pN}:hold:<reservationId>   KEYS[3] {pN}:dlr:parked
-- ARGV[1] reservation id   ARGV[2] parts ('' = not given)   ARGV[3] parked member (<account>:<carrier>:<messageId>)
-- ARGV[4] now_ms   ARGV[5] how long the message is kept after the hold's deadline (ms)
-- ARGV[6] policy (STATUS=C|R, comma-separated)
-- Reply: {'1', rid} mapped, outcome not decided yet; {'2', rid, decided, amount, units} decided (settle the hold,
--        again if need be: the settle is once); {'3', rid} the message settles another reservation; {'4'} no such
--        reservation. A repeated dispatch writes nothing and answers the same.
local msg, hold_key, parked = KEYS[1], KEYS[2], KEYS[3]
local rid, parts, member, now, keep = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])
local policy = parse_policy(ARGV[6])

local refused = map(msg, hold_key, parked, rid, parts, member, now, keep)
if refused then return refused end
return state(msg, policy)
