package io.tally.ledger;

import java.time.DateTimeException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a recurring lot refreshes (docs/ledger.md "Billing cycles and refresh"): a period of whole months or years
 * ({@code P1M}, {@code P3M}, {@code P1Y}), counted from the account's billing anchor, and a rollover rule for what is
 * left at each boundary: {@code NONE} (it expires), {@code ALL} (it stays) or {@code CAPPED:<micro-credits>} (up to
 * that much stays, the rest expires). At each boundary the lot's granted amount is granted again.
 */
public record Refresh(String period, String rollover) {
    private static final Pattern ROLLOVER = Pattern.compile("NONE|ALL|CAPPED:\\d{1,16}");

    public Refresh {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(rollover, "rollover");
        if (period.contains("|") || rollover.contains("|")) {
            throw new IllegalArgumentException("refresh fields must not contain '|'");
        }
    }

    /** Whether {@code rollover} is {@code NONE}, {@code ALL} or {@code CAPPED:<micro-credits>}. */
    public static boolean validRollover(String rollover) {
        return ROLLOVER.matcher(rollover).matches();
    }

    /** The period in months: a positive whole number of months or years, else an IllegalArgumentException. */
    public static int months(String period) {
        java.time.Period parsed;
        try {
            parsed = java.time.Period.parse(period);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not an ISO period: " + period, e);
        }
        long months = parsed.toTotalMonths();
        if (parsed.getDays() != 0 || months <= 0 || months > 1200) {
            throw new IllegalArgumentException("a refresh period is whole months or years: " + period);
        }
        return (int) months;
    }

    /** The period in months. */
    public int months() {
        return months(period);
    }

    /** What of {@code remaining} stays in the lot at a boundary; the rest expires. */
    public long kept(long remaining) {
        if (rollover.equals("ALL")) {
            return remaining;
        }
        if (rollover.startsWith("CAPPED:")) {
            return Math.min(remaining, Long.parseLong(rollover.substring("CAPPED:".length())));
        }
        return 0;
    }
}
