-- receipt.lua: one delivery receipt of one part of a carrier message, recorded; decides the message's outcome once
-- every part has one (docs/receipts.md). Parked while no dispatch named the message's reservation.
-- KEYS[1] {pN}:dlr:<account>:<carrier>:<messageId>   KEYS[2] {pN}:dlr:parked
-- ARGV[1] part   ARGV[2] parts ('' = not reported)   ARGV[3] status   ARGV[4] error code   ARGV[5] occurred_ms
-- ARGV[6] segments ('' = not reported)   ARGV[7] parked member (<account>:<carrier>:<messageId>)   ARGV[8] now_ms
-- ARGV[9] how long a parked message is kept (ms)   ARGV[10] policy (STATUS=C|R, comma-separated)
-- Reply: {'0'} parked; {'1', rid} recorded, outcome not decided yet; {'2', rid, decided, amount, units} decided
--        (settle the hold, again if need be: the settle is once). A repeated receipt writes nothing.
local msg, parked = KEYS[1], KEYS[2]
local policy = parse_policy(ARGV[10])

record(msg, parked, { part = ARGV[1], parts = ARGV[2], status = ARGV[3], error = ARGV[4], occurred = ARGV[5],
  segments = ARGV[6], member = ARGV[7], now = ARGV[8], parking = ARGV[9] })
return state(msg, policy)
