-- Rate cards: the operator's default card (account_id NULL) and each account's overrides. A card is replaced as a
-- whole, in one transaction. Amounts are micro-credits; voice rows carry their billing increments in seconds.
CREATE TABLE rates (
    account_id      text        REFERENCES accounts (id),
    service         text        NOT NULL CHECK (service IN ('SMS', 'MMS', 'VOICE', 'FAX', 'AI_AGENT')),
    direction       text        NOT NULL CHECK (direction IN ('outbound', 'inbound')),
    country         text        NOT NULL CHECK (country = '*' OR country ~ '^[A-Z]{2}$'),
    rate_micro      bigint      NOT NULL CHECK (rate_micro BETWEEN 0 AND 1000000000000000),
    first_increment integer     CHECK (first_increment BETWEEN 1 AND 3600),
    next_increment  integer     CHECK (next_increment BETWEEN 1 AND 3600),
    updated_at      timestamptz NOT NULL,
    CHECK ((service = 'VOICE') = (first_increment IS NOT NULL)),
    CHECK ((first_increment IS NULL) = (next_increment IS NULL))
);

-- One row per (card, service, direction, country); '' stands for the default card ('' is never an account id).
CREATE UNIQUE INDEX rates_row ON rates ((coalesce(account_id, '')), service, direction, country);
