-- Auto-recharge settings, payments (recharges and purchases) and their events (docs/payments.md).
CREATE TABLE auto_recharge (
    account_id          text        PRIMARY KEY REFERENCES accounts (id),
    enabled             boolean     NOT NULL,
    threshold_micro     bigint      NOT NULL CHECK (threshold_micro > 0),
    amount_micro        bigint      CHECK (amount_micro > 0),
    target_micro        bigint      CHECK (target_micro > 0),
    payment_method      text        NOT NULL,
    max_per_month_micro bigint      CHECK (max_per_month_micro > 0),
    updated_at          timestamptz NOT NULL,
    CHECK ((amount_micro IS NULL) <> (target_micro IS NULL))
);

-- One row per payment: its id is the payment provider's idempotency key and the granted lot's.
CREATE TABLE payments (
    id                 text        PRIMARY KEY,
    account_id         text        NOT NULL REFERENCES accounts (id),
    sub_account        text,
    kind               text        NOT NULL CHECK (kind IN ('recharge', 'purchase')),
    package_id         text,
    credits_micro      bigint      NOT NULL CHECK (credits_micro > 0),
    amount_minor       bigint      NOT NULL CHECK (amount_minor >= 0),
    currency           text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    payment_method     text        NOT NULL,
    provider           text        NOT NULL,
    status             text        NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    provider_reference text,
    lot_id             text,
    attempts           integer     NOT NULL DEFAULT 0,
    failure            text,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL
);
CREATE INDEX payments_by_account ON payments (account_id, created_at DESC, id DESC);

CREATE TABLE payment_events (
    payment_id text        NOT NULL REFERENCES payments (id),
    at         timestamptz NOT NULL,
    type       text        NOT NULL CHECK (type IN ('recharge-requested', 'recharge-failed', 'recharge-succeeded',
                                                    'recharge-given-up', 'recharge-capped')),
    detail     text        NOT NULL DEFAULT ''
);
CREATE INDEX payment_events_by_payment ON payment_events (payment_id, at);
