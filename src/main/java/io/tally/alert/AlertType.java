package io.tally.alert;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of alert rules (docs/alerts.md), by their names in the API and in the alert stream. */
public enum AlertType {
    LOW_BALANCE("low-balance"),
    ALLOWANCE_USED("allowance-used"),
    LIMIT_REACHED("limit-reached"),
    NEGATIVE_BALANCE("negative-balance"),
    CREDITS_EXPIRING("credits-expiring"),
    RECHARGE("recharge"),
    SPENDING_ANOMALY("spending-anomaly");

    private final String wire;

    AlertType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<AlertType> of(String wire) {
        return Arrays.stream(values()).filter(type -> type.wire.equals(wire)).findFirst();
    }

    /**
     * Whether the ledger scripts evaluate it (mirrored into Redis): where the balance changes, in the sweeper's
     * expiry warnings (credits-expiring) and where a recharge ends (recharge).
     */
    boolean inScripts() {
        return this != SPENDING_ANOMALY;
    }
}
