-- settle.lua: commit, release or expire one hold, exactly once (docs/ledger.md, "settle").
-- KEYS[1] {pN}:hold:<reservationId>   KEYS[2] {pN}:acct:<id>   KEYS[3] {pN}:deadlines   KEYS[4] {pN}:events
-- KEYS[5] {pN}:acct:<id>:usable   KEYS[6] {pN}:epoch
-- ARGV[1] reservation id   ARGV[2] action (COMMIT|RELEASE|EXPIRE)   ARGV[3] final amount ('' = the reserved one)
-- ARGV[4] event id   ARGV[5] now_ms   ARGV[6] how long a settled hold is kept (ms; its repeat answer)
-- ARGV[7] detail members (JSON members added to the hold's detail in the event, '' = none)
-- Reply: {'1', state, committed, released} settled; {'2', state, committed, released} already settled (the first
--        outcome); {'0'} unknown hold; {'4', reserved} invalid final amount; {'5', deadline_ms} EXPIRE not yet due
-- Error: LEDGER_LOST when the partition has no epoch (_lib.lua), before anything is read or written
if lost(KEYS[6]) then return redis.error_reply(LEDGER_LOST) end
return settle_hold({ hold = KEYS[1], acct = KEYS[2], deadlines = KEYS[3], events = KEYS[4], index = KEYS[5] },
  { rid = ARGV[1], action = ARGV[2], final = ARGV[3], event_id = ARGV[4], now = ARGV[5], keep = ARGV[6],
    members = ARGV[7] or '' })
