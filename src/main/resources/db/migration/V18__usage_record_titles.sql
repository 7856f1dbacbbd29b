-- A free-text label the sending pipeline may give a message or a campaign (`title` on reservations and metered
-- uses); the history and its exports filter by it (contains, ignoring case).
ALTER TABLE usage_records ADD COLUMN title text;
