-- _lib.lua: helpers shared by the ledger scripts; RedisLedger prepends this file to each script at load time.
-- Numbers are doubles, exact up to 2^53; every number written to Redis or a reply goes through str() so that it
-- is never printed in exponent form.

-- Every money script first checks its partition's ledger epoch ({pN}:epoch, the last of its KEYS): written when the
-- ledger was created or restored, it is gone only when Redis lost the partition's data. Then the script refuses
-- with this error, before reading anything: an empty account is not a balance of zero.
local LEDGER_LOST = 'LEDGER_LOST the ledger partition has no epoch: Redis lost its data; restore it from PostgreSQL'

local function lost(epoch)
  return redis.call('EXISTS', epoch) == 0
end

local function str(n)
  return string.format('%d', n)
end

local function num(v)
  return tonumber(v) or 0
end

local function split(s, sep)
  local out, i = {}, 1
  while true do
    local j = string.find(s, sep, i, true)
    if not j then
      out[#out + 1] = string.sub(s, i)
      return out
    end
    out[#out + 1] = string.sub(s, i, j - 1)
    i = j + 1
  end
end

-- The idempotency record is "<operation>\n<fingerprint>\n<reply fields...>". Returns nil when absent, false on a
-- conflict (other operation or fingerprint), else the stored reply with its status set to 2 (replayed).
local function idem_check(key, operation, fingerprint)
  local stored = redis.call('GET', key)
  if not stored then
    return nil
  end
  local parts = split(stored, '\n')
  if parts[1] ~= operation or parts[2] ~= fingerprint then
    return false
  end
  local reply = {}
  for i = 3, #parts do
    reply[#reply + 1] = parts[i]
  end
  reply[1] = '2'
  return reply
end

local function idem_store(key, operation, fingerprint, reply, ttl_ms)
  redis.call('SET', key, operation .. '\n' .. fingerprint .. '\n' .. table.concat(reply, '\n'), 'PX', ttl_ms)
end

-- The index of an account's usable lots ({pN}:acct:<id>:usable) is a string: the ids of its lots with credits left,
-- comma-separated (ids never hold a comma or '|'), then, while some lot found expired expired less than
-- EXPIRED_KEPT_MS ago, '|' and the latest such expiry (ms). Those lots' ids are in {pN}:acct:<id>:lapsed (same
-- partition tag; named from the account key), read only by a command whose now is before that latest expiry (a retry,
-- or another replica's clock, a little behind: to it they are still usable, as in the model). So used-up and expired
-- lots cost nothing however many the account was ever granted (a long string read on every call would: a 9 kB GET
-- costs a script about 19 µs). The lapsed list goes once its latest expiry is EXPIRED_KEPT_MS past.
-- An account without the index (written before it; an earlier version kept a set at {pN}:acct:<id>:lots, no longer
-- read) is indexed from its hash's lot: fields by its first movement that needs the index: one whole read of the hash.
local EXPIRED_KEPT_MS = 3600000

local function index_lots(acct, index)
  local ids, flat = {}, redis.call('HGETALL', acct)
  for i = 1, #flat, 2 do
    if flat[i + 1] ~= '0' and string.sub(flat[i], 1, 4) == 'lot:' then
      ids[#ids + 1] = string.sub(flat[i], 5)
    end
  end
  redis.call('SET', index, table.concat(ids, ','))
  return ids
end

local function ids_of(text)
  if not text or text == '' then
    return {}
  end
  if not string.find(text, ',', 1, true) then
    return { text }
  end
  local ids = {}
  for id in string.gmatch(text, '[^,]+') do
    ids[#ids + 1] = id
  end
  return ids
end

-- The index as {usable = ids, latest = ms or nil}, written first when the account has none.
local function read_index(acct, index)
  local text = redis.call('GET', index)
  if not text then
    return { usable = index_lots(acct, index) }
  end
  local bar = string.find(text, '|', 1, true)
  if not bar then
    return { usable = ids_of(text) }
  end
  return { usable = ids_of(string.sub(text, 1, bar - 1)), latest = tonumber(string.sub(text, bar + 1)) }
end

local function write_index(index, ix)
  local text = table.concat(ix.usable, ',')
  if ix.latest then
    text = text .. '|' .. str(ix.latest)
  end
  redis.call('SET', index, text)
end

local function without(ids, gone)
  local kept = {}
  for _, id in ipairs(ids) do
    if not gone[id] then
      kept[#kept + 1] = id
    end
  end
  return kept
end

-- Adds a lot that has credits again (a grant, a release) to the index, after its lot: field was written. (If it is
-- also in the lapsed list, the next movement finds it expired again; readers skip the repeat.)
local function index_add(acct, index, id)
  local ix = read_index(acct, index)
  for _, known in ipairs(ix.usable) do
    if known == id then
      return
    end
  end
  ix.usable[#ix.usable + 1] = id
  write_index(index, ix)
end

-- Takes lots out of the index (gone: a set of ids): used up.
local function index_remove(acct, index, gone)
  local ix = read_index(acct, index)
  ix.usable = without(ix.usable, gone)
  write_index(index, ix)
  if ix.latest then
    local lapsed = acct .. ':lapsed'
    redis.call('SET', lapsed, table.concat(without(ids_of(redis.call('GET', lapsed)), gone), ','))
  end
end

-- meta:<lotId> = kind|services|priority|from_ms|expires_ms|seq|granted|refresh_period|refresh_rollover
-- The lots that can pay for service at now_ms (remaining > 0), in burn order: priority (explicit, else the rank
-- of the kind in kind_order, unlisted kinds last), then expiry (expiry_order), then seq (oldest first).

-- The rank of each kind in the comma list kind_order (0 = first); kinds not listed rank after all listed ones.
local function kind_ranks(kind_order)
  local rank, ranks = {}, 0
  for kind in string.gmatch(kind_order, '[^,]+') do
    rank[kind] = ranks
    ranks = ranks + 1
  end
  return rank, ranks
end

local function usable_lots(acct, index, service, now_ms, kind_order, expiry_order)
  local lots = {}
  local ix = read_index(acct, index)
  local changed, behind = false, false
  local ids = ix.usable
  local lapsed_key = acct .. ':lapsed'
  if ix.latest then
    if now_ms >= ix.latest + EXPIRED_KEPT_MS then
      ix.latest, changed = nil, true
      redis.call('DEL', lapsed_key)
    elseif now_ms < ix.latest then
      behind = true
      local seen = {}
      ids = {}
      for _, id in ipairs(ix.usable) do
        seen[id] = true
        ids[#ids + 1] = id
      end
      for _, id in ipairs(ids_of(redis.call('GET', lapsed_key))) do
        if not seen[id] then
          seen[id] = true
          ids[#ids + 1] = id
        end
      end
    end
  end
  local usable_count = #ix.usable
  local never = (expiry_order == 'NON_EXPIRING_FIRST') and -math.huge or math.huge
  local wanted = ',' .. service .. ','
  local gone, lapsed = {}, {}
  for first = 1, #ids, 500 do
    local last = math.min(first + 499, #ids)
    local fields = {}
    for i = first, last do
      fields[#fields + 1] = 'lot:' .. ids[i]
      fields[#fields + 1] = 'meta:' .. ids[i]
    end
    local values = redis.call('HMGET', acct, unpack(fields))
    for i = first, last do
      local id, k = ids[i], 2 * (i - first) + 1
      local remaining, meta = num(values[k]), values[k + 1]
      local kind, services, priority, from, expires, seq
      if meta then
        kind, services, priority, from, expires, seq =
          string.match(meta, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|')
        from, expires = tonumber(from), tonumber(expires)
      end
      if remaining <= 0 or not meta then
        gone[id], changed = true, true
      elseif expires ~= nil and now_ms >= expires then
        if i <= usable_count then
          -- found expired: out of the lots read on every call
          gone[id], changed = true, true
          if now_ms < expires + EXPIRED_KEPT_MS then
            lapsed[#lapsed + 1] = id
            ix.latest = math.max(ix.latest or 0, expires)
          end
        end
      elseif from <= now_ms and (services == '' or string.find(',' .. services .. ',', wanted, 1, true)) then
        lots[#lots + 1] = { id = id, remaining = remaining, kind = kind, priority = tonumber(priority),
                            expiry = expires or never, seq = tonumber(seq) }
      end
    end
  end
  if changed then
    ix.usable = without(ix.usable, gone)
    write_index(index, ix)
    if behind then
      -- the lapsed list was read: drop its used-up lots
      redis.call('SET', lapsed_key, table.concat(without(ids_of(redis.call('GET', lapsed_key)), gone), ','))
    end
    if #lapsed > 0 then
      redis.call('APPEND', lapsed_key, ',' .. table.concat(lapsed, ','))
    end
  end
  if #lots > 1 then
    local rank, unlisted = kind_ranks(kind_order)
    for _, lot in ipairs(lots) do
      lot.priority = lot.priority or rank[lot.kind] or unlisted
    end
    table.sort(lots, function(a, b)
      if a.priority ~= b.priority then return a.priority < b.priority end
      if a.expiry ~= b.expiry then return a.expiry < b.expiry end
      return a.seq < b.seq
    end)
  end
  return lots
end

local function total(lots)
  local sum = 0
  for _, lot in ipairs(lots) do
    sum = sum + lot.remaining
  end
  return sum
end

-- Takes up to amount from the ordered lots; returns the charges {id, amount} in that order and what they paid.
local function charge(lots, amount)
  local charges, left = {}, amount
  for _, lot in ipairs(lots) do
    if left == 0 then break end
    local take = math.min(left, lot.remaining)
    charges[#charges + 1] = { id = lot.id, amount = take }
    left = left - take
  end
  return charges, amount - left
end

local function hincr(key, field, delta)
  if delta ~= 0 then
    redis.call('HINCRBY', key, field, str(delta))
  end
end

-- Takes the charges (from charge(lots, ...), in the same order) off the lots; a lot used up leaves the index.
local function burn(acct, index, lots, charges)
  local gone
  for i, c in ipairs(charges) do
    hincr(acct, 'lot:' .. c.id, -c.amount)
    if c.amount == lots[i].remaining then
      gone = gone or {}
      gone[c.id] = true
    end
  end
  if gone then
    index_remove(acct, index, gone)
  end
end

local function format_charges(charges)
  local parts = {}
  for _, c in ipairs(charges) do
    parts[#parts + 1] = c.id .. ':' .. str(c.amount)
  end
  return table.concat(parts, ',')
end

local function parse_charges(text)
  local charges = {}
  if text == '' then return charges end
  for _, part in ipairs(split(text, ',')) do
    local colon = string.find(part, ':', 1, true)
    charges[#charges + 1] = { id = string.sub(part, 1, colon - 1), amount = tonumber(string.sub(part, colon + 1)) }
  end
  return charges
end

-- Every event is a stream entry of one field, e: its values joined by US (\31), in the order
-- usage.EventFormat names them: type, id, account, sub, service, amount, charges, time, reservation, then the type's
-- own fields, and the detail (JSON) last. One field costs Redis less to add than twenty, and the detail, which never
-- holds a control character, cannot break the split.
local US = '\31'

local function emit(stream, values)
  redis.call('XADD', stream, '*', 'e', table.concat(values, US))
end

-- A hold ({pN}:hold:<rid>, the reservation id derived from its idempotency key) is one string: its fields joined by
-- '|', the detail (which may hold '|') last. The first five answer a repeated reserve, for as long as the hold lives;
-- settled, it keeps them and its outcome for the idempotency TTL.
--   open:    HELD|fingerprint|available|deadline_ms|charges|amount|fromPool|sub|month|service|at_ms|onExpiry|detail
--   settled: <state>|fingerprint|available|deadline_ms|charges|committed|released
-- A hold rebuilt from PostgreSQL has no fingerprint (''): it answers any repeat of its key.
local HOLD = '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|(.*)$'
local OPEN = '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|(.*)$'

-- Auto-recharge (docs/payments.md). After a movement that lowers the account's available credits (reserve, meter),
-- with the account's threshold ('' = no auto-recharge): when available = granted - spent - held (which is the lots'
-- remaining less the debt) is below it and no recharge is open, records one, whose id is the movement's event id:
-- {pN}:acct:<id>:recharge = OPEN|<rechargeId>|<now_ms>, and the account in {pN}:recharges due now. At most one is
-- open per account, so any number of movements crossing the threshold at once make one payment. A recharge that
-- failed stays FAILED|<rechargeId>|<granted then> until credits arrive another way (granted grew); then the next
-- movement below the threshold may open another. Both keys are named from the account key (same partition tag).
local function recharge_check(acct, account, threshold, recharge_id, now_ms)
  if threshold == '' then return end
  local h = redis.call('HMGET', acct, 'granted', 'spent', 'held')
  if num(h[1]) - num(h[2]) - num(h[3]) >= tonumber(threshold) then return end
  local key = acct .. ':recharge'
  local current = redis.call('GET', key)
  if current then
    local state, _, granted = string.match(current, '^([^|]*)|([^|]*)|([^|]*)$')
    if state ~= 'FAILED' or num(h[1]) <= tonumber(granted) then return end
  end
  redis.call('SET', key, 'OPEN|' .. recharge_id .. '|' .. now_ms)
  redis.call('ZADD', string.match(acct, '^{[^}]*}') .. ':recharges', now_ms, account)
end
