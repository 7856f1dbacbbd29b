-- expiring.lua: the account's credits-expiring warnings (docs/alerts.md "Credits expiring"), for the sweeper: each lot
-- with credits left that expires within a rule's days warns once per rule and expiry (alerts_expiring, _lib.lua).
-- KEYS[1] {pN}:acct:<id>   KEYS[2] {pN}:alerts:expiring   KEYS[3] {pN}:epoch
-- ARGV[1] account   ARGV[2] event id   ARGV[3] now_ms
-- Reply: {'1', count} checked (count alerts appended); {'0'} the account has no credits-expiring rule left: it leaves
--        the partition's set of accounts to check
-- Error: LEDGER_LOST when the partition has no epoch (_lib.lua), before anything is read or written
if lost(KEYS[3]) then return redis.error_reply(LEDGER_LOST) end
local acct, account = KEYS[1], ARGV[1]
local text = redis.call('GET', acct .. ':alert-rules')
if not text or not string.find(text, '|credits-expiring|', 1, true) then
  redis.call('SREM', KEYS[2], account)
  return { '0' }
end
return { '1', str(alerts_expiring(acct, { account = account, event_id = ARGV[2], now = ARGV[3] })) }
