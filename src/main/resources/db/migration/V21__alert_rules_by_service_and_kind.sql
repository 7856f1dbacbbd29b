-- Low-balance alert rules scoped to one service or one wallet kind (docs/alerts.md): the credits that can pay for
-- that service, or of that kind (a LotKind name), instead of the whole balance.
ALTER TABLE alert_rules ADD COLUMN service text;
ALTER TABLE alert_rules ADD COLUMN kind text;
