-- A usage record names the lots that paid it; its detail shows each lot's wallet kind, which only the lot's grant
-- entry carries (extra.meta). This finds a lot's grant without reading the account's other entries.
CREATE INDEX ledger_entries_grants ON ledger_entries (account_id, lot_id) WHERE type = 'grant';
