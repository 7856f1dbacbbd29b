-- Carrier connections (credentials encrypted with AES-GCM by the application), the number directory, and inbound
-- messages to numbers no account owned when they arrived (docs/carriers.md).
CREATE TABLE carrier_connections (
    id          text        PRIMARY KEY,
    account_id  text        NOT NULL REFERENCES accounts (id),
    carrier     text        NOT NULL
        CHECK (carrier IN ('twilio', 'vonage', 'telnyx', 'sinch', 'bandwidth', 'generic')),
    -- 12-byte nonce, then ciphertext and tag; the connection id is the additional data.
    credentials bytea       NOT NULL,
    created_at  timestamptz NOT NULL,
    deleted_at  timestamptz
);
CREATE INDEX carrier_connections_account ON carrier_connections (account_id);

CREATE TABLE numbers (
    number         text        PRIMARY KEY,
    account_id     text        NOT NULL REFERENCES accounts (id),
    sub_account_id text,
    product        text,
    user_label     text,
    assigned_at    timestamptz NOT NULL,
    FOREIGN KEY (account_id, sub_account_id) REFERENCES sub_accounts (account_id, id)
);
CREATE INDEX numbers_account ON numbers (account_id);

CREATE TABLE unmatched_inbound (
    carrier       text        NOT NULL,
    message_id    text        NOT NULL,
    connection_id text        NOT NULL,
    from_number   text,
    to_number     text,
    text          text,
    segments      integer,
    received_at   timestamptz NOT NULL,
    metered_at    timestamptz,
    PRIMARY KEY (carrier, message_id)
);
CREATE INDEX unmatched_inbound_open ON unmatched_inbound (to_number) WHERE metered_at IS NULL;
