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

