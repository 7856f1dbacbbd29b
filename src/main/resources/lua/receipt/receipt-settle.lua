-- receipt-settle.lua: one delivery receipt whose status URL named its reservation, in one script (docs/receipts.md):
-- maps the message to that reservation (as dispatch.lua), records the receipt (as receipt.lua) and, when that decides
-- the message, settles the hold as the separate settle.lua would for the same decision (settle_hold in
-- lua/ledger/_lib.lua: the same writes, the same event id, the same event).
-- KEYS[1] {pN}:dlr:<account>:<carrier>:<messageId>   KEYS[2] {pN}:dlr:parked   KEYS[3] {pN}:hold:<reservationId>
-- KEYS[4] {pN}:acct:<id>   KEYS[5] {pN}:deadlines   KEYS[6] {pN}:events   KEYS[7] {pN}:acct:<id>:usable
-- KEYS[8] {pN}:epoch
-- ARGV[1] part   ARGV[2] parts ('' = not reported)   ARGV[3] status   ARGV[4] error code   ARGV[5] occurred_ms
-- ARGV[6] segments ('' = not reported)   ARGV[7] parked member (<account>:<carrier>:<messageId>)   ARGV[8] now_ms
-- ARGV[9] how long a parked message is kept (ms)   ARGV[10] policy (STATUS=C|R, comma-separated)
-- ARGV[11] reservation id   ARGV[12] how long the message is kept after the hold's deadline (ms)
-- ARGV[13] settle event id   ARGV[14] how long a settled hold is kept (ms; its repeat answer)
-- ARGV[15] delivery (JSON object of carrier and messageId; the decided status is added here)
-- Reply: receipt.lua's ({'0'} parked, {'1', rid} recorded, {'2', rid, decided, amount, units} decided), or
--        {'5', rid, decided, amount, units, <settle.lua's reply>} decided and settled here (again if need be: the
--        settle is once). '2' only when the message settles another reservation than the URL's (mapped before) or the
--        partition has no ledger epoch: then the caller settles through settle.lua (which refuses with LEDGER_LOST).
local msg, parked, hold_key = KEYS[1], KEYS[2], KEYS[3]
local rid, now = ARGV[11], ARGV[8]
local policy = parse_policy(ARGV[10])

-- The usual receipt: the first of a message of one part, whose status decides it. It writes what map, record and
-- state below would (the same fields, the same expiry, the same reply) with one HSET, where they make a dozen calls
-- to find out what this case already tells. nil: not this case, nothing written.
local function first_deciding()
  if ARGV[1] ~= '1' or (ARGV[2] ~= '' and ARGV[2] ~= '1') then return nil end
  local action = policy[ARGV[3]]
  if action == nil or redis.call('EXISTS', msg) == 1 then return nil end
  local fields, deadline, amount, units = mapping(hold_key, rid, ARGV[2])
  if not fields then return nil end -- no such reservation: map's refusal, and the receipt is parked
  local decided = action == 'C'
      and 'COMMIT|' .. ARGV[3] .. '|' .. (ARGV[6] == '' and '' or str(tonumber(ARGV[6])))
      or 'RELEASE|' .. ARGV[3] .. '|'
  fields[#fields + 1], fields[#fields + 2] = 'p:1', table.concat({ ARGV[3], ARGV[4], ARGV[5], ARGV[6] }, '|')
  fields[#fields + 1], fields[#fields + 2] = 'decided', decided
  write_mapped(msg, parked, ARGV[7], fields, deadline, tonumber(now), tonumber(ARGV[12]))
  return { '2', rid, decided, amount or '', units or '' }
end

local reply = first_deciding()
if not reply then
  -- A message mapped to another reservation, or a reservation unknown, is recorded as a receipt without a URL is.
  map(msg, hold_key, parked, rid, ARGV[2], ARGV[7], tonumber(now), tonumber(ARGV[12]))
  record(msg, parked, { part = ARGV[1], parts = ARGV[2], status = ARGV[3], error = ARGV[4], occurred = ARGV[5],
    segments = ARGV[6], member = ARGV[7], now = now, parking = ARGV[9] })
  reply = state(msg, policy)
end
if reply[1] ~= '2' or reply[2] ~= rid or lost(KEYS[8]) then return reply end

-- The settle Receipts asks settle.lua for (Decision.finalAmount): a commit of fewer segments than the hold's units
-- commits that share of its amount, rounded down; anything else the whole hold.
local action, status, segments = string.match(reply[3], '^([^|]*)|([^|]*)|([^|]*)$')
local final, amount, units = '', tonumber(reply[4]), tonumber(reply[5])
if action == 'COMMIT' and segments ~= '' and amount and units and units > 0 and tonumber(segments) < units then
  final = str((muldiv(amount, tonumber(segments), units)))
end
local label = string.gsub(string.lower(status), '_', '-')
local delivery = '"delivery":' .. string.sub(ARGV[15], 1, -2) .. ',"status":"' .. label .. '"}'
local settled = settle_hold({ hold = hold_key, acct = KEYS[4], deadlines = KEYS[5], events = KEYS[6], index = KEYS[7] },
  { rid = rid, action = action, final = final, event_id = ARGV[13], now = now, keep = ARGV[14], members = delivery })
return { '5', rid, reply[3], reply[4], reply[5], unpack(settled) }
