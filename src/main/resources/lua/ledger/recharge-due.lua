-- recharge-due.lua: claim the partition's recharges that are due, for one worker, for a lease (docs/payments.md).
-- KEYS[1] {pN}:recharges
-- ARGV[1] now_ms   ARGV[2] lease ms   ARGV[3] limit
-- Reply: {account, recharge id, requested ms, ...} for each claimed; each is due again at now + lease unless its
--        worker ends it first (recharge-end.lua), so a worker that crashed leaves it to another. An account whose
--        recharge is no longer open leaves the queue.
local queue, now = KEYS[1], tonumber(ARGV[1])
local tag = string.match(queue, '^{[^}]*}')
local reply = {}
local due = redis.call('ZRANGEBYSCORE', queue, '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, account in ipairs(due) do
  local current = redis.call('GET', tag .. ':acct:' .. account .. ':recharge')
  local state, id, at
  if current then
    state, id, at = string.match(current, '^([^|]*)|([^|]*)|([^|]*)$')
  end
  if state == 'OPEN' then
    redis.call('ZADD', queue, str(now + tonumber(ARGV[2])), account)
    reply[#reply + 1] = account
    reply[#reply + 1] = id
    reply[#reply + 1] = at
  else
    redis.call('ZREM', queue, account)
  end
end
return reply
