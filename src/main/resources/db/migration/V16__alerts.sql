-- Spending alerts (docs/alerts.md): the rules per account (mirrored into Redis, {pN}:acct:<id>:alerts, for the
-- scripts), the alerts the scripts appended to {pN}:alerts as written by the alert writer (a consumer group), and
-- who dismissed which alert (per API key).
CREATE TABLE alert_rules (
    account_id  text        NOT NULL REFERENCES accounts (id),
    id          text        NOT NULL,
    type        text        NOT NULL CHECK (type IN ('low-balance', 'allowance-used', 'limit-reached',
                                                     'negative-balance', 'credits-expiring', 'recharge',
                                                     'spending-anomaly')),
    threshold_micro bigint  CHECK (threshold_micro >= 0),
    percent     integer     CHECK (percent BETWEEN 1 AND 100),
    days        integer     CHECK (days BETWEEN 1 AND 365),
    sub_account text,
    kinds       text[]      NOT NULL DEFAULT '{}',
    enabled     boolean     NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (account_id, id)
);

CREATE TABLE alerts (
    account_id  text        NOT NULL,
    id          text        NOT NULL,
    stream_id   text        NOT NULL,
    type        text        NOT NULL,
    state       text        NOT NULL CHECK (state IN ('firing', 'resolved')),
    sub_account text        NOT NULL DEFAULT '',
    rule_id     text        NOT NULL,
    "values"    text        NOT NULL,
    at          timestamptz NOT NULL,
    PRIMARY KEY (account_id, id)
);
-- The history's keyset: newest first, ties by id.
CREATE INDEX alerts_by_account ON alerts (account_id, at DESC, id DESC);

CREATE TABLE alert_dismissals (
    account_id   text        NOT NULL,
    alert_id     text        NOT NULL,
    key_id       text        NOT NULL,
    dismissed_at timestamptz NOT NULL,
    PRIMARY KEY (account_id, alert_id, key_id)
);
