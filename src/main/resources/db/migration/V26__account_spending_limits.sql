-- An account-wide spending limit per period (docs/ledger.md "Spending limits"), and the period of a sub-account's
-- limit (until now always a month).
ALTER TABLE accounts
    ADD COLUMN spending_limit_micro  bigint CHECK (spending_limit_micro >= 0),
    ADD COLUMN spending_limit_period text   NOT NULL DEFAULT 'MONTH'
        CHECK (spending_limit_period IN ('DAY', 'WEEK', 'MONTH'));

ALTER TABLE sub_accounts
    ADD COLUMN limit_period text NOT NULL DEFAULT 'MONTH' CHECK (limit_period IN ('DAY', 'WEEK', 'MONTH'));
