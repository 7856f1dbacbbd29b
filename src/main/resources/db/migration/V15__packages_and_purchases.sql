-- The package catalogue, purchases of packages, and the account setting extendExpiryOnPurchase (docs/payments.md).

-- A package: credits sold at a price. validity is an ISO-8601 period from the purchase (NULL = never expires);
-- services empty = all.
CREATE TABLE packages (
    id            text        PRIMARY KEY,
    name          text        NOT NULL,
    price_minor   bigint      NOT NULL CHECK (price_minor > 0),
    currency      text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    credits_micro bigint      NOT NULL CHECK (credits_micro > 0),
    lot_kind      text        NOT NULL,
    validity      text,
    services      text[]      NOT NULL DEFAULT '{}',
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

-- What a purchase grants, fixed when its payment is first recorded (the package may change later): a retry grants
-- the same lot. Written in the same statement as its payments row.
CREATE TABLE purchases (
    payment_id      text        PRIMARY KEY REFERENCES payments (id),
    idempotency_key text        NOT NULL,
    lot_kind        text        NOT NULL,
    services        text[]      NOT NULL DEFAULT '{}',
    effective_from  timestamptz NOT NULL,
    expires_at      timestamptz
);

ALTER TABLE accounts ADD COLUMN extend_expiry_on_purchase boolean NOT NULL DEFAULT false;

ALTER TABLE payment_events DROP CONSTRAINT payment_events_type_check;
ALTER TABLE payment_events ADD CONSTRAINT payment_events_type_check
    CHECK (type IN ('recharge-requested', 'recharge-failed', 'recharge-succeeded', 'recharge-given-up',
                    'recharge-capped', 'purchase-requested', 'purchase-failed', 'purchase-succeeded'));

-- A purchase on an account with extendExpiryOnPurchase moves its package lots' expiry: one extend-expiry entry per
-- lot, carrying the lot's new meta (what a rebuild writes). The list keeps V14's refresh-credits.
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_type_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_type_check
    CHECK (type IN ('reserve', 'commit', 'release', 'expire', 'meter', 'grant', 'allocate', 'deallocate',
                    'expire-credits', 'refresh-credits', 'extend-expiry'));
