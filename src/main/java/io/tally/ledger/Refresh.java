package io.tally.ledger;

import java.util.Objects;

/**
 * How a recurring lot refreshes: an ISO-8601 period ({@code P1M}) and a rollover rule ({@code NONE}, {@code ALL} or
 * {@code CAPPED:<micro-credits>}). Stored with the lot only; acting on it is planned (docs/design.md, decision 12).
 */
public record Refresh(String period, String rollover) {
    public Refresh {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(rollover, "rollover");
        if (period.contains("|") || rollover.contains("|")) {
            throw new IllegalArgumentException("refresh fields must not contain '|'");
        }
    }
}
