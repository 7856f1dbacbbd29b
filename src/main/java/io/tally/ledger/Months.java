package io.tally.ledger;

import java.util.Objects;

/**
 * Labels of the periods spend counts in: a month (yyyy-MM), a day (yyyy-MM-dd) or an ISO week (YYYY-Www). Checked by
 * a loop, not a regular expression: every reserve and meter checks its period.
 */
final class Months {
    private Months() {
    }

    static String require(String month) {
        Objects.requireNonNull(month, "month");
        if (!isPeriod(month)) {
            throw new IllegalArgumentException("month must be yyyy-MM (or yyyy-MM-dd, YYYY-Www): " + month);
        }
        return month;
    }

    /** {@code \d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?} or {@code \d{4}-W(0[1-9]|[1-4]\d|5[0-3])}. */
    static boolean isPeriod(String s) {
        int n = s.length();
        if (n < 7 || !digits(s, 0, 4) || s.charAt(4) != '-') {
            return false;
        }
        if (s.charAt(5) == 'W') {
            return n == 8 && inRange(s, 6, 1, 53);
        }
        if (!inRange(s, 5, 1, 12)) {
            return false;
        }
        return n == 7 || n == 10 && s.charAt(7) == '-' && inRange(s, 8, 1, 31);
    }

    /** Two digits at {@code at} whose value is within [min, max]. */
    private static boolean inRange(String s, int at, int min, int max) {
        if (!digits(s, at, at + 2)) {
            return false;
        }
        int value = (s.charAt(at) - '0') * 10 + s.charAt(at + 1) - '0';
        return value >= min && value <= max;
    }

    private static boolean digits(String s, int from, int to) {
        if (to > s.length()) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
