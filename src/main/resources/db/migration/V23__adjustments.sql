-- Adjustments: an operator (or a company admin where the account allows it) credits or debits an account or a
-- sub-account's allocation, or voids a lot; each is a ledger entry of its own type, carrying its reason and who made
-- it in extra. The list keeps V15's types.
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_type_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_type_check
    CHECK (type IN ('reserve', 'commit', 'release', 'expire', 'meter', 'grant', 'allocate', 'deallocate',
                    'expire-credits', 'refresh-credits', 'extend-expiry', 'adjust-credit', 'adjust-debit',
                    'void-credits'));

-- Whether the account's company admins may make adjustments (operators always may).
ALTER TABLE accounts ADD COLUMN adjustments_by_admins boolean NOT NULL DEFAULT false;
