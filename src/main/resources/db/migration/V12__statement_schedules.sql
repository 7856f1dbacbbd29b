-- Statements emailed after each period (docs/reports.md "Statements"): one schedule per account, and one row per
-- account and period sent (or being sent: claimed_at without sent_at), so that each period's statement is emailed
-- once however many replicas run the schedule.
CREATE TABLE statement_schedules (
    account_id text        NOT NULL PRIMARY KEY,
    frequency  text        NOT NULL CHECK (frequency IN ('monthly', 'weekly')),
    recipients text[]      NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE statement_deliveries (
    account_id text        NOT NULL,
    period     text        NOT NULL,
    claimed_at timestamptz NOT NULL,
    sent_at    timestamptz,
    recipients text[],
    PRIMARY KEY (account_id, period)
);
