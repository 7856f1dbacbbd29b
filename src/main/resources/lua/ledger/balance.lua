-- balance.lua: a read-only snapshot of one account (docs/ledger.md, "balance").
-- KEYS[1] {pN}:acct:<id>   KEYS[2] {pN}:epoch
-- Reply: the account hash as HGETALL gives it (field, value, ...); RedisLedger builds the Balance from it. Filtering
-- and shaping happen in Java: per-field string work in Lua cost more than the whole read.
-- Error: LEDGER_LOST when the partition has no epoch (_lib.lua), before anything is read or written
if lost(KEYS[2]) then return redis.error_reply(LEDGER_LOST) end
return redis.call('HGETALL', KEYS[1])
