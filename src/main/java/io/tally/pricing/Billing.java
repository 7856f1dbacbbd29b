package io.tally.pricing;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a call's duration is rounded before a per-minute rate applies: a first increment, then subsequent
 * increments, in seconds. At 60/60 a 61 s call bills 120 s; at 6/6, 66 s; at 1/1, 61 s; at 30/6, 66 s.
 * A call of 0 s (not answered) bills nothing.
 *
 * @param first seconds billed for any call that lasted at all (1 to 3600)
 * @param next the step every second after the first increment is rounded up to (1 to 3600)
 */
public record Billing(int first, int next) {
    public static final int MAX_SECONDS = 3600;
    /** The default for voice rates that name no billing: whole minutes. */
    public static final Billing PER_MINUTE = new Billing(60, 60);

    private static final Pattern FORM = Pattern.compile("(\\d{1,4})/(\\d{1,4})");

    public Billing {
        if (first < 1 || first > MAX_SECONDS || next < 1 || next > MAX_SECONDS) {
            throw new IllegalArgumentException("increments of 1 to " + MAX_SECONDS + " seconds: " + first + "/" + next);
        }
    }

    /** Reads the {@code first/next} form, e.g. {@code 60/60} or {@code 6/6}. */
    public static Optional<Billing> parse(String text) {
        var match = text == null ? null : FORM.matcher(text);
        if (match == null || !match.matches()) {
            return Optional.empty();
        }
        int first = Integer.parseInt(match.group(1));
        int next = Integer.parseInt(match.group(2));
        if (first < 1 || first > MAX_SECONDS || next < 1 || next > MAX_SECONDS) {
            return Optional.empty();
        }
        return Optional.of(new Billing(first, next));
    }

    /**
     * The seconds billed for a call of {@code seconds}.
     *
     * @throws ArithmeticException when the result does not fit a {@code long}
     */
    public long billedSeconds(long seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("negative duration: " + seconds);
        }
        if (seconds == 0) {
            return 0;
        }
        if (seconds <= first) {
            return first;
        }
        long rest = seconds - first;
        long steps = rest / next + (rest % next == 0 ? 0 : 1);
        return Math.addExact(first, Math.multiplyExact(steps, (long) next));
    }

    public String label() {
        return first + "/" + next;
    }

    @Override
    public String toString() {
        return label();
    }
}
