-- Recurring fees (docs/ledger.md "Recurring fees"): what an account is charged once per period of its billing cycle
-- (number rental per number, subscriptions, any named fee), each period by a metered use of its own. next_due is the
-- start of the next period to charge (null once the fee has ended and every period before its end was charged).
CREATE TABLE fees (
    account_id     text        NOT NULL REFERENCES accounts (id),
    id             text        NOT NULL CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
    sub_account_id text,
    name           text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind           text        NOT NULL CHECK (kind IN ('number-rental', 'subscription', 'other')),
    service        text        NOT NULL REFERENCES services (id),
    amount         bigint      NOT NULL CHECK (amount BETWEEN 1 AND 1000000000000000),  -- micro-credits per unit
    quantity       bigint      CHECK (quantity BETWEEN 1 AND 1000000),  -- null: the numbers in the directory
    months         integer     NOT NULL CHECK (months BETWEEN 1 AND 1200),
    starts_at      timestamptz NOT NULL,
    ends_at        timestamptz,
    next_due       timestamptz,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    PRIMARY KEY (account_id, id),
    CHECK (kind = 'number-rental' OR quantity IS NOT NULL)
);
CREATE INDEX fees_due ON fees (next_due) WHERE next_due IS NOT NULL;

-- One row per fee and period charged: the period is the idempotency of the charge (its meter's key is derived from
-- it), the row what the fee's listing shows.
CREATE TABLE fee_charges (
    account_id      text        NOT NULL,
    fee_id          text        NOT NULL,
    period_start    timestamptz NOT NULL,
    period_end      timestamptz NOT NULL,
    quantity        bigint      NOT NULL,
    amount          bigint      NOT NULL,  -- micro-credits: the unit amount times the quantity
    idempotency_key text        NOT NULL,
    debt_incurred   bigint      NOT NULL,
    charged_at      timestamptz NOT NULL,
    PRIMARY KEY (account_id, fee_id, period_start),
    FOREIGN KEY (account_id, fee_id) REFERENCES fees (account_id, id)
);

-- The sub-type a use was priced with (named by the caller, or the number's type), null when none.
ALTER TABLE usage_records ADD COLUMN sub_type text;
