-- Delivery receipts (docs/receipts.md). A usage record settled by a carrier's receipt carries the carrier, its id for
-- the message and the delivery status that decided it; the history filters by them.
ALTER TABLE usage_records ADD COLUMN carrier text;
ALTER TABLE usage_records ADD COLUMN carrier_message_id text;
ALTER TABLE usage_records ADD COLUMN delivery_status text;

CREATE INDEX usage_records_by_carrier_message ON usage_records (account_id, carrier_message_id)
    WHERE carrier_message_id IS NOT NULL;

-- What each delivery status does to its message's hold, per account: {"DELIVERED": "COMMIT", ...} for the statuses
-- that may decide (SENT, DELIVERED, UNDELIVERED, FAILED, REJECTED). No row: the default policy.
CREATE TABLE receipt_policies (
    account_id text        PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    actions    jsonb       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
