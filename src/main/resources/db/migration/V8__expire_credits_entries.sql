-- Credits leave the books at a lot's expiry in a movement of their own (docs/ledger.md "Expiry"): the ledger entry type
-- expire-credits. It may take from several sub-accounts' allocations at once (in proportion to each), so an entry
-- carries the allocations it moved as two arrays beside the one sub_account/alloc_delta pair of the other types.
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_type_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_type_check
    CHECK (type IN ('reserve', 'commit', 'release', 'expire', 'meter', 'grant', 'allocate', 'deallocate',
                    'expire-credits'));
ALTER TABLE ledger_entries ADD COLUMN alloc_subs text[] NOT NULL DEFAULT '{}';
ALTER TABLE ledger_entries ADD COLUMN alloc_deltas bigint[] NOT NULL DEFAULT '{}';
