-- _backlog.lua: whether an account's events have all reached PostgreSQL; prepended to the usage scripts.
-- The usage writer reads {pN}:events in a consumer group and acknowledges an entry once its transaction committed,
-- so an event is unwritten while it is pending in the group or not yet delivered to it. Only entries naming the
-- account count, but at most `limit` entries are looked at: a longer backlog counts as unwritten.

local function field(flat, name)
  for i = 1, #flat, 2 do
    if flat[i] == name then
      return flat[i + 1]
    end
  end
  return nil
end

-- The account an entry names: the third value of its one field e (ledger/_lib.lua), or its field account (the
-- layout before).
local function entry_account(flat)
  if flat[1] == 'e' then
    return string.match(flat[2], '^[^\31]*\31[^\31]*\31([^\31]*)')
  end
  return field(flat, 'account')
end

-- An entry after `after` (exclusive; '' = from the start) names the account, or there are more than limit.
local function touched_after(events, after, account, limit)
  local start = (after == '') and '-' or ('(' .. after)
  local entries = redis.call('XRANGE', events, start, '+', 'COUNT', limit + 1)
  if #entries > limit then
    return true
  end
  for _, entry in ipairs(entries) do
    if entry_account(entry[2]) == account then
      return true
    end
  end
  return false
end

local function unwritten(events, group, account, limit)
  if redis.call('EXISTS', events) == 0 then
    return false
  end
  local found
  for _, g in ipairs(redis.call('XINFO', 'GROUPS', events)) do
    if field(g, 'name') == group then
      found = g
    end
  end
  if not found then
    return touched_after(events, '', account, limit)
  end
  local pending = tonumber(field(found, 'pending'))
  if pending > limit then
    return true
  end
  if pending > 0 then
    for _, p in ipairs(redis.call('XPENDING', events, group, '-', '+', pending)) do
      -- a pending entry that was deleted cannot be written by anybody: it does not hold the account back
      local entry = redis.call('XRANGE', events, p[1], p[1])
      if #entry == 1 and entry_account(entry[1][2]) == account then
        return true
      end
    end
  end
  return touched_after(events, field(found, 'last-delivered-id'), account, limit)
end

-- The stream's last id, '' when there is no stream or it never held an entry: a stream created empty (XGROUP CREATE
-- MKSTREAM after Redis restarted empty) is at 0-0, which is no bound on the entries PostgreSQL already has.
local function last_id(events)
  if redis.call('EXISTS', events) == 0 then
    return ''
  end
  local id = field(redis.call('XINFO', 'STREAM', events), 'last-generated-id')
  return id == '0-0' and '' or id
end

