package io.tally.ledger;

/** A lot in its partition's schedule of expiries ({@code {pN}:expiries}, member {@code <account>:<lotId>}). */
public record ExpiringLot(String account, String lotId) {
    public ExpiringLot {
        LedgerKeys.requireId(account, "account id");
        LedgerKeys.requireId(lotId, "lot id");
    }

    /** The schedule's member. */
    public String member() {
        return account + ":" + lotId;
    }

    /** The lot a schedule member names. */
    public static ExpiringLot parse(String member) {
        int colon = member.indexOf(':');
        return new ExpiringLot(member.substring(0, colon), member.substring(colon + 1));
    }
}
