-- Webhook endpoints of an account, the deliveries of alerts to them (the durable retry schedule) and each attempt
-- (docs/alerts.md, "Webhooks").
CREATE TABLE webhook_endpoints (
    id              text        PRIMARY KEY,
    account_id      text        NOT NULL REFERENCES accounts (id),
    url             text        NOT NULL,
    -- alert types delivered; empty: every type
    types           text[]      NOT NULL,
    -- 12-byte nonce, then ciphertext and tag (AES-GCM, the endpoint id as additional data)
    secret          bytea       NOT NULL,
    -- the secret before the last rotation, also signed with until previous_until
    previous_secret bytea,
    previous_until  timestamptz,
    disabled_at     timestamptz,
    disabled_reason text,
    created_at      timestamptz NOT NULL,
    deleted_at      timestamptz
);
CREATE INDEX webhook_endpoints_account ON webhook_endpoints (account_id) WHERE deleted_at IS NULL;

CREATE TABLE webhook_deliveries (
    id              text        PRIMARY KEY,
    endpoint_id     text        NOT NULL REFERENCES webhook_endpoints (id),
    alert_id        text        NOT NULL,
    alert_type      text        NOT NULL,
    -- the exact body every attempt sends
    payload         text        NOT NULL,
    state           text        NOT NULL CHECK (state IN ('pending', 'delivered', 'failed', 'cancelled')),
    attempts        integer     NOT NULL DEFAULT 0,
    -- when a pending delivery is due; while one replica sends it, the end of its lease
    next_attempt_at timestamptz,
    last_status     integer,
    last_error      text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    UNIQUE (endpoint_id, alert_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at DESC);

CREATE TABLE webhook_attempts (
    delivery_id text        NOT NULL REFERENCES webhook_deliveries (id),
    attempt     integer     NOT NULL,
    at          timestamptz NOT NULL,
    -- the receiver's HTTP status; null when no answer came (refused address, connection, timeout)
    status      integer,
    latency_ms  integer     NOT NULL,
    error       text,
    PRIMARY KEY (delivery_id, attempt)
);
