-- The durable history of the ledger (docs/usage.md). The usage writer copies every event of the Redis streams
-- {pN}:events here, in batches, idempotently on the event id. Both tables are partitioned by month of occurred_at;
-- tally_ensure_month() creates a month's partitions (the writer calls it before it writes into a new month).

-- Every movement of credit, one row per event. The *_delta columns are the event's effect on the account's Redis
-- hash: summing them per account recomputes its balance (reconciliation), and with the lot metas of the grants
-- and the open reservations they rebuild it.
CREATE TABLE ledger_entries (
    event_id       text        NOT NULL,
    occurred_at    timestamptz NOT NULL,
    account_id     text        NOT NULL,
    sub_account    text,
    type           text        NOT NULL
        CHECK (type IN ('reserve', 'commit', 'release', 'expire', 'meter', 'grant', 'allocate', 'deallocate')),
    service        text,
    amount         bigint      NOT NULL,
    reservation_id text,
    lot_id         text,
    -- the lots the movement touched, in order, and the change of each one's remaining credits
    lot_ids        text[]      NOT NULL DEFAULT '{}',
    lot_deltas     bigint[]    NOT NULL DEFAULT '{}',
    pool_delta     bigint      NOT NULL DEFAULT 0,
    alloc_delta    bigint      NOT NULL DEFAULT 0,  -- of sub_account's allocation
    held_delta     bigint      NOT NULL DEFAULT 0,
    spent_delta    bigint      NOT NULL DEFAULT 0,
    debt_delta     bigint      NOT NULL DEFAULT 0,
    granted_delta  bigint      NOT NULL DEFAULT 0,
    spend_delta    bigint      NOT NULL DEFAULT 0,  -- of sub_account's spend in spend_month
    spend_month    text,
    committed      bigint,
    released       bigint,
    debt_after     bigint,
    over_limit     boolean,
    -- the rest of the event: lot meta (grant), deadline and on-expiry action (reserve), reserve time (settles)
    extra          jsonb       NOT NULL DEFAULT '{}',
    stream_id      text        NOT NULL,
    written_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_id, occurred_at)
) PARTITION BY RANGE (occurred_at);

CREATE INDEX ledger_entries_by_account ON ledger_entries (account_id, occurred_at, event_id);

-- One row per metered message or use: a reservation (its id is the reservation id; it moves from reserved to
-- committed, released or expired) or a metered use (its id is the meter event's id; committed at once).
CREATE TABLE usage_records (
    id              text        NOT NULL,
    occurred_at     timestamptz NOT NULL,  -- when it was reserved or metered
    account_id      text        NOT NULL,
    sub_account     text,
    kind            text        NOT NULL CHECK (kind IN ('reservation', 'meter')),
    status          text        NOT NULL CHECK (status IN ('reserved', 'committed', 'released', 'expired')),
    idempotency_key text,
    service         text        NOT NULL,
    direction       text,
    sender          text,
    recipient       text,
    country         text,
    city            text,
    segments        integer,
    encoding        text,
    characters      integer,
    units           bigint,
    billed          bigint,
    rate            bigint,
    cost            bigint      NOT NULL,  -- the price: what was reserved or metered
    credits         bigint      NOT NULL,  -- what is charged now: cost while reserved, then what was committed
    charges         text        NOT NULL DEFAULT '',  -- lotId:amount,... of what is charged now
    debt_incurred   bigint,
    over_limit      boolean,
    product         text,
    user_id         text,
    group_id        text,
    contact         text,
    metadata        jsonb,
    settled_at      timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (id, occurred_at)
) PARTITION BY RANGE (occurred_at);

CREATE INDEX usage_records_by_account ON usage_records (account_id, occurred_at, id);
CREATE INDEX usage_records_by_sub_account ON usage_records (account_id, sub_account, occurred_at, id)
    WHERE sub_account IS NOT NULL;

-- Creates the partitions of the month that holds at (UTC months), once; safe to call concurrently.
CREATE FUNCTION tally_ensure_month(at timestamptz) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    first date := date_trunc('month', at AT TIME ZONE 'UTC')::date;
    suffix text := to_char(first, 'YYYY_MM');
    t text;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('tally_ensure_month'));
    FOREACH t IN ARRAY ARRAY['ledger_entries', 'usage_records'] LOOP
        IF to_regclass(t || '_' || suffix) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                t || '_' || suffix, t, first::timestamp AT TIME ZONE 'UTC',
                (first + interval '1 month')::timestamp AT TIME ZONE 'UTC');
        END IF;
    END LOOP;
END;
$$;
