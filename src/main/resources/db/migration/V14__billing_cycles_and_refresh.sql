-- Billing cycles and lot refreshes (docs/ledger.md "Billing cycles and refresh"). Each account has a billing cycle:
-- an anchor (NULL: the account's creation) and a period, in its time zone; limit_months says whether sub-accounts'
-- monthly spending limits count calendar months or billing months.
ALTER TABLE accounts
    ADD COLUMN cycle_anchor timestamptz,
    ADD COLUMN cycle_period text NOT NULL DEFAULT 'MONTHLY' CHECK (cycle_period IN ('MONTHLY', 'YEARLY')),
    ADD COLUMN limit_months text NOT NULL DEFAULT 'CALENDAR' CHECK (limit_months IN ('CALENDAR', 'BILLING'));

-- A lot's renewal at a cycle boundary is one movement with its own entry type: what was left expires (or rolls over)
-- and the cycle's amount is granted again.
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_type_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_type_check
    CHECK (type IN ('reserve', 'commit', 'release', 'expire', 'meter', 'grant', 'allocate', 'deallocate',
                    'expire-credits', 'refresh-credits'));
