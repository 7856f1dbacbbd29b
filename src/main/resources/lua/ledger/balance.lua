-- balance.lua: a read-only snapshot of one account (docs/ledger.md, "balance").
-- KEYS[1] {pN}:acct:<id>
-- Reply: the account hash as HGETALL gives it (field, value, ...); RedisLedger builds the Balance from it. Filtering
-- and shaping happen in Java: per-field string work in Lua cost more than the whole read.
return redis.call('HGETALL', KEYS[1])
