package io.tally.receipt;

import java.util.List;

import io.tally.ledger.LedgerCall;
import io.tally.ledger.SettleOutcome;

/**
 * A carrier message after a dispatch or a receipt, as the script answered: parked (no reservation known), open
 * (mapped, outcome not decided), decided (with the hold's amount and units, null when it was not open at the
 * dispatch; the hold still to be settled), settled (decided and its hold settled by the same script, {@code settle}
 * its outcome), or a dispatch refused (the message settles another reservation; no such reservation).
 */
record MessageState(Stage stage, String reservation, Decision decision, Long amount, Long units,
        SettleOutcome settle) {
    enum Stage {
        PARKED,
        OPEN,
        DECIDED,
        SETTLED,
        CONFLICT,
        NO_RESERVATION
    }

    static MessageState parse(String script, List<String> r) {
        return switch (r.get(0)) {
            case "0" -> new MessageState(Stage.PARKED, null, null, null, null, null);
            case "1" -> new MessageState(Stage.OPEN, r.get(1), null, null, null, null);
            case "2" -> new MessageState(Stage.DECIDED, r.get(1), Decision.parse(r.get(2)), number(r.get(3)),
                    number(r.get(4)), null);
            case "3" -> new MessageState(Stage.CONFLICT, r.get(1), null, null, null, null);
            case "4" -> new MessageState(Stage.NO_RESERVATION, null, null, null, null, null);
            case "5" -> new MessageState(Stage.SETTLED, r.get(1), Decision.parse(r.get(2)), number(r.get(3)),
                    number(r.get(4)), LedgerCall.SettleCall.outcome(r.get(1), r.subList(5, r.size())));
            default -> throw new IllegalStateException("unexpected " + script + ".lua reply " + r);
        };
    }

    private static Long number(String text) {
        return text == null || text.isEmpty() ? null : Long.valueOf(text);
    }
}
