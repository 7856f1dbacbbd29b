-- rebuild.lua: replaces an account's hash and writes its open holds, as PostgreSQL's ledger entries describe them
-- (docs/usage.md "Rebuild"). Refuses while the account has unwritten events, or when it moved after PostgreSQL
-- was read (an entry after ARGV[4] names it): the entries read would not be the whole history.
-- KEYS[1] {pN}:acct:<id>   KEYS[2] {pN}:events   KEYS[3] {pN}:deadlines   KEYS[4..] {pN}:hold:<rid> of each hold
-- ARGV[1] account   ARGV[2] the writer's consumer group   ARGV[3] most backlog entries to look through
-- ARGV[4] the stream's last id when PostgreSQL was read ('' = no stream)   ARGV[5] n, then n pairs field, value of
-- the hash; then per hold, in KEYS order: reservation id, deadline_ms, m, then m pairs field, value
-- Reply: {'1', fields written, holds written} rebuilt; {'0'} unwritten events; {'2'} moved since PostgreSQL was read
local acct, events, deadlines = KEYS[1], KEYS[2], KEYS[3]
local account, group, limit, read_at = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]

if unwritten(events, group, account, limit) then return { '0' } end
if touched_after(events, read_at, account, limit) then return { '2' } end

redis.call('DEL', acct)
local n = tonumber(ARGV[5])
local i = 6
for _ = 1, n do
  redis.call('HSET', acct, ARGV[i], ARGV[i + 1])
  i = i + 2
end
for k = 4, #KEYS do
  local rid, deadline, m = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
  i = i + 3
  redis.call('DEL', KEYS[k])
  for _ = 1, m do
    redis.call('HSET', KEYS[k], ARGV[i], ARGV[i + 1])
    i = i + 2
  end
  redis.call('ZADD', deadlines, deadline, rid)
end
return { '1', string.format('%d', n), string.format('%d', #KEYS - 3) }
