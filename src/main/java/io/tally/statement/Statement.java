package io.tally.statement;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What an account (or one sub-account) had at the start of a period, what came in, what was used and what left
 * otherwise, and what it had at the end: {@code closing = opening + credits − usage − expired + other}, exactly,
 * since every line is a sum of ledger entries.
 *
 * <p>
 * For an account the balance is what it owns: its lots' credits (held ones included) less its debt; credits in are
 * its grants by lot kind. For a sub-account it is its allocation: credits in are allocations (less what was given
 * back), usage is what it spent from its allocation or the pool, and {@code other} says what its allocation did not pay
 * (paid from the account's pool) or still holds for open reservations.
 */
public record Statement(String account, String subAccount, ZoneId zone, StatementPeriod period, long opening,
        List<Line> credits, List<Line> usage, List<Line> expired, List<Line> other, long closing) {

    /** One line of a section, in credits (micro-credits). */
    public record Line(String label, long credits) {
    }

    private static final Set<String> USE = Set.of("reserve", "commit", "release", "expire", "meter");
    private static final Set<String> EXPIRY = Set.of("expire-credits");
    /** A renewal expires what its rollover rule does not keep, then grants the cycle's credits again. */
    private static final String REFRESH = "refresh-credits";
    static final String REFRESHED = "refreshed";
    static final String POOL = "paid from the account's pool";
    static final String HELD = "held for open reservations";

    public Statement {
        credits = List.copyOf(credits);
        usage = List.copyOf(usage);
        expired = List.copyOf(expired);
        other = List.copyOf(other);
    }

    /** Folds the summed entries of an account ({@code subAccount} null) or of one sub-account. */
    public static Statement of(String account, String subAccount, ZoneId zone, StatementPeriod period,
            List<Movement> movements) {
        var fold = new Fold();
        for (var m : movements) {
            if (subAccount == null) {
                fold.account(m);
            } else {
                fold.subAccount(m);
            }
        }
        return new Statement(account, subAccount, zone, period, fold.opening, lines(fold.credits), lines(fold.usage),
                lines(fold.expired), lines(fold.other), fold.closing);
    }

    public long totalCredits() {
        return sum(credits);
    }

    public long totalUsage() {
        return sum(usage);
    }

    public long totalExpired() {
        return sum(expired);
    }

    public long totalOther() {
        return sum(other);
    }

    private static long sum(List<Line> lines) {
        return lines.stream().mapToLong(Line::credits).sum();
    }

    private static List<Line> lines(Map<String, Long> sums) {
        return sums.entrySet().stream().filter(e -> e.getValue() != 0).map(e -> new Line(e.getKey(), e.getValue()))
                .toList();
    }

    private static final class Fold {
        long opening;
        long closing;
        final Map<String, Long> credits = new TreeMap<>();
        final Map<String, Long> usage = new TreeMap<>();
        final Map<String, Long> expired = new TreeMap<>();
        final Map<String, Long> other = new TreeMap<>();

        void account(Movement m) {
            long change = m.balance();
            closing += change;
            if (m.before()) {
                opening += change;
            } else if (m.type().equals("grant")) {
                credits.merge(label(m.kind()), change, Long::sum);
            } else if (USE.contains(m.type())) {
                usage.merge(label(m.service()), -change, Long::sum);
            } else if (EXPIRY.contains(m.type())) {
                expired.merge("expired", -change, Long::sum);
            } else if (m.type().equals(REFRESH)) {
                credits.merge(REFRESHED, change + m.expired(), Long::sum);
                expired.merge("expired", m.expired(), Long::sum);
            } else {
                other.merge(m.type(), change, Long::sum);
            }
        }

        void subAccount(Movement m) {
            closing += m.alloc();
            if (m.before()) {
                opening += m.alloc();
            } else if (USE.contains(m.type())) {
                usage.merge(label(m.service()), m.spent(), Long::sum);
                other.merge(POOL, -m.pool(), Long::sum);
                other.merge(HELD, -m.held(), Long::sum);
            } else if (m.type().equals("allocate") || m.type().equals("deallocate")) {
                credits.merge("allocated", m.alloc(), Long::sum);
            } else if (EXPIRY.contains(m.type()) || m.type().equals(REFRESH)) {
                // a renewal takes from allocations only what it expires; its new credits go to the pool
                expired.merge("expired", -m.alloc(), Long::sum);
            } else {
                other.merge(m.type(), m.alloc(), Long::sum);
            }
        }
    }

    /** Stored enum names as the API spells them: {@code PLAN_ALLOWANCE} is {@code plan-allowance}. */
    static String label(String stored) {
        return stored == null || stored.isEmpty() ? "other" : stored.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
