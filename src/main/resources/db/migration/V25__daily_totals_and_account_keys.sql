-- The account's daily totals (docs/reports.md "Daily totals"): one row per account, local day and sub-account ('' for
-- none), kept by the usage writer in the statement that keeps usage_daily, rebuilt with it. What the reports sum:
-- records, units, segments and cost of the records not released, credits charged now by all of them. A series or a
-- cumulative series without grouping or filters other than the sub-account reads a row per day and sub-account here
-- instead of every combination of dimensions of usage_daily.
CREATE TABLE usage_daily_totals (
    account_id  text   NOT NULL,
    day         date   NOT NULL,
    sub_account text   NOT NULL,
    records     bigint NOT NULL,
    units       bigint NOT NULL,
    segments    bigint NOT NULL,
    cost        bigint NOT NULL,
    credits     bigint NOT NULL,
    PRIMARY KEY (account_id, day, sub_account)
);

-- The totals of the rollups written before this migration.
INSERT INTO usage_daily_totals (account_id, day, sub_account, records, units, segments, cost, credits)
SELECT account_id, day, sub_account,
       coalesce(sum(records) FILTER (WHERE status <> 'released'), 0),
       coalesce(sum(units) FILTER (WHERE status <> 'released'), 0),
       coalesce(sum(segments) FILTER (WHERE status <> 'released'), 0),
       coalesce(sum(cost) FILTER (WHERE status <> 'released'), 0),
       sum(credits)
FROM usage_daily
GROUP BY 1, 2, 3;

-- Every key of the payment and webhook tables begins with the account, so that they can be distributed by account
-- (docs/reports.md "Distributing by account"): payments, their events and purchases, webhook endpoints, their
-- deliveries and attempts. The tables that lacked the account get it from the row they belong to; the foreign keys
-- then name the account too (no key crosses accounts), and the writers' conflict targets begin with it. Ids were
-- unique alone and stay unique within their account, so no row becomes a duplicate.
ALTER TABLE purchases ADD COLUMN account_id text;
UPDATE purchases u SET account_id = p.account_id FROM payments p WHERE p.id = u.payment_id;
ALTER TABLE purchases ALTER COLUMN account_id SET NOT NULL;
ALTER TABLE payment_events ADD COLUMN account_id text;
UPDATE payment_events e SET account_id = p.account_id FROM payments p WHERE p.id = e.payment_id;
ALTER TABLE payment_events ALTER COLUMN account_id SET NOT NULL;

ALTER TABLE purchases DROP CONSTRAINT purchases_payment_id_fkey;
ALTER TABLE payment_events DROP CONSTRAINT payment_events_payment_id_fkey;
ALTER TABLE purchases DROP CONSTRAINT purchases_pkey;
ALTER TABLE payments DROP CONSTRAINT payments_pkey;
ALTER TABLE payments ADD PRIMARY KEY (account_id, id);
ALTER TABLE purchases ADD PRIMARY KEY (account_id, payment_id);
ALTER TABLE purchases ADD FOREIGN KEY (account_id, payment_id) REFERENCES payments (account_id, id);
ALTER TABLE payment_events ADD FOREIGN KEY (account_id, payment_id) REFERENCES payments (account_id, id);
DROP INDEX payment_events_by_payment;
CREATE INDEX payment_events_by_payment ON payment_events (account_id, payment_id, at);

ALTER TABLE webhook_deliveries ADD COLUMN account_id text;
UPDATE webhook_deliveries d SET account_id = e.account_id FROM webhook_endpoints e WHERE e.id = d.endpoint_id;
ALTER TABLE webhook_deliveries ALTER COLUMN account_id SET NOT NULL;
ALTER TABLE webhook_attempts ADD COLUMN account_id text;
UPDATE webhook_attempts a SET account_id = d.account_id FROM webhook_deliveries d WHERE d.id = a.delivery_id;
ALTER TABLE webhook_attempts ALTER COLUMN account_id SET NOT NULL;

ALTER TABLE webhook_attempts DROP CONSTRAINT webhook_attempts_delivery_id_fkey;
ALTER TABLE webhook_attempts DROP CONSTRAINT webhook_attempts_pkey;
ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_endpoint_id_fkey;
ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_endpoint_id_alert_id_key;
ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_pkey;
ALTER TABLE webhook_endpoints DROP CONSTRAINT webhook_endpoints_pkey;
ALTER TABLE webhook_endpoints ADD PRIMARY KEY (account_id, id);
ALTER TABLE webhook_deliveries ADD PRIMARY KEY (account_id, id);
ALTER TABLE webhook_deliveries ADD UNIQUE (account_id, endpoint_id, alert_id);
ALTER TABLE webhook_deliveries ADD FOREIGN KEY (account_id, endpoint_id) REFERENCES webhook_endpoints (account_id, id);
ALTER TABLE webhook_attempts ADD PRIMARY KEY (account_id, delivery_id, attempt);
ALTER TABLE webhook_attempts ADD FOREIGN KEY (account_id, delivery_id) REFERENCES webhook_deliveries (account_id, id);
DROP INDEX webhook_deliveries_endpoint;
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (account_id, endpoint_id, created_at DESC);
