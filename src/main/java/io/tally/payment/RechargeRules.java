package io.tally.payment;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HexFormat;

/** The arithmetic of payments: prices, lot ids, back-off and months. */
final class RechargeRules {
    private static final BigInteger MICROS = BigInteger.valueOf(1_000_000);

    private RechargeRules() {
    }

    /** What {@code credits} micro-credits cost at {@code minorPerCredit} minor units a credit, rounded up. */
    static long price(long credits, long minorPerCredit) {
        var minor = BigInteger.valueOf(credits).multiply(BigInteger.valueOf(minorPerCredit));
        var parts = minor.divideAndRemainder(MICROS);
        return parts[0].add(parts[1].signum() > 0 ? BigInteger.ONE : BigInteger.ZERO).longValueExact();
    }

    /** The lot a payment grants: {@code rc_<id>}, or {@code rc_} and a digest of an id that is no lot id. */
    static String lotId(String paymentId) {
        if (paymentId.matches("[A-Za-z0-9_-]{1,61}")) {
            return "rc_" + paymentId;
        }
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(paymentId.getBytes(StandardCharsets.UTF_8));
            return "rc_" + HexFormat.of().formatHex(digest, 0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The wait after {@code attempts} failed attempts: {@code first}, doubled after each, at most a day. */
    static Duration backoff(Duration first, int attempts) {
        var wait = first.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
        return wait.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1) : wait;
    }

    /** The start of the month of {@code now} in {@code zone}. */
    static Instant monthStart(Instant now, ZoneId zone) {
        return YearMonth.from(now.atZone(zone)).atDay(1).atStartOfDay(zone).toInstant();
    }
}
