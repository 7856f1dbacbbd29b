-- The service catalogue: the services rates, lots and usage records name. The five services of before are its
-- built-in entries, with the ids they always had, so every stored rate, lot and record keeps naming a service of it.
-- Services by the minute carry their billing increments (first/next, in seconds); a rate may name its own instead.
CREATE TABLE services (
    id              text        PRIMARY KEY CHECK (id ~ '^[A-Z][A-Z0-9_]{0,31}$'),
    name            text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    category        text        NOT NULL CHECK (category IN ('calling', 'messaging', 'fax', 'ai', 'other')),
    unit            text        NOT NULL
                                CHECK (unit IN ('segment', 'message', 'minute', 'page', 'session', 'month', 'item')),
    first_increment integer     CHECK (first_increment BETWEEN 1 AND 3600),
    next_increment  integer     CHECK (next_increment BETWEEN 1 AND 3600),
    sub_types       text[]      NOT NULL DEFAULT '{}',
    built_in        boolean     NOT NULL DEFAULT false,
    updated_at      timestamptz NOT NULL,
    CHECK ((unit = 'minute') = (first_increment IS NOT NULL)),
    CHECK ((first_increment IS NULL) = (next_increment IS NULL))
);

INSERT INTO services (id, name, category, unit, first_increment, next_increment, built_in, updated_at) VALUES
    ('SMS', 'SMS', 'messaging', 'segment', NULL, NULL, true, now()),
    ('MMS', 'MMS', 'messaging', 'message', NULL, NULL, true, now()),
    ('VOICE', 'Voice', 'calling', 'minute', 60, 60, true, now()),
    ('FAX', 'Fax', 'fax', 'page', NULL, NULL, true, now()),
    ('AI_AGENT', 'AI agent', 'ai', 'session', NULL, NULL, true, now());

-- Rates name any service of the catalogue, not one of five; a rate of a service by the minute may leave its
-- increments to the service's. The checks that said otherwise are the only ones naming VOICE.
DO $$
DECLARE
    found record;
BEGIN
    FOR found IN SELECT conname FROM pg_constraint
                  WHERE conrelid = 'rates'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%VOICE%'
    LOOP
        EXECUTE format('ALTER TABLE rates DROP CONSTRAINT %I', found.conname);
    END LOOP;
END $$;

ALTER TABLE rates
    ADD CONSTRAINT rates_service_fkey FOREIGN KEY (service) REFERENCES services (id),
    -- '' is a row without a sub-type: it prices the uses no row of their sub-type prices.
    ADD COLUMN sub_type text NOT NULL DEFAULT '' CHECK (sub_type = '' OR sub_type ~ '^[a-z0-9][a-z0-9-]{0,31}$');

DROP INDEX rates_row;
CREATE UNIQUE INDEX rates_row ON rates ((coalesce(account_id, '')), service, sub_type, direction, country);
