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

-- A group of definitions made on first use (group.name): Redis runs a script's whole text on every call, and each
-- definition costs a closure and the lookups of its upvalues whether it is called or not. Those a movement rarely
-- calls go in a group; LuaLibrary carries a group whole, as one definition.
local function lazy(define)
  return setmetatable({}, { __index = function(group, name)
    setmetatable(group, nil)
    define(group)
    return rawget(group, name)
  end })
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
-- comma-separated (ids never hold a comma or '|'). Reserve, meter and allocate read only these lots; one they find past
-- its expiry is expired there and then (expire_lot) and leaves the index, as does one used up. So used-up and expired
-- lots cost nothing however many the account was ever granted (a long string read on every call would: a 9 kB GET
-- costs a script about 19 µs).
-- An account without the index (written before it; an earlier version kept a set at {pN}:acct:<id>:lots, no longer
-- read) is indexed from its hash's lot: fields by its first movement that needs the index: one whole read of the hash.
-- An index of the version before, which kept lots found expired in {pN}:acct:<id>:lapsed for an hour and ended with
-- '|<latest expiry ms>', gets those lots back (they are expired by the movement that reads them) and loses the suffix.
-- The index comes in two forms. Plain: the ids, in no order (what a grant, a release or a rebuild leaves). Sorted:
-- '<kind order>/<expiry order>' and RS (\30), then one entry per lot in burn order for that order, id|expires|from|r
-- (expires and from in ms, '' = none; r = '1' when the lot pays only for some services or refreshes: such a lot is
-- read whole by every movement). A movement that finds the plain form, or the sorted form of another order, reads every
-- lot once and writes the sorted form (usable_lots); with it, it reads only the lots it charges, those past their
-- expiry and the r ones, and counts the credits of the others from the account's totals (docs/ledger.md, "Redis keys").
local RS = '\30'

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
  local rs = string.find(text, RS, 1, true)
  if rs then
    local ids = {}
    for id in string.gmatch(string.sub(text, rs + 1), '([^,|]+)|[^,]*') do
      ids[#ids + 1] = id
    end
    return ids
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

local function write_index(index, ids)
  redis.call('SET', index, table.concat(ids, ','))
end

-- The index as a list of ids, written first when the account has none (or has the previous version's). text: the
-- index as the caller read it (false: none), nil to read it here.
local function read_index(acct, index, text)
  if text == nil then text = redis.call('GET', index) end
  if not text then
    return index_lots(acct, index)
  end
  local bar = string.find(text, '|', 1, true)
  if not bar or string.find(text, RS, 1, true) then
    return ids_of(text)
  end
  local ids, seen = ids_of(string.sub(text, 1, bar - 1)), {}
  for _, id in ipairs(ids) do
    seen[id] = true
  end
  local lapsed = acct .. ':lapsed'
  for _, id in ipairs(ids_of(redis.call('GET', lapsed))) do
    if not seen[id] then
      seen[id] = true
      ids[#ids + 1] = id
    end
  end
  redis.call('DEL', lapsed)
  write_index(index, ids)
  return ids
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

-- Adds a lot that has credits again (a grant, a release) to the index, after its lot: field was written.
local function index_add(acct, index, id)
  local ids = read_index(acct, index)
  for _, known in ipairs(ids) do
    if known == id then
      return
    end
  end
  ids[#ids + 1] = id
  write_index(index, ids)
end

-- Takes lots out of the index (gone: a set of ids): used up or expired. The sorted form stays sorted.
local function index_remove(acct, index, gone)
  local text = redis.call('GET', index)
  local rs = text and string.find(text, RS, 1, true)
  if not rs then
    write_index(index, without(read_index(acct, index), gone))
    return
  end
  local kept = {}
  for entry in string.gmatch(string.sub(text, rs + 1), '[^,]+') do
    if not gone[string.match(entry, '^[^|]*')] then kept[#kept + 1] = entry end
  end
  redis.call('SET', index, string.sub(text, 1, rs) .. table.concat(kept, ','))
end

local function hincr(key, field, delta)
  if delta ~= 0 then
    redis.call('HINCRBY', key, field, str(delta))
  end
end

-- Expiry (docs/ledger.md "Expiry"). The partition's schedule {pN}:expiries (a ZSET of <account>:<lotId> by expiry
-- ms) and the set {pN}:acct:<id>:subs (the sub-accounts ever given an allocation: every one that can hold a positive
-- allocation) are named from the account key (same partition tag), so that a movement that meets an expired lot can
-- expire it without more KEYS.
local function expiries_key(acct)
  return string.match(acct, '^({[^}]*})') .. ':expiries'
end

-- Whether a sorts before b byte by byte (Lua's < follows the server's collation locale; Java's order is by code).
local function before(a, b)
  for i = 1, math.min(#a, #b) do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x < y end
  end
  return #a < #b
end

-- floor(x * y / d) and x * y mod d, exactly, for integers 0 <= x, y and 0 < d below 2^53, though x * y is not: the
-- product is built bit by bit of y with every intermediate value below 2^53 (math.fmod is exact; % is not).
local function muldiv(x, y, d)
  local rx = math.fmod(x, d)
  local q = ((x - rx) / d) * y
  local bits = {}
  while y > 0 do
    local b = math.fmod(y, 2)
    bits[#bits + 1] = b
    y = (y - b) / 2
  end
  local q2, r = 0, 0
  for i = #bits, 1, -1 do
    q2 = q2 * 2
    if r >= d - r then
      r, q2 = r - (d - r), q2 + 1
    else
      r = r + r
    end
    if bits[i] == 1 then
      if r >= d - rx then
        r, q2 = r - (d - rx), q2 + 1
      else
        r = r + rx
      end
    end
  end
  return q + q2, r
end

-- Which budgets lose amount (io.tally.ledger.Expiry.split): the pool down to zero, then the positive allocations in
-- proportion (largest remainder, ties by sub-account id), then the pool below zero (only while there is debt).
-- allocs: {sub, value} sorted by sub. Returns what the pool gives and {sub, taken} in sub order (only those > 0).
local function expire_split(amount, pool, allocs)
  local from_pool = math.min(amount, math.max(pool, 0))
  local rest, total, positive = amount - from_pool, 0, {}
  for _, a in ipairs(allocs) do
    if a.value > 0 then
      positive[#positive + 1] = { sub = a.sub, value = a.value }
      total = total + a.value
    end
  end
  local take = math.min(rest, total)
  local shares = {}
  if take > 0 then
    local given, order = 0, {}
    for i, a in ipairs(positive) do
      local share, remainder = muldiv(take, a.value, total)
      shares[i] = { sub = a.sub, taken = share, remainder = remainder }
      given = given + share
      order[#order + 1] = shares[i]
    end
    table.sort(order, function(a, b)
      if a.remainder ~= b.remainder then return a.remainder > b.remainder end
      return before(a.sub, b.sub)
    end)
    local i = 1
    while given < take do
      order[i].taken = order[i].taken + 1
      given, i = given + 1, i + 1
    end
  end
  local taken = {}
  for _, share in ipairs(shares) do
    if share.taken > 0 then taken[#taken + 1] = share end
  end
  return from_pool + rest - take, taken
end

-- Every event is a stream entry of one field, e: its values joined by US (\31), in the order
-- usage.EventFormat names them: type, id, account, sub, service, amount, charges, time, reservation, then the type's
-- own fields, and the detail (JSON) last. One field costs Redis less to add than twenty, and the detail, which never
-- holds a control character, cannot break the split.
local US = '\31'

local function emit(stream, values)
  redis.call('XADD', stream, '*', 'e', table.concat(values, US))
end

-- Takes amount (> 0) of expiring credits from the budgets by expire_split and adds it to the account's expired total
-- (or, given total, adds delta to that field instead: a void takes the credits off granted); returns what the pool
-- gave and the allocations' part as the event carries it ('sub:amount,...').
local function take_budgets(acct, amount, total, delta)
  local subs = redis.call('SMEMBERS', acct .. ':subs')
  table.sort(subs, before)
  local fields = { 'pool' }
  for _, sub in ipairs(subs) do
    fields[#fields + 1] = 'alloc:' .. sub
  end
  local values = redis.call('HMGET', acct, unpack(fields))
  local allocs = {}
  for i, sub in ipairs(subs) do
    allocs[#allocs + 1] = { sub = sub, value = num(values[i + 1]) }
  end
  local from_pool, taken = expire_split(amount, num(values[1]), allocs)
  hincr(acct, 'pool', -from_pool)
  local parts = {}
  for _, t in ipairs(taken) do
    hincr(acct, 'alloc:' .. t.sub, -t.taken)
    parts[#parts + 1] = t.sub .. ':' .. str(t.taken)
  end
  hincr(acct, total or 'expired', delta or amount)
  return from_pool, table.concat(parts, ',')
end

-- Takes what is left of lot id (remaining > 0) off the books in one movement with its own event (expire-credits);
-- the caller takes it out of the index. moves = {events, account, event_id, now}.
local function expire_lot(acct, id, remaining, moves)
  local from_pool, parts = take_budgets(acct, remaining)
  hincr(acct, 'lot:' .. id, -remaining)
  redis.call('ZREM', expiries_key(acct), moves.account .. ':' .. id)
  emit(moves.events, { 'expire-credits', moves.event_id, moves.account, '', '', str(remaining),
    id .. ':' .. str(remaining), moves.now, '', id, str(from_pool), parts, '' })
end

-- The most lots one reserve, meter or allocate expires (io.tally.ledger.Expiry.CAP). Each expiry splits over every
-- allocation of the account, so a movement that met every due lot of a big account could hold Redis for seconds; the
-- lots past the cap are left to the sweeper (they stay indexed and scheduled) and, until then, count as gone: not
-- usable, and their credits kept out of the budgets the movement decides on (shadow below).
local EXPIRE_CAP = 2

-- Expires the first cap lots of due ({id, remaining, expires, seq}) in the order they expire (expiry, then seq), each
-- with the event id <command's event id>:<lot id>. Returns the lots left unexpired (ids as a set) and their credits.
local function expire_due(acct, due, moves, cap)
  table.sort(due, function(a, b)
    if a.expires ~= b.expires then return a.expires < b.expires end
    return a.seq < b.seq
  end)
  local left, pending = {}, 0
  for i, lot in ipairs(due) do
    if i <= cap then
      expire_lot(acct, lot.id, lot.remaining, { events = moves.events, account = moves.account,
        event_id = moves.event_id .. ':' .. lot.id, now = moves.now })
    else
      left[lot.id] = true
      pending = pending + lot.remaining
    end
  end
  return left, pending
end

-- The budgets a movement decides on while pending credits (of lots past their expiry it left to the sweeper, or
-- waiting for their refresh) are still in them: the pool as their expiry will leave it (it gives first), and the
-- allocation less what could at most be taken from it (the rest of pending, whatever its proportional share): never
-- more than the budgets will hold once those credits are gone (Expiry.shadow).
local function shadow(pool, allocation, pending)
  if pending <= 0 then return pool, allocation end
  local from_pool = math.min(pending, math.max(pool, 0))
  local rest = pending - from_pool
  return pool - from_pool, allocation - math.min(rest, math.max(allocation, 0))
end

-- meta:<lotId> = kind|services|priority|from_ms|expires_ms|seq|granted|refresh_period|refresh_rollover
-- The lots that can pay for service ('*' = any: an adjustment's debit) at now_ms (remaining > 0), in burn order: priority (explicit, else the rank
-- of the kind in kind_order, unlisted kinds last), then expiry (expiry_order), then seq (oldest first), and the
-- pending credits: those of due lots left unexpired (past EXPIRE_CAP) and of lots past their refresh boundary. The
-- indexed lots past their expiry are expired first, up to EXPIRE_CAP (moves: {events, account, event_id, now}).

-- Whether a lot's services (comma list, '' = all) hold wanted (',SERVICE,') or wanted_category (',@category,', or nil).
local function pays_for(services, wanted, wanted_category)
  if services == '' then return true end
  local listed = ',' .. services .. ','
  return string.find(listed, wanted, 1, true) ~= nil
    or (wanted_category ~= nil and string.find(listed, wanted_category, 1, true) ~= nil)
end

-- The rank of each kind in the comma list kind_order (0 = first); kinds not listed rank after all listed ones.
local function kind_ranks(kind_order)
  local rank, ranks = {}, 0
  for kind in string.gmatch(kind_order, '[^,]+') do
    rank[kind] = ranks
    ranks = ranks + 1
  end
  return rank, ranks
end

-- The sorted index's entries of lots (burn order, see above) for usable_lots: reads only the lots it must (those past
-- their expiry, those not valid yet, the r ones, and the others in burn order until want is covered) and returns the
-- lots that can pay, in burn order (as many as cover want, or all), the pending credits, and outside: the credits of
-- the lots still indexed that cannot pay for service now (pending included), which the caller takes from the
-- account's totals to know what all of them hold.
local function sorted_lots(acct, index, text, rs, service, now_ms, moves, want, wanted_category)
  local ids, restricted, due, later = {}, {}, {}, {}
  local read, special = {}, false
  for id, expires, from, r in string.gmatch(string.sub(text, rs + 1), '([^,|]+)|([^,|]*)|([^,|]*)|([^,]*)') do
    local ends = tonumber(expires)
    if ends and now_ms >= ends then
      due[#due + 1], special = id, true
    elseif from ~= '' and now_ms < tonumber(from) then
      later[#later + 1], special = id, true
    else
      ids[#ids + 1] = id
      if r == '1' then restricted[id], special = true, true end
    end
  end
  -- the usual case: every lot pays for every service now, and the first one covers the amount
  if not special and want and #ids > 0 then
    local remaining = num(redis.call('HGET', acct, 'lot:' .. ids[1]))
    if remaining >= want and remaining > 0 then return { { id = ids[1], remaining = remaining } }, 0, 0 end
  end
  -- read in this order: the lots past their expiry (lot, meta), those not valid yet (lot), the r ones (lot, meta)
  local fields = {}
  for _, id in ipairs(due) do
    fields[#fields + 1] = 'lot:' .. id
    fields[#fields + 1] = 'meta:' .. id
  end
  for _, id in ipairs(later) do
    fields[#fields + 1] = 'lot:' .. id
  end
  for _, id in ipairs(ids) do
    if restricted[id] then
      fields[#fields + 1] = 'lot:' .. id
      fields[#fields + 1] = 'meta:' .. id
    end
  end
  -- the first lot in burn order that pays for every service is read with them: most movements need no other
  for _, id in ipairs(ids) do
    if not restricted[id] then
      fields[#fields + 1] = 'lot:' .. id
      read[id] = true
      break
    end
  end
  local values = #fields > 0 and redis.call('HMGET', acct, unpack(fields)) or {}
  local k, gone, changed, outside, pending = 1, {}, false, 0, 0
  local due_lots = {}
  for _, id in ipairs(due) do
    local remaining, meta = num(values[k]), values[k + 1]
    k = k + 2
    if remaining <= 0 or not meta then
      gone[id], changed = true, true
    else
      local expires, seq = string.match(meta, '^[^|]*|[^|]*|[^|]*|[^|]*|([^|]*)|([^|]*)|')
      due_lots[#due_lots + 1] = { id = id, remaining = remaining, expires = tonumber(expires), seq = tonumber(seq) }
    end
  end
  for _ in ipairs(later) do
    outside = outside + num(values[k])
    k = k + 1
  end
  local remaining_of, fits, cycles = {}, {}, {}
  for _, id in ipairs(ids) do
    if restricted[id] then
      local remaining, meta = num(values[k]), values[k + 1]
      k = k + 2
      if remaining <= 0 or not meta then
        gone[id], changed = true, true
      else
        local services, period = string.match(meta, '^[^|]*|([^|]*)|[^|]*|[^|]*|[^|]*|[^|]*|[^|]*|([^|]*)|')
        remaining_of[id] = remaining
        fits[id] = service == '*' or pays_for(services, ',' .. service .. ',', wanted_category)
        if period ~= '' then cycles[#cycles + 1] = id end
      end
    end
  end
  for _, id in ipairs(ids) do
    if read[id] then remaining_of[id] = num(values[k]) end
  end
  if #due_lots > 0 then
    local left
    left, pending = expire_due(acct, due_lots, moves, EXPIRE_CAP)
    for _, lot in ipairs(due_lots) do
      if not left[lot.id] then gone[lot.id], changed = true, true end
    end
    outside = outside + pending
  end
  -- a lot past its refresh boundary (cycle:<id>) waits for refresh.lua: not usable, its credits pending
  if #cycles > 0 then
    local names = {}
    for i, id in ipairs(cycles) do
      names[i] = 'cycle:' .. id
    end
    local boundaries = redis.call('HMGET', acct, unpack(names))
    for i, id in ipairs(cycles) do
      local boundary = tonumber(boundaries[i])
      if boundary ~= nil and now_ms >= boundary then
        pending = pending + remaining_of[id]
        fits[id] = nil
        outside = outside + remaining_of[id]
        remaining_of[id] = nil
      end
    end
  end
  for id in pairs(restricted) do
    if remaining_of[id] and not fits[id] then outside = outside + remaining_of[id] end
  end
  local lots, covered = {}, 0
  for i, id in ipairs(ids) do
    if want and covered >= want then break end
    if not restricted[id] and remaining_of[id] == nil then
      -- the lots that pay for every service from here on: read them all at once (rarely needed)
      local rest = {}
      for j = i, #ids do
        if not restricted[ids[j]] and remaining_of[ids[j]] == nil then rest[#rest + 1] = ids[j] end
      end
      local names = {}
      for j, other in ipairs(rest) do
        names[j] = 'lot:' .. other
      end
      local more = redis.call('HMGET', acct, unpack(names))
      for j, other in ipairs(rest) do
        remaining_of[other] = num(more[j])
      end
    end
    local remaining = remaining_of[id]
    if remaining and remaining <= 0 and not restricted[id] then
      gone[id], changed = true, true
    elseif remaining and (fits[id] or not restricted[id]) then
      lots[#lots + 1] = { id = id, remaining = remaining }
      covered = covered + remaining
    end
  end
  if changed then
    index_remove(acct, index, gone)
  end
  return lots, pending, outside
end

-- Sorts parsed lots ({priority, kind, expiry, seq}) into burn order: priority (explicit, else the rank of the kind in
-- kind_order), then expiry (never = +-huge by the expiry order), then seq.
local function burn_sort(lots, kind_order)
  local rank, unlisted = kind_ranks(kind_order)
  for _, lot in ipairs(lots) do
    lot.rank = lot.priority or rank[lot.kind] or unlisted
  end
  table.sort(lots, function(a, b)
    if a.rank ~= b.rank then return a.rank < b.rank end
    if a.expiry ~= b.expiry then return a.expiry < b.expiry end
    return a.seq < b.seq
  end)
end

-- The sorted form of the index (above) of the lots still indexed after a whole read, all parsed ({id, remaining,
-- kind, priority, expiry (never = +-huge), expires (ms or nil), seq, from, r}), for the order kind_order/expiry_order.
local function write_sorted(index, all, kind_order, expiry_order)
  burn_sort(all, kind_order)
  local entries = {}
  for i, lot in ipairs(all) do
    entries[i] = lot.id .. '|' .. (lot.expires and str(lot.expires) or '') .. '|'
      .. ((lot.from and lot.from > 0) and str(lot.from) or '') .. '|' .. (lot.r and '1' or '')
  end
  redis.call('SET', index, kind_order .. '/' .. expiry_order .. RS .. table.concat(entries, ','))
end

-- category: the use's category of the catalogue ('' or nil = none): a lot whose services list '@<category>' pays
-- for it as for a listed service (docs/ledger.md "Model").
-- sorted: whether this movement may use and write the index's sorted form (false while replicas of a version before it
-- run: they would misread it; then a sorted index found is written back plain).
local function usable_lots(acct, index, service, now_ms, kind_order, expiry_order, moves, want, text, category, sorted)
  local wanted_category = (category and category ~= '') and (',@' .. category .. ',') or nil
  if text == nil then text = redis.call('GET', index) end
  local rs = text and string.find(text, RS, 1, true)
  if sorted and rs and kind_order ~= '' and string.sub(text, 1, rs - 1) == kind_order .. '/' .. expiry_order then
    return sorted_lots(acct, index, text, rs, service, now_ms, moves, want, wanted_category)
  end
  local lots, all = {}, {}
  local ids = read_index(acct, index, text)
  local changed = false
  local never = (expiry_order == 'NON_EXPIRING_FIRST') and -math.huge or math.huge
  local wanted = ',' .. service .. ','
  local gone, due, refreshing = {}, {}, {}
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
      local kind, services, priority, from, expires, seq, period
      if meta then
        kind, services, priority, from, expires, seq, period =
          string.match(meta, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|[^|]*|([^|]*)|')
        from, expires = tonumber(from), tonumber(expires)
      end
      if remaining <= 0 or not meta then
        gone[id], changed = true, true
      elseif expires ~= nil and now_ms >= expires then
        if not due[id] then
          due[id] = true
          due[#due + 1] = { id = id, remaining = remaining, expires = expires, seq = tonumber(seq), kind = kind,
                            priority = tonumber(priority), expiry = expires, from = from,
                            r = services ~= '' or period ~= '' }
        end
      else
        local lot = { id = id, remaining = remaining, kind = kind, priority = tonumber(priority),
                      expiry = expires or never, seq = tonumber(seq), expires = expires, from = from,
                      r = services ~= '' or period ~= '',
                      fits = from <= now_ms and (service == '*' or pays_for(services, wanted, wanted_category)) }
        all[#all + 1] = lot
        if period ~= '' then
          refreshing[#refreshing + 1] = lot
        elseif lot.fits then
          lots[#lots + 1] = lot
        end
      end
    end
  end
  local pending = 0
  if #due > 0 then
    local left
    left, pending = expire_due(acct, due, moves, EXPIRE_CAP)
    for _, lot in ipairs(due) do
      if left[lot.id] then
        all[#all + 1] = lot
      else
        gone[lot.id], changed = true, true
      end
    end
  end
  if sorted and kind_order ~= '' then
    write_sorted(index, all, kind_order, expiry_order)
  elseif changed or rs then
    write_index(index, without(ids, gone))
  end
  -- A lot past its refresh boundary (cycle:<id>) waits for refresh.lua: not usable, its credits pending like a due
  -- lot's (the rollover may keep some, the sweeper decides).
  if #refreshing > 0 then
    local fields = {}
    for _, lot in ipairs(refreshing) do
      fields[#fields + 1] = 'cycle:' .. lot.id
    end
    local cycles = redis.call('HMGET', acct, unpack(fields))
    for i, lot in ipairs(refreshing) do
      local boundary = tonumber(cycles[i])
      if boundary ~= nil and now_ms >= boundary then
        pending = pending + lot.remaining
      elseif lot.fits then
        lots[#lots + 1] = lot
      end
    end
  end
  if #lots > 1 then burn_sort(lots, kind_order) end
  return lots, pending
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

-- A hold ({pN}:hold:<rid>, the reservation id derived from its idempotency key) is one string: its fields joined by
-- '|', the detail (which may hold '|') last. The first five answer a repeated reserve, for as long as the hold lives;
-- settled, it keeps them and its outcome for the idempotency TTL.
--   open:    HELD|fingerprint|available|deadline_ms|charges|amount|fromPool|sub|month|service|at_ms|onExpiry|detail
--   (month: the sub-account's period label, then '/' and the account limit's period label when the account has one)
--   settled: <state>|fingerprint|available|deadline_ms|charges|committed|released
-- A hold rebuilt from PostgreSQL has no fingerprint (''): it answers any repeat of its key.
local HOLD = '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|(.*)$'
local OPEN = '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|(.*)$'

-- Auto-recharge (docs/payments.md). After a movement that lowers the account's available credits (reserve, meter),
-- with the account's threshold ('' = no auto-recharge): when available = granted - spent - held - expired (which is the lots'
-- remaining less the debt) is below it and no recharge is open, records one, whose id is the movement's event id:
-- {pN}:acct:<id>:recharge = OPEN|<rechargeId>|<now_ms>, and the account in {pN}:recharges due now. At most one is
-- open per account, so any number of movements crossing the threshold at once make one payment. A recharge that
-- failed stays FAILED|<rechargeId>|<granted then> until credits arrive another way (granted grew); then the next
-- movement below the threshold may open another. Both keys are named from the account key (same partition tag).
local function recharge_check(acct, account, threshold, recharge_id, now_ms)
  if threshold == '' then return end
  local h = redis.call('HMGET', acct, 'granted', 'spent', 'held', 'expired')
  if num(h[1]) - num(h[2]) - num(h[3]) - num(h[4]) >= tonumber(threshold) then return end
  local key = acct .. ':recharge'
  local current = redis.call('GET', key)
  if current then
    local state, _, granted = string.match(current, '^([^|]*)|([^|]*)|([^|]*)$')
    if state ~= 'FAILED' or num(h[1]) <= tonumber(granted) then return end
  end
  redis.call('SET', key, 'OPEN|' .. recharge_id .. '|' .. now_ms)
  redis.call('ZADD', string.match(acct, '^{[^}]*}') .. ':recharges', now_ms, account)
end

-- The band: when every rule of an account is an account-wide low-balance rule, alerts_check heads the rules text with
-- a line "#lo|hi" ('' = unbounded): the range of available credits in which the thresholds crossed are those of its
-- last full check, whose states that check wrote. A movement that leaves available inside it has nothing to fire or
-- resolve, and reads no rule. RuleMirror writes the text without it, so a change of the rules is judged in full.
local BAND_MARK = 35 -- '#'

-- Alerts (docs/alerts.md). An account's alert rules are mirrored from PostgreSQL (io.tally.alert.RuleMirror) into the
-- string {pN}:acct:<id>:alert-rules, one line per rule: ruleId|type|threshold|percent|sub|limit|kinds (micro-credits,
-- '' where a rule has none; kinds comma-separated); the hash {pN}:acct:<id>:alerts holds <ruleId>[:<lotId>] = 1 while
-- that threshold is crossed (firing). After a movement, alerts_check compares each rule's value with its threshold and
-- its stored state: crossed and not firing appends a firing alert, back across and firing appends a resolved one, so
-- each crossing fires exactly once however many movements race for it (scripts run one at a time). An account without
-- rules costs one GET. Alerts go to the partition's stream {pN}:alerts, trimmed to about ALERT_RETENTION_MS behind its
-- newest entry. All three keys are named from the account key (same partition tag).
-- ctx = {account, sub, event_id, now (ms text), month (nil = none), lots (charges or returns: {id, ...}), limit}
local alerting = lazy(function(M)
local ALERT_RETENTION_MS = 26 * 3600 * 1000
local ALERT_MAX_RETENTION_MS = 7 * 24 * 3600 * 1000
local ALLOWANCE_KINDS = 'PLAN_ALLOWANCE,COMMITMENT,SUBSCRIPTION'

local function credits(micros)
  local sign = ''
  if micros < 0 then sign, micros = '-', -micros end
  local whole = math.floor(micros / 1000000)
  local frac = micros - whole * 1000000
  if frac == 0 then return sign .. str(whole) end
  local text = string.gsub(string.format('%06d', frac), '0+$', '')
  return sign .. str(whole) .. '.' .. text
end

-- An enum name as the API spells it: PLAN_ALLOWANCE is plan-allowance.
local function label(name)
  return (string.gsub(string.lower(name), '_', '-'))
end

-- A JSON object of string members (names and values hold no character that needs escaping: ids and numbers).
local function json_strings(members)
  local parts = {}
  for i = 1, #members, 2 do
    parts[#parts + 1] = '"' .. members[i] .. '":"' .. members[i + 1] .. '"'
  end
  return '{' .. table.concat(parts, ',') .. '}'
end

-- Entry ids compare by their milliseconds, then their sequence.
local function id_before(a, b)
  local am, as = string.match(a, '^(%d+)-(%d+)$')
  local bm, bs = string.match(b, '^(%d+)-(%d+)$')
  am, bm = tonumber(am), tonumber(bm)
  if am ~= bm then return am < bm end
  return tonumber(as) < tonumber(bs)
end

-- The oldest entry a consumer group of the stream still needs: its oldest pending entry, else its last delivered one
-- (kept, harmless); nil when no group needs anything (or there is none). As the usage writer trims the events.
local function groups_need(stream)
  local need
  for _, info in ipairs(redis.call('XINFO', 'GROUPS', stream)) do
    local g = {}
    for i = 1, #info, 2 do
      g[info[i]] = info[i + 1]
    end
    local id = g['last-delivered-id']
    if tonumber(g['pending']) > 0 then
      id = redis.call('XPENDING', stream, g['name'])[2]
    end
    if id and (not need or id_before(id, need)) then need = id end
  end
  return need
end

-- Trims the stream to about ALERT_RETENTION_MS behind its newest entry (ms), but never past an entry a consumer group
-- (webhooks, alert-writer) has not acknowledged or read yet, unless it is older than ALERT_MAX_RETENTION_MS (a group
-- that far behind is gone: the stream is not kept for it). Only when the oldest entry is past the cut: one XRANGE.
local function alert_trim(stream, ms)
  if ms <= ALERT_RETENTION_MS then return end
  local cut = str(ms - ALERT_RETENTION_MS) .. '-0'
  local first = redis.call('XRANGE', stream, '-', '+', 'COUNT', 1)[1]
  if not first or not id_before(first[1], cut) then return end
  local need = groups_need(stream)
  if need and id_before(need, cut) then
    local floor = ms > ALERT_MAX_RETENTION_MS and str(ms - ALERT_MAX_RETENTION_MS) .. '-0' or '0-0'
    cut = id_before(need, floor) and floor or need
  end
  redis.call('XTRIM', stream, 'MINID', '~', cut)
end

-- text: the rules' key as the caller read it (false: none), nil to read it here.
local function alert_rules(acct, text)
  if text == nil then text = redis.call('GET', acct .. ':alert-rules') end
  if not text or text == '' then return nil end
  local rules = {}
  for line in string.gmatch(text, '[^\n]+') do
    if string.byte(line, 1) ~= BAND_MARK then
      local id, kind, threshold, percent, sub, limit, kinds, service, days =
        string.match(line, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)$')
      if not id then
        id, kind, threshold, percent, sub, limit, kinds =
          string.match(line, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)$')
      end
      -- a service comes as <id>@<category> (its category of the catalogue: lots paying for it count too)
      local category
      service, category = string.match(service or '', '^([^@]*)@?(.*)$')
      rules[#rules + 1] = { id = id, type = kind, threshold = tonumber(threshold), percent = tonumber(percent),
        sub = sub, limit = tonumber(limit), kinds = kinds, service = service, category = category,
        days = tonumber(days) }
    end
  end
  return rules
end

-- Appends one alert to the partition's stream and trims it (alert_trim).
local function alert_append(stream, ctx, id, rule, state, values)
  local entry = redis.call('XADD', stream, '*', 'id', id, 'type', rule.type, 'state', state, 'account', ctx.account,
    'sub', rule.sub, 'rule', rule.id, 'values', json_strings(values), 'at_ms', ctx.now)
  alert_trim(stream, tonumber(string.match(entry, '^(%d+)')))
end

-- Applies the checks ({rule, field, crossed, suffix, values}): one HMGET of their states, then each change of state
-- is written and its alert appended. `values` is a function: the figures are formatted only for an alert (a change
-- of state is rare; formatting them for every check on every movement cost more than the rest of the check).
local function alerts_apply(acct, ctx, checks)
  if #checks == 0 then return end
  local states_key, fields = acct .. ':alerts', {}
  for i, check in ipairs(checks) do
    fields[i] = check.field
  end
  local states = redis.call('HMGET', states_key, unpack(fields))
  local stream = string.match(acct, '^({[^}]*})') .. ':alerts'
  for i, check in ipairs(checks) do
    local firing, state = states[i] ~= false and states[i] ~= nil, nil
    if check.crossed and not firing then
      redis.call('HSET', states_key, check.field, '1')
      state = 'firing'
    elseif firing and not check.crossed then
      redis.call('HDEL', states_key, check.field)
      state = 'resolved'
    end
    if state then
      alert_append(stream, ctx, ctx.event_id .. ':' .. check.rule.id .. check.suffix, check.rule, state, check.values())
    end
  end
end

-- The account's usable lots for the scoped low-balance rules (by service or wallet kind): one read of the index and
-- one HMGET of their remaining and meta, made only when the account has such a rule. Lots not valid yet or past their
-- expiry count as nothing.
local function scoped_lots(acct, now_ms)
  local ids, lots = ids_of(redis.call('GET', acct .. ':usable')), {}
  if #ids == 0 then return lots end
  local fields = {}
  for _, id in ipairs(ids) do
    fields[#fields + 1] = 'lot:' .. id
    fields[#fields + 1] = 'meta:' .. id
  end
  local values = redis.call('HMGET', acct, unpack(fields))
  for i = 1, #ids do
    local remaining, meta = num(values[2 * i - 1]), values[2 * i]
    if remaining > 0 and meta then
      local kind, services, from, expires = string.match(meta, '^([^|]*)|([^|]*)|[^|]*|([^|]*)|([^|]*)|')
      if kind and tonumber(from) <= now_ms and (expires == '' or now_ms < tonumber(expires)) then
        lots[#lots + 1] = { remaining = remaining, kind = kind, services = ',' .. services .. ',' }
      end
    end
  end
  return lots
end

-- What the lots hold that can pay for service ('' = any) and are of kind ('' = any): their remaining. A lot paying for
-- the service's category (listing '@<category>', pays_for) counts too.
local function scoped_available(lots, service, kind, category)
  local sum, wanted = 0, ',' .. service .. ','
  local by_category = category ~= '' and ',@' .. category .. ','
  for _, lot in ipairs(lots) do
    if (kind == '' or lot.kind == kind) and (service == '' or lot.services == ',,'
        or string.find(lot.services, wanted, 1, true)
        or by_category and string.find(lot.services, by_category, 1, true)) then
      sum = sum + lot.remaining
    end
  end
  return sum
end
M.alert_rules, M.alert_append, M.alerts_apply, M.scoped_lots = alert_rules, alert_append, alerts_apply, scoped_lots
M.scoped_available, M.credits, M.label, M.ALLOWANCE_KINDS = scoped_available, credits, label, ALLOWANCE_KINDS
M.alert_trim = alert_trim
end)

-- The alert rules of the account against it after a movement (docs/alerts.md): low-balance (available credits, i.e.
-- granted - spent - held - expired, below the threshold), negative-balance (debt above the threshold),
-- limit-reached (the moving sub-account's month spend at or above percent of its monthly limit), allowance-used (a
-- touched lot of a plan allowance, commitment or subscription used at or above percent of what it granted).
-- ctx.available, when given, is the available credits after the movement (saves reading them).
local function alerts_check(acct, ctx)
  local text = ctx.rules
  if text == nil then text = redis.call('GET', acct .. ':alert-rules') end
  if not text or text == '' then return end
  local h, available = nil, ctx.available
  if not available then
    h = redis.call('HMGET', acct, 'granted', 'spent', 'held', 'expired', 'debt')
    available = num(h[1]) - num(h[2]) - num(h[3]) - num(h[4])
  end
  local banded = string.byte(text, 1) == BAND_MARK
  if banded then
    local lo, hi = string.match(text, '^#([^|]*)|([^\n]*)')
    lo, hi = tonumber(lo), tonumber(hi)
    if (not lo or available >= lo) and (not hi or available < hi) then return end
  end
  local rules = alerting.alert_rules(acct, text)
  local credits, label = alerting.credits, alerting.label
  local checks, scoped, simple = {}, nil, true
  for _, rule in ipairs(rules) do
    simple = simple and rule.type == 'low-balance' and rule.service == '' and rule.kinds == ''
      and rule.threshold ~= nil
    if rule.type == 'low-balance' and (rule.service ~= '' or rule.kinds ~= '') then
      scoped = scoped or alerting.scoped_lots(acct, tonumber(ctx.now))
      local available = alerting.scoped_available(scoped, rule.service, rule.kinds, rule.category)
      checks[#checks + 1] = { rule = rule, field = rule.id, crossed = available < rule.threshold, suffix = '',
        values = function()
          local values = { 'threshold', credits(rule.threshold), 'value', credits(available) }
          if rule.service ~= '' then values[#values + 1] = 'service'; values[#values + 1] = label(rule.service) end
          if rule.kinds ~= '' then values[#values + 1] = 'kind'; values[#values + 1] = label(rule.kinds) end
          return values
        end }
    elseif rule.type == 'low-balance' or rule.type == 'negative-balance' then
      if rule.type == 'low-balance' then
        checks[#checks + 1] = { rule = rule, field = rule.id, crossed = available < rule.threshold, suffix = '',
          values = function() return { 'threshold', credits(rule.threshold), 'value', credits(available) } end }
      else
        h = h or redis.call('HMGET', acct, 'granted', 'spent', 'held', 'expired', 'debt')
        local debt, threshold = num(h[5]), rule.threshold or 0
        checks[#checks + 1] = { rule = rule, field = rule.id, crossed = debt > threshold, suffix = '',
          values = function()
            return { 'threshold', credits(threshold), 'debt', credits(debt), 'value', credits(available) }
          end }
      end
    elseif rule.type == 'limit-reached' and rule.sub == ctx.sub and ctx.month then
      local limit = ctx.limit or rule.limit
      if limit then
        local spend = num(redis.call('HGET', acct, 'spend:' .. rule.sub .. ':' .. ctx.month))
        checks[#checks + 1] = { rule = rule, field = rule.id, crossed = spend * 100 >= limit * rule.percent,
          suffix = '', values = function()
            return { 'percent', str(rule.percent), 'limit', credits(limit), 'value', credits(spend), 'month', ctx.month }
          end }
      end
    elseif rule.type == 'allowance-used' and ctx.lots and #ctx.lots > 0 then
      local kinds = ',' .. (rule.kinds ~= '' and rule.kinds or alerting.ALLOWANCE_KINDS) .. ','
      for _, lot in ipairs(ctx.lots) do
        local v = redis.call('HMGET', acct, 'lot:' .. lot.id, 'meta:' .. lot.id)
        local kind, granted = string.match(v[2] or '', '^([^|]*)|[^|]*|[^|]*|[^|]*|[^|]*|[^|]*|([^|]*)|')
        granted = tonumber(granted)
        if kind and granted and granted > 0 and string.find(kinds, ',' .. kind .. ',', 1, true) then
          local used = granted - num(v[1])
          checks[#checks + 1] = { rule = rule, field = rule.id .. ':' .. lot.id,
            crossed = used * 100 >= granted * rule.percent, suffix = ':' .. lot.id,
            values = function()
              return { 'percent', str(rule.percent), 'lot', lot.id, 'granted', credits(granted), 'value', credits(used) }
            end }
        end
      end
    end
  end
  alerting.alerts_apply(acct, ctx, checks)
  if simple and #rules > 0 then
    local lo, hi
    for _, rule in ipairs(rules) do
      local t = rule.threshold
      if t <= available then
        if not lo or t > lo then lo = t end
      elseif not hi or t < hi then
        hi = t
      end
    end
    local body = banded and string.sub(text, (string.find(text, '\n', 1, true) or #text) + 1) or text
    redis.call('SET', acct .. ':alert-rules', '#' .. (lo and str(lo) or '') .. '|' .. (hi and str(hi) or '') .. '\n'
      .. body)
  end
end

-- A reservation refused for the sub-account's monthly limit: its limit-reached rules fire (once, as any crossing;
-- nothing else is written by a refusal).
local function alerts_refused(acct, ctx)
  if ctx.rules == false or ctx.rules == '' then return end
  local rules = alerting.alert_rules(acct, ctx.rules)
  local credits, label = alerting.credits, alerting.label
  if not rules then return end
  local checks = {}
  for _, rule in ipairs(rules) do
    if rule.type == 'limit-reached' and rule.sub == ctx.sub then
      checks[#checks + 1] = { rule = rule, field = rule.id, crossed = true, suffix = '',
        values = function()
          return { 'percent', str(rule.percent), 'limit', credits(ctx.limit), 'refused', credits(ctx.amount),
            'month', ctx.month }
        end }
    end
  end
  alerting.alerts_apply(acct, ctx, checks)
end

-- settle.lua's work, shared with the receipt script that settles the hold a delivery receipt decides
-- (lua/receipt/receipt-settle.lua prepends this file): commit, release or expire one hold, exactly once. The caller
-- checks the partition's epoch first. keys = {hold, acct, deadlines, events, index (usable)}; a = {rid, action
-- (COMMIT|RELEASE|EXPIRE), final ('' = the reserved amount), event_id, now (ms text), keep (ms a settled hold is
-- kept), members (JSON members added to the hold's detail in the event, '' = none)}. Answers settle.lua's reply.
local function settle_hold(keys, a)
  local hold_key, acct, deadlines, events, index = keys.hold, keys.acct, keys.deadlines, keys.events, keys.index
  local rid, action, event_id, now = a.rid, a.action, a.event_id, a.now
  -- The hold as one string (above); a hash is a hold of the layout before, settled the same way.
  local hold = {}
  local stored = redis.pcall('GET', hold_key)
  if type(stored) == 'table' and stored.err then
    local HASH = { 'state', 'committed', 'released', 'amount', 'deadline', 'onExpiry', 'charges', 'fromPool', 'sub',
                   'month', 'account', 'service', 'detail', 'at' }
    local values = redis.call('HMGET', hold_key, unpack(HASH))
    for i, field in ipairs(HASH) do
      hold[field] = values[i] or nil
    end
    hold['fingerprint'], hold['available'] = '', ''
  elseif stored then
    local rest
    hold['state'], hold['fingerprint'], hold['available'], hold['deadline'], hold['charges'], rest =
      string.match(stored, HOLD)
    if hold['state'] ~= 'HELD' then
      hold['committed'], hold['released'] = string.match(rest, '^([^|]*)|([^|]*)$')
    else
      hold['amount'], hold['fromPool'], hold['sub'], hold['month'], hold['service'], hold['at'], hold['onExpiry'],
        hold['detail'] = string.match(rest, OPEN)
    end
    hold['account'] = string.match(rid, '^r%.([^.]*)%.')
  end
  -- month/<account period>: the period of the account's spending limit the hold counts in (none without a limit)
  local aperiod
  if hold['month'] then hold['month'], aperiod = string.match(hold['month'], '^([^/]*)/?(.*)$') end
  if hold['state'] == nil then return { '0' } end
  if hold['state'] ~= 'HELD' then return { '2', hold['state'], hold['committed'], hold['released'] } end
  local amount = tonumber(hold['amount'])
  if action == 'EXPIRE' and tonumber(now) < tonumber(hold['deadline']) then return { '5', hold['deadline'] } end

  local committed, state, kind
  if action == 'COMMIT' then
    committed = (a.final == '') and amount or tonumber(a.final)
    if committed < 0 or committed > amount then return { '4', hold['amount'] } end
    state, kind = 'COMMITTED', 'commit'
  elseif action == 'RELEASE' then
    committed, state, kind = 0, 'RELEASED', 'release'
  elseif hold['onExpiry'] == 'COMMIT' then
    committed, state, kind = amount, 'EXPIRED_COMMITTED', 'expire'
  else
    committed, state, kind = 0, 'EXPIRED_RELEASED', 'expire'
  end

  -- The released part goes back to the lots last charged first, and to the pool before the allocation (the
  -- reverse of the order in which reserve took them).
  local released = amount - committed
  local charges = parse_charges(hold['charges'])
  local left = released
  local returned = {}
  for i = #charges, 1, -1 do
    if left == 0 then break end
    local back = math.min(left, charges[i].amount)
    if back > 0 then
      hincr(acct, 'lot:' .. charges[i].id, back)
      returned[#returned + 1] = { id = charges[i].id, amount = back }
    end
    charges[i].amount = charges[i].amount - back
    left = left - back
  end
  local kept = {}
  for _, c in ipairs(charges) do
    if c.amount > 0 then kept[#kept + 1] = c end
  end
  local to_pool = math.min(released, tonumber(hold['fromPool']))
  hincr(acct, 'pool', to_pool)
  local sub = hold['sub']
  if sub ~= '' then
    hincr(acct, 'alloc:' .. sub, released - to_pool)
    hincr(acct, 'spend:' .. sub .. ':' .. hold['month'], -released)
  end
  if aperiod and aperiod ~= '' then hincr(acct, 'aspend:' .. aperiod, -released) end
  hincr(acct, 'held', -amount)
  hincr(acct, 'spent', committed)
  -- From now on the hold only answers repeats, of the reserve and of the settle, for the idempotency TTL: it keeps
  -- what they answer and drops the rest (the detail is most of an open hold).
  redis.call('SET', hold_key, table.concat({ state, hold['fingerprint'], hold['available'], hold['deadline'],
    hold['charges'], str(committed), str(released) }, '|'), 'PX', a.keep)
  redis.call('ZREM', deadlines, rid)
  -- What this settle adds to the reserve's detail (a delivery receipt's carrier, message and status).
  local detail, members = hold['detail'], a.members or ''
  if members ~= '' then
    if detail == nil or detail == '' or detail == '{}' then
      detail = '{' .. members .. '}'
    else
      detail = string.sub(detail, 1, -2) .. ',' .. members .. '}'
    end
  end
  emit(events, { kind, event_id, hold['account'], sub, hold['service'], hold['amount'], format_charges(kept), now,
    rid, str(committed), str(released), format_charges(returned), str(released - to_pool), hold['month'], hold['at'],
    detail })

  -- A lot given credits back that is past its expiry expires them at once (their own movement, after this one);
  -- another is in the index of usable lots again and, if it expires, in the schedule of expiries again.
  if #returned > 0 then
    local ids, seen, fields = {}, {}, {}
    for _, r in ipairs(returned) do
      if not seen[r.id] then
        seen[r.id] = true
        ids[#ids + 1] = r.id
        fields[#fields + 1] = 'lot:' .. r.id
        fields[#fields + 1] = 'meta:' .. r.id
      end
    end
    local values = redis.call('HMGET', acct, unpack(fields))
    local due, now_ms = {}, tonumber(now)
    for i, id in ipairs(ids) do
      local expires, seq = string.match(values[2 * i], '^[^|]*|[^|]*|[^|]*|[^|]*|([^|]*)|([^|]*)|')
      if expires ~= '' and now_ms >= tonumber(expires) then
        due[#due + 1] = { id = id, remaining = num(values[2 * i - 1]), expires = tonumber(expires),
                          seq = tonumber(seq) }
      else
        index_add(acct, index, id)
        if expires ~= '' then
          redis.call('ZADD', expiries_key(acct), expires, hold['account'] .. ':' .. id)
        end
      end
    end
    -- no cap here: at most the hold's own lots
    expire_due(acct, due, { events = events, account = hold['account'], event_id = event_id, now = now }, #due)
  end
  alerts_check(acct, { account = hold['account'], sub = sub, event_id = event_id, now = now, month = hold['month'],
    lots = returned })
  return { '1', state, str(committed), str(released) }
end

-- An instant as ISO-8601 UTC text to the millisecond (days to civil date: Howard Hinnant's algorithm).
local function iso_time(ms)
  local days = math.floor(ms / 86400000)
  local rest = ms - days * 86400000
  local z = days + 719468
  local era = math.floor(z / 146097)
  local doe = z - era * 146097
  local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
  local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
  local mp = math.floor((5 * doy + 2) / 153)
  local d = doy - math.floor((153 * mp + 2) / 5) + 1
  local m = mp < 10 and mp + 3 or mp - 9
  local y = yoe + era * 400 + (m <= 2 and 1 or 0)
  local h = math.floor(rest / 3600000)
  local mi = math.floor((rest - h * 3600000) / 60000)
  local sec = math.floor((rest - h * 3600000 - mi * 60000) / 1000)
  return string.format('%04d-%02d-%02dT%02d:%02d:%02d.%03dZ', y, m, d, h, mi, sec, rest % 1000)
end

-- Credits-expiring warnings (docs/alerts.md), checked by the sweeper for an account with such rules: every lot with
-- credits left whose expiry is within a rule's days of now warns once per rule and expiry: the state field
-- <ruleId>:<lotId> = the expiry (ms) it warned for. A lot whose expiry moves later (a purchase extends it) warns again
-- when the new one comes within reach. A state is dropped once its expiry has passed. ctx = {account, event_id, now}.
-- Returns the number of alerts appended.
local function alerts_expiring(acct, ctx)
  local rules, watching = alerting.alert_rules(acct), {}
  local credits, label = alerting.credits, alerting.label
  for _, rule in ipairs(rules or {}) do
    if rule.type == 'credits-expiring' and rule.days then watching[#watching + 1] = rule end
  end
  local states_key = acct .. ':alerts'
  local now, states, gone = tonumber(ctx.now), {}, {}
  local flat = redis.call('HGETALL', states_key)
  for i = 1, #flat, 2 do
    states[flat[i]] = flat[i + 1]
  end
  local ids, count = ids_of(redis.call('GET', acct .. ':usable')), 0
  local stream = string.match(acct, '^({[^}]*})') .. ':alerts'
  if #watching > 0 and #ids > 0 then
    local fields = {}
    for _, id in ipairs(ids) do
      fields[#fields + 1] = 'lot:' .. id
      fields[#fields + 1] = 'meta:' .. id
    end
    local values = redis.call('HMGET', acct, unpack(fields))
    for i, id in ipairs(ids) do
      local remaining, meta = num(values[2 * i - 1]), values[2 * i]
      local kind, expires = string.match(meta or '', '^([^|]*)|[^|]*|[^|]*|[^|]*|([^|]*)|')
      expires = tonumber(expires)
      if remaining > 0 and expires and now < expires then
        for _, rule in ipairs(watching) do
          local field = rule.id .. ':' .. id
          if expires - now <= rule.days * 86400000 and states[field] ~= str(expires) then
            redis.call('HSET', states_key, field, str(expires))
            states[field] = str(expires)
            alerting.alert_append(stream, ctx, ctx.event_id .. ':' .. field, rule, 'firing', { 'days', str(rule.days),
              'lot', id, 'kind', label(kind), 'expires', iso_time(expires), 'value', credits(remaining) })
            count = count + 1
          end
        end
      end
    end
  end
  for field, value in pairs(states) do
    if value ~= '1' and tonumber(value) and tonumber(value) <= now then gone[#gone + 1] = field end
  end
  if #gone > 0 then redis.call('HDEL', states_key, unpack(gone)) end
  return count
end

-- A recharge ended (recharge-end.lua): each recharge rule gets one alert for it, 'succeeded' (credits bought) or
-- 'failed' (the payment failed for good, or the month's cap was reached). Exactly once: the caller writes only when
-- this recharge was the account's open one. ctx = {account, event_id (the recharge id), now}.
local function alerts_recharge(acct, ctx, outcome, amount, reason)
  local rules = alerting.alert_rules(acct)
  local credits, label = alerting.credits, alerting.label
  if not rules then return end
  local stream = string.match(acct, '^({[^}]*})') .. ':alerts'
  for _, rule in ipairs(rules) do
    if rule.type == 'recharge' then
      local values = { 'outcome', outcome, 'recharge', ctx.event_id }
      if amount ~= '' then
        values[#values + 1] = 'credits'
        values[#values + 1] = credits(tonumber(amount))
      end
      if reason ~= '' then
        values[#values + 1] = 'reason'
        values[#values + 1] = string.sub(string.gsub(reason, '[%c"\\]', ' '), 1, 200)
      end
      alerting.alert_append(stream, ctx, ctx.event_id .. ':' .. rule.id, rule, 'firing', values)
    end
  end
end
