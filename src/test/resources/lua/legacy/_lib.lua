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

-- Every account's index of usable lots holds the member '' (a lot id is never empty), so an index without it was
-- never written: the account comes from the layout before the index, its lots only in the hash. index_lots writes
-- it once from the hash's lot: fields with credits left (the one whole read of the hash, on the account's first
-- movement after the upgrade); ensure_index does so before a script adds a lot to an index that may not exist.
local function index_lots(acct, index)
  local ids, flat = { '' }, redis.call('HGETALL', acct)
  for i = 1, #flat, 2 do
    if flat[i + 1] ~= '0' and string.sub(flat[i], 1, 4) == 'lot:' then
      ids[#ids + 1] = string.sub(flat[i], 5)
    end
  end
  for first = 1, #ids, 500 do
    redis.call('SADD', index, unpack(ids, first, math.min(first + 499, #ids)))
  end
  return ids
end

local function ensure_index(acct, index)
  if redis.call('EXISTS', index) == 0 then
    index_lots(acct, index)
  end
end

-- meta:<lotId> = kind|services|priority|from_ms|expires_ms|seq|granted|refresh_period|refresh_rollover
-- The lots that can pay for service at now_ms (remaining > 0), in burn order: priority (explicit, else the rank
-- of the kind in kind_order, unlisted kinds last), then expiry (expiry_order), then seq (oldest first).
-- Only the lots in the account's index of usable lots ({pN}:acct:<id>:lots) are read, by field name: a lot leaves
-- the index when it is used up (burn) or found expired here, so used-up and expired lots cost nothing however many
-- the account was ever granted.
local function usable_lots(acct, index, service, now_ms, kind_order, expiry_order)
  local lots = {}
  local ids = redis.call('SMEMBERS', index)
  if #ids == 0 then
    ids = index_lots(acct, index)
  end
  if #ids == 1 then
    return lots
  end
  local rank, ranks = {}, 0
  for kind in string.gmatch(kind_order, '[^,]+') do
    rank[kind] = ranks
    ranks = ranks + 1
  end
  local never = (expiry_order == 'NON_EXPIRING_FIRST') and -math.huge or math.huge
  local wanted = ',' .. service .. ','
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
      if id == '' then
        -- the index's marker, not a lot
      elseif remaining <= 0 or not meta or (expires ~= nil and now_ms >= expires) then
        redis.call('SREM', index, id)
      elseif from <= now_ms and (services == '' or string.find(',' .. services .. ',', wanted, 1, true)) then
        lots[#lots + 1] = { id = id, remaining = remaining, priority = tonumber(priority) or rank[kind] or ranks,
                            expiry = expires or never, seq = tonumber(seq) }
      end
    end
  end
  table.sort(lots, function(a, b)
    if a.priority ~= b.priority then return a.priority < b.priority end
    if a.expiry ~= b.expiry then return a.expiry < b.expiry end
    return a.seq < b.seq
  end)
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
  for i, c in ipairs(charges) do
    hincr(acct, 'lot:' .. c.id, -c.amount)
    if c.amount == lots[i].remaining then
      redis.call('SREM', index, c.id)
    end
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

-- Every event has the same base fields (empty when not applicable), then the movement's own ones.
local function emit(stream, id, kind, account, sub, service, amount, charges, time, reservation, detail, extra)
  local fields = { 'id', id, 'type', kind, 'account', account, 'sub', sub, 'service', service,
                   'amount', str(amount), 'charges', charges, 'time', time, 'reservation', reservation,
                   'detail', detail }
  for _, v in ipairs(extra or {}) do
    fields[#fields + 1] = v
  end
  redis.call('XADD', stream, '*', unpack(fields))
end

