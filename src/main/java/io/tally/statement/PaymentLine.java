package io.tally.statement;

import java.time.Instant;

/**
 * A payment made in a statement's period (a purchase or an auto-recharge, whatever its outcome): the credits it buys
 * or bought, its amount in minor units of its currency, and its status. Listed beside the balance, not in it: the
 * credits a succeeded payment granted are already among the credits in, as a grant of its lot kind.
 */
public record PaymentLine(String id, String kind, Instant at, long credits, long amountMinor, String currency,
        String status, String reference) {
}
