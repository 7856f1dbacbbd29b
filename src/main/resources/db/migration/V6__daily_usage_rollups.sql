-- Daily rollups of the usage records (docs/reports.md), kept by the usage writer in the transaction that writes the
-- records, and rebuilt from the records on demand (POST /v1/accounts/{account}/reports/rebuild).

-- How many times the writer changed a record after inserting it: 0, or 1 when a settle found it reserved. The writer
-- reads it back (RETURNING) to know whether a row was new or moved from reserved, which a partitioned table's
-- system columns (xmax) cannot tell.
ALTER TABLE usage_records ADD COLUMN revision smallint NOT NULL DEFAULT 0;

-- A reserved record charges its whole price: what a settle takes away from the rollups when it moves the record on.
ALTER TABLE usage_records ADD CONSTRAINT usage_records_reserved_charges_cost
    CHECK (status <> 'reserved' OR credits = cost);

-- The calendar day of an instant in an account's time zone (an IANA name such as Europe/Rome, or a fixed offset as
-- Java writes it: +02:00, UTC+02:00, GMT-05:30, Z). PostgreSQL reads a bare offset with the POSIX sign (west
-- positive), the opposite of ISO 8601, so offsets are added as intervals rather than given to AT TIME ZONE.
CREATE FUNCTION tally_local_day(at timestamptz, zone text) RETURNS date LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN zone IN ('Z', 'UTC', 'GMT', 'UT') THEN (at AT TIME ZONE 'UTC')::date
        WHEN zone ~ '^(UTC|GMT|UT)?[+-][0-9]{2}:[0-9]{2}(:[0-9]{2})?$'
            THEN ((at AT TIME ZONE 'UTC') + substring(zone FROM '[+-].*$')::interval)::date
        ELSE (at AT TIME ZONE zone)::date
    END
$$;

-- One row per account, local day and combination of dimensions. Absent dimensions are '' so that the primary key
-- (which begins with the account, for distribution by account) can hold them. number is the account's own number:
-- the sender of an outbound record, the recipient of an inbound one. Zeroed rows (a status a settle emptied) stay
-- until a rebuild.
CREATE TABLE usage_daily (
    account_id  text   NOT NULL,
    day         date   NOT NULL,
    sub_account text   NOT NULL,
    service     text   NOT NULL,
    status      text   NOT NULL,
    direction   text   NOT NULL,
    product     text   NOT NULL,
    country     text   NOT NULL,
    city        text   NOT NULL,
    number      text   NOT NULL,
    user_id     text   NOT NULL,
    records     bigint NOT NULL,
    units       bigint NOT NULL,
    segments    bigint NOT NULL,
    credits     bigint NOT NULL,
    cost        bigint NOT NULL,
    PRIMARY KEY (account_id, day, sub_account, service, status, direction, product, country, city, number, user_id)
);

-- The records written before this migration.
INSERT INTO usage_daily (account_id, day, sub_account, service, status, direction, product, country, city, number,
                         user_id, records, units, segments, credits, cost)
SELECT r.account_id, tally_local_day(r.occurred_at, coalesce(a.time_zone, 'UTC')), coalesce(r.sub_account, ''),
       r.service, r.status, coalesce(r.direction, ''), coalesce(r.product, ''), coalesce(r.country, ''),
       coalesce(r.city, ''),
       coalesce(CASE WHEN r.direction = 'INBOUND' THEN r.recipient ELSE r.sender END, ''), coalesce(r.user_id, ''),
       count(*), coalesce(sum(r.units), 0), coalesce(sum(r.segments), 0), sum(r.credits), sum(r.cost)
FROM usage_records r LEFT JOIN accounts a ON a.id = r.account_id
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11;
