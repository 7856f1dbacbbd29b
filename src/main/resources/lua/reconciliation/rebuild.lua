-- rebuild.lua: replaces an account's hash as PostgreSQL's ledger entries describe it, the first step of a rebuild
-- (docs/usage.md "Rebuild"; holds.lua then writes the open holds in bounded steps). Refuses while the account has
-- unwritten events, or when it moved after PostgreSQL was read (an entry after ARGV[4] names it): the entries read
-- would not be the whole history.
-- KEYS[1] {pN}:acct:<id>   KEYS[2] {pN}:events   KEYS[3] {pN}:acct:<id>:usable (the index of usable lots, rebuilt with
-- every lot that has credits left; the ledger scripts expire the expired ones when they meet them); also written, named
-- from the account key: {pN}:acct:<id>:subs (the sub-accounts with an allocation field), the account's lots with
-- credits left in {pN}:expiries, and the lots of ARGV[5] in {pN}:refreshes (member <account>:<lotId>:<months>, as
-- refresh.lua and the sweeper read it) with their boundary in the hash's cycle:<lotId>
-- ARGV[1] account   ARGV[2] the writer's consumer group   ARGV[3] most backlog entries to look through
-- ARGV[4] the stream's last id when PostgreSQL was read ('' = none)
-- ARGV[5] the lots' next refresh boundaries, lotId:months:boundary_ms comma-separated ('' = none)
-- ARGV[6..] pairs field, value of the hash
-- Reply: {'1', fields written} rebuilt; {'0'} unwritten events; {'2'} moved since PostgreSQL was read
local acct, events, index = KEYS[1], KEYS[2], KEYS[3]
local account, group, limit, read_at = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]

if unwritten(events, group, account, limit) then return { '0' } end
if touched_after(events, read_at, account, limit) then return { '2' } end

redis.call('DEL', acct, acct .. ':lapsed', acct .. ':subs')
local n, usable = 0, {}
for i = 6, #ARGV, 2 do
  local field, value = ARGV[i], ARGV[i + 1]
  redis.call('HSET', acct, field, value)
  if string.sub(field, 1, 4) == 'lot:' and value ~= '0' then
    usable[#usable + 1] = string.sub(field, 5)
  elseif string.sub(field, 1, 6) == 'alloc:' then
    redis.call('SADD', acct .. ':subs', string.sub(field, 7))
  end
  n = n + 1
end
redis.call('SET', index, table.concat(usable, ','))
-- the lots with credits left that expire go (back) into the partition's schedule of expiries
local expiries = string.match(acct, '^({[^}]*})') .. ':expiries'
for _, id in ipairs(usable) do
  local expires = string.match(redis.call('HGET', acct, 'meta:' .. id) or '', '^[^|]*|[^|]*|[^|]*|[^|]*|([^|]*)|')
  if expires and expires ~= '' then
    redis.call('ZADD', expiries, expires, account .. ':' .. id)
  end
end
-- the lots that refresh go (back) into the partition's schedule of refreshes, at their next boundary
local refreshes = string.match(acct, '^({[^}]*})') .. ':refreshes'
for id, months, at in string.gmatch(ARGV[5], '([^:,]+):(%d+):(%d+)') do
  redis.call('HSET', acct, 'cycle:' .. id, at)
  redis.call('ZADD', refreshes, at, account .. ':' .. id .. ':' .. months)
end
return { '1', string.format('%d', n) }
