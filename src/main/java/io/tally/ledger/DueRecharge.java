package io.tally.ledger;

import java.time.Instant;

/**
 * An open auto-recharge a worker claimed: the account, the recharge's id (the event id of the movement that took the
 * account below its threshold; the payment's and the grant's idempotency key) and when it was requested.
 */
public record DueRecharge(String account, String rechargeId, Instant requestedAt) {
}
