package io.tally.receipt;

import java.math.BigInteger;
import java.util.OptionalInt;
import java.util.OptionalLong;

import io.tally.ledger.Settle;

/**
 * A message's outcome as the receipt scripts decided and stored it ({@code COMMIT|<status>|<segments>} or
 * {@code RELEASE|<status>|}): commit or release, the status it is recorded with, and for a commit the segments the
 * carrier reported (empty: not reported by every committing part, so the whole hold).
 */
record Decision(Settle.SettleAction action, DeliveryStatus status, OptionalInt segments) {
    static Decision parse(String stored) {
        var fields = stored.split("\\|", -1);
        if (fields.length != 3) {
            throw new IllegalStateException("unexpected message decision " + stored);
        }
        var segments = fields[2].isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(fields[2]));
        return new Decision(Settle.SettleAction.valueOf(fields[0]), DeliveryStatus.valueOf(fields[1]), segments);
    }

    /**
     * The commit's final amount: when the carrier reported fewer segments than the hold's {@code units}, that share
     * of its {@code amount} (rounded down); else empty, the whole hold. Null amount or units: the hold was not open
     * when the message was dispatched (nothing to scale; the settle answers its earlier outcome).
     */
    OptionalLong finalAmount(Long amount, Long units) {
        if (action != Settle.SettleAction.COMMIT || segments.isEmpty() || amount == null || units == null
                || units <= 0 || segments.getAsInt() >= units) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(BigInteger.valueOf(amount).multiply(BigInteger.valueOf(segments.getAsInt()))
                .divide(BigInteger.valueOf(units)).longValueExact());
    }
}
