-- mirror.lua: replace the alert rules an account's scripts see (docs/alerts.md, io.tally.alert.RuleMirror).
-- KEYS[1] {pN}:acct:<id>:alerts
-- ARGV: r:<ruleId>, spec, r:<ruleId>, spec, ... (every rule the scripts evaluate; none = the hash goes)
-- The state of a rule that stays (s:<ruleId>[:<lotId>]) is kept: a changed threshold is judged by the next movement,
-- which resolves or fires it. A rule that goes takes its states with it.
-- Reply: the number of rules mirrored
local key = KEYS[1]
local keep = {}
for i = 1, #ARGV, 2 do
  keep[string.sub(ARGV[i], 3)] = true
end
local flat = redis.call('HGETALL', key)
local gone = {}
for i = 1, #flat, 2 do
  local field = flat[i]
  local rule = string.match(field, '^[rs]:([^:]*)')
  if rule and not keep[rule] then
    gone[#gone + 1] = field
  end
end
for first = 1, #gone, 500 do
  redis.call('HDEL', key, unpack(gone, first, math.min(first + 499, #gone)))
end
if #ARGV == 0 then
  if redis.call('HLEN', key) == 0 then redis.call('DEL', key) end
  return 0
end
redis.call('HSET', key, unpack(ARGV))
return #ARGV / 2
