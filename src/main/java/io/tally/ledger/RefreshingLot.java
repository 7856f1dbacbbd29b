package io.tally.ledger;

import java.time.Instant;

/**
 * A lot in its partition's schedule of refreshes ({@code {pN}:refreshes}, member {@code <account>:<lotId>:<months>},
 * scored by its next boundary {@code due}).
 */
public record RefreshingLot(String account, String lotId, int months, Instant due) {
    public RefreshingLot {
        LedgerKeys.requireId(account, "account id");
        LedgerKeys.requireId(lotId, "lot id");
    }

    /** The schedule's member. */
    public String member() {
        return account + ":" + lotId + ":" + months;
    }

    /** The lot a schedule member names, due at {@code ms}. */
    public static RefreshingLot parse(String member, long ms) {
        var parts = member.split(":", -1);
        return new RefreshingLot(parts[0], parts[1], Integer.parseInt(parts[2]), Instant.ofEpochMilli(ms));
    }
}
