-- mirror.lua: replace the alert rules an account's scripts see (docs/alerts.md, io.tally.alert.RuleMirror).
-- KEYS[1] {pN}:acct:<id>:alert-rules   KEYS[2] {pN}:acct:<id>:alerts
-- ARGV[1] the rules, one line each: ruleId|type|threshold|percent|sub|limit|kinds ('' = none: the key goes)
-- ARGV[2..] the ids of the rules in ARGV[1]
-- The state of a rule that stays (<ruleId>[:<lotId>] in KEYS[2]) is kept: a changed threshold is judged by the next
-- movement, which resolves or fires it. A rule that goes (deleted or disabled) takes its states with it.
-- Reply: the number of state fields removed
local rules, states = KEYS[1], KEYS[2]
if ARGV[1] == '' then
  redis.call('DEL', rules)
else
  redis.call('SET', rules, ARGV[1])
end
local keep = {}
for i = 2, #ARGV do
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
