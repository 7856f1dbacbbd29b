-- anomaly.lua: record that an account's hour was evaluated for spending anomalies and, when it was one, append its
-- alert, once (docs/alerts.md "Spending anomaly", io.tally.alert.AnomalyEvaluator).
-- KEYS[1] {pN}:acct:<id>:anomaly (the start, ms, of the last hour evaluated)   KEYS[2] {pN}:alerts
-- ARGV[1] hour_ms (the hour's start)   ARGV[2] account   ARGV[3] at_ms   ARGV[4] values (JSON; '' = no anomaly)
-- ARGV[5..] the ids of the account's spending-anomaly rules
-- Reply: the number of alerts appended; -1 when the hour (or a later one) was evaluated already: nothing written
local last = tonumber(redis.call('GET', KEYS[1]))
if last and last >= tonumber(ARGV[1]) then return -1 end
redis.call('SET', KEYS[1], ARGV[1])
if ARGV[4] == '' then return 0 end
for i = 5, #ARGV do
  redis.call('XADD', KEYS[2], '*', 'id', 'anomaly:' .. ARGV[1] .. ':' .. ARGV[i], 'type', 'spending-anomaly',
    'state', 'firing', 'account', ARGV[2], 'sub', '', 'rule', ARGV[i], 'values', ARGV[4], 'at_ms', ARGV[3])
end
return #ARGV - 4
