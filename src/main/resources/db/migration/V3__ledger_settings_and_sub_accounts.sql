-- How each account spends its credits, and its sub-accounts (offices, lists, agency sub-accounts).
ALTER TABLE accounts
    ADD COLUMN burn_kind_order       text[]  NOT NULL DEFAULT '{PLAN_ALLOWANCE,COMMITMENT,SUBSCRIPTION,PACKAGE,PROMOTIONAL,UNIVERSAL,AUTO_RECHARGE}',
    ADD COLUMN expiry_order          text    NOT NULL DEFAULT 'SOONEST_EXPIRY_FIRST'
        CHECK (expiry_order IN ('SOONEST_EXPIRY_FIRST', 'NON_EXPIRING_FIRST')),
    ADD COLUMN overdraft_limit_micro bigint  NOT NULL DEFAULT 0 CHECK (overdraft_limit_micro >= 0),
    ADD COLUMN hold_timeout_seconds  integer NOT NULL DEFAULT 3600 CHECK (hold_timeout_seconds > 0),
    ADD COLUMN expired_hold_action   text    NOT NULL DEFAULT 'RELEASE'
        CHECK (expired_hold_action IN ('RELEASE', 'COMMIT'));

CREATE TABLE sub_accounts (
    account_id          text        NOT NULL REFERENCES accounts (id),
    id                  text        NOT NULL,
    name                text        NOT NULL,
    kind                text        NOT NULL CHECK (kind IN ('office', 'list', 'agency')),
    mode                text        NOT NULL CHECK (mode IN ('SHARED', 'ALLOCATED')),
    fallback_to_pool    boolean     NOT NULL DEFAULT false,
    monthly_limit_micro bigint      CHECK (monthly_limit_micro >= 0),
    created_at          timestamptz NOT NULL,
    PRIMARY KEY (account_id, id)
);
