-- Every key of the usage tables begins with the account, so that they can be distributed by account (docs/reports.md
-- "Distributing by account"): a row's key then names the node that holds it, and an upsert's conflict check is local.
-- Ids already carry their account (r.<account>.<suffix>; event ids are unique), so no row becomes a duplicate.
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_pkey;
ALTER TABLE ledger_entries ADD PRIMARY KEY (account_id, event_id, occurred_at);
ALTER TABLE usage_records DROP CONSTRAINT usage_records_pkey;
ALTER TABLE usage_records ADD PRIMARY KEY (account_id, id, occurred_at);
