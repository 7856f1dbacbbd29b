package io.tally.history;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneRules;

/**
 * Instants as ISO-8601 text with the offset of one zone, exactly as {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}
 * writes them ({@code 2026-03-29T03:00:00.123456+02:00}; the fraction without trailing zeros and left out when
 * zero; {@code Z} for a zero offset), written straight into a {@link StringBuilder}: an export writes three a row,
 * and the formatter's general machinery (a zoned date-time, a print context, the fraction as a {@code BigDecimal})
 * cost more than the rest of the row's cells. Years outside 0000–9999 go through the formatter. An instance remembers
 * the last offset it looked up, so it is one writer's, not to be shared between threads.
 */
final class TimeText {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final int SECONDS_PER_DAY = 86_400;
    private static final int[] POW10 = { 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000 };

    private final ZoneRules rules;
    private final ZoneOffset fixed;
    /**
     * The offset of the last instant looked up and the epoch seconds {@code [from, to)} over which it holds (between
     * two transitions of the zone): an export's rows come in time order, so most share their neighbour's offset.
     */
    private ZoneOffset cached;
    private long cachedFrom = Long.MAX_VALUE;
    private long cachedTo = Long.MIN_VALUE;

    TimeText(ZoneId zone) {
        this.rules = zone.getRules();
        this.fixed = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH) : null;
    }

    /** The instant's text, as {@link #append} writes it. */
    String format(Instant at) {
        var out = new StringBuilder(35);
        append(out, at);
        return out.toString();
    }

    void append(StringBuilder out, Instant at) {
        var offset = fixed != null ? fixed : offset(at);
        long local = at.getEpochSecond() + offset.getTotalSeconds();
        long day = Math.floorDiv(local, SECONDS_PER_DAY);
        int second = Math.floorMod(local, SECONDS_PER_DAY);
        var date = LocalDate.ofEpochDay(day);
        int year = date.getYear();
        if (year < 0 || year > 9999) {
            out.append(ISO.format(at.atOffset(offset)));
            return;
        }
        digits(out, year, 4);
        out.append('-');
        digits(out, date.getMonthValue(), 2);
        out.append('-');
        digits(out, date.getDayOfMonth(), 2);
        out.append('T');
        digits(out, second / 3600, 2);
        out.append(':');
        digits(out, second / 60 % 60, 2);
        out.append(':');
        digits(out, second % 60, 2);
        int nano = at.getNano();
        if (nano != 0) {
            int width = 9;
            while (nano % 10 == 0) {
                nano /= 10;
                width--;
            }
            out.append('.');
            digits(out, nano, width);
        }
        out.append(offset.getId());
    }

    private ZoneOffset offset(Instant at) {
        long second = at.getEpochSecond();
        if (second >= cachedFrom && second < cachedTo) {
            return cached;
        }
        var offset = rules.getOffset(at);
        var next = rules.nextTransition(at);
        var previous = rules.previousTransition(at);
        long from = previous == null ? Long.MIN_VALUE : previous.getInstant().getEpochSecond();
        if (previous != null && !rules.getOffset(previous.getInstant()).equals(offset)) {
            from = second; // not sure where the range starts: from this instant only
        }
        cached = offset;
        cachedFrom = from;
        cachedTo = next == null ? Long.MAX_VALUE : next.getInstant().getEpochSecond();
        return offset;
    }

    /** {@code value} (not negative, below 10^9) in at least {@code width} digits, zero-padded on the left. */
    private static void digits(StringBuilder out, int value, int width) {
        for (int pad = width - 1; pad > 0 && value < POW10[pad]; pad--) {
            out.append('0');
        }
        out.append(value);
    }
}
