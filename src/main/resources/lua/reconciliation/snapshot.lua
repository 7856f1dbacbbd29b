-- snapshot.lua: an account's hash, the stream's last id, and whether the account has unwritten events, read at
-- one instant (docs/usage.md "Reconciliation").
-- KEYS[1] {pN}:acct:<id>   KEYS[2] {pN}:events   KEYS[3] {pN}:epoch
-- ARGV[1] account   ARGV[2] the writer's consumer group   ARGV[3] most backlog entries to look through
-- Reply: {hash (flat, as HGETALL), last id ('' = no stream), unwritten ('1'|'0'), lost ('1' = no epoch: Redis lost
--        the partition's data, '0')}
local acct, events = KEYS[1], KEYS[2]
local account, group, limit = ARGV[1], ARGV[2], tonumber(ARGV[3])

return { redis.call('HGETALL', acct), last_id(events), unwritten(events, group, account, limit) and '1' or '0',
  redis.call('EXISTS', KEYS[3]) == 0 and '1' or '0' }
