package io.tally.ledger;

/**
 * A hold as Redis keeps it ({@code {pN}:hold:<rid>}): one string, its fields joined by {@code |}, the detail last
 * (docs/ledger.md "Redis keys"; the scripts read it with the patterns in lua/ledger/_lib.lua).
 */
public final class HoldFormat {
    private HoldFormat() {
    }

    /**
     * An open hold as a rebuild writes it from PostgreSQL, which keeps neither the reserve's fingerprint nor the
     * credits it left available: it answers a repeated reserve of its key whatever the body, with available 0.
     *
     * @param charges {@code lotId:amount,…} in burn order
     */
    public static String open(long deadlineMillis, String charges, long amount, long fromPool, String sub,
            String month, String service, long atMillis, String onExpiry, String detail) {
        return String.join("|", "HELD", "", "0", Long.toString(deadlineMillis), charges, Long.toString(amount),
                Long.toString(fromPool), sub, month, service, Long.toString(atMillis), onExpiry, detail);
    }
}
