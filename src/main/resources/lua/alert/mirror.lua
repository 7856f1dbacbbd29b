-- mirror.lua: replace the alert rules an account's scripts see (docs/alerts.md, io.tally.alert.RuleMirror).
-- KEYS[1] {pN}:acct:<id>:alert-rules   KEYS[2] {pN}:acct:<id>:alerts   KEYS[3] {pN}:alerts:expiring
-- ARGV[1] account   ARGV[2] the rules, one line each: ruleId|type|threshold|percent|sub|limit|kinds|service|days
-- ('' = none: the key goes)   ARGV[3..] the ids of the rules in ARGV[2]
-- The state of a rule that stays (<ruleId>[:<lotId>] in KEYS[2]) is kept: a changed threshold is judged by the next
-- movement, which resolves or fires it. A rule that goes (deleted or disabled) takes its states with it. An account
-- with a credits-expiring rule is in the partition's set KEYS[3], which the sweeper checks (expiring.lua).
-- Reply: the number of state fields removed
local rules, states, expiring, account = KEYS[1], KEYS[2], KEYS[3], ARGV[1]
if ARGV[2] == '' then
  redis.call('DEL', rules)
else
  redis.call('SET', rules, ARGV[2])
end
if string.find(ARGV[2], '|credits-expiring|', 1, true) then
  redis.call('SADD', expiring, account)
else
  redis.call('SREM', expiring, account)
end
local keep = {}
for i = 3, #ARGV do
  keep[ARGV[i]] = true
end
local gone = {}
for _, field in ipairs(redis.call('HKEYS', states)) do
  if not keep[string.match(field, '^([^:]*)')] then
    gone[#gone + 1] = field
  end
end
for first = 1, #gone, 500 do
  redis.call('HDEL', states, unpack(gone, first, math.min(first + 499, #gone)))
end
return #gone
