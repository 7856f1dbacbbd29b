// The pure steps of a reservation that were cut, old code against new, timed in one JVM by the thread's CPU time
// (so other processes' load moves it little): the destination's region and validity, the period label's check, the
// from/to line checks, the kind order's text, and the reserve command (built by with-copies, five SHA-256 digests,
// against built whole). Prints µs per call, old and new, averaged over 5 runs of 200,000 after 3 warm-up passes.
// Usage (after ./mvnw package, which lays out target/quarkus-app):
//   CP="target/classes:$(ls target/quarkus-app/lib/main/*.jar | tr '\n' ':')"
//   javac -d target/lean-steps -cp "$CP" load-tests/reservations/LeanSteps.java
//   java -cp "target/lean-steps:$CP" LeanSteps
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import io.tally.ledger.*;

public class LeanSteps {
    static final Pattern PERIOD = Pattern
            .compile("\\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01]))?|\\d{4}-W(0[1-9]|[1-4]\\d|5[0-3])");
    static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    static Object sink;
    static long cpu() { return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime(); }

    static double time(Supplier<Object> s, int n) {
        long t = cpu();
        for (int i = 0; i < n; i++) sink = s.get();
        return (cpu() - t) / 1000.0 / n; // µs
    }

    public static void main(String[] a) throws Exception {
        Class<?> dest = Class.forName("io.tally.pricing.Destination");
        Method plainE164 = dest.getDeclaredMethod("plainE164", String.class); plainE164.setAccessible(true);
        Method validRegion = dest.getDeclaredMethod("validRegion", PhoneNumber.class); validRegion.setAccessible(true);
        Class<?> months = Class.forName("io.tally.ledger.Months");
        Method isPeriod = months.getDeclaredMethod("isPeriod", String.class); isPeriod.setAccessible(true);
        String number = "+393471234567";
        var burn = BurnPolicy.PLAN_FIRST;
        var now = Instant.parse("2026-12-02T03:00:00.123Z");
        int[] k = {0};
        Supplier<Object> destOld = () -> { try { var p = (PhoneNumber) plainE164.invoke(null, number);
            var r = PHONES.getRegionCodeForNumber(p); return PHONES.isValidNumberForRegion(p, r) ? r : null; } catch (Exception e) { throw new RuntimeException(e); } };
        Supplier<Object> destNew = () -> { try { var p = (PhoneNumber) plainE164.invoke(null, number);
            return validRegion.invoke(null, p); } catch (Exception e) { throw new RuntimeException(e); } };
        Supplier<Object> monthsOld = () -> PERIOD.matcher("2026-12").matches();
        Supplier<Object> monthsNew = () -> { try { return isPeriod.invoke(null, "2026-12"); } catch (Exception e) { throw new RuntimeException(e); } };
        Supplier<Object> lineOld = () -> number.chars().anyMatch(Character::isISOControl) || "+15555550100".chars().anyMatch(Character::isISOControl);
        Supplier<Object> lineNew = () -> { for (int i = 0; i < number.length(); i++) if (Character.isISOControl(number.charAt(i))) return true; return false; };
        Supplier<Object> kindOld = () -> burn.kindOrder().stream().map(Enum::name).collect(Collectors.joining(","));
        Supplier<Object> kindNew = burn::kindNames;
        Supplier<Object> reserveOld = () -> new Reserve("bench", "w1-123-" + (k[0]++), "fp", "ev-" + k[0], Optional.empty(),
                new Service("SMS"), 10000, now, now.plus(Duration.ofMinutes(15)), "2026-12", burn, ExpiredHoldAction.RELEASE, "{}")
                .withCategory("messaging").withAccountLimit(Optional.empty()).withRechargeBelow(OptionalLong.empty());
        Supplier<Object> reserveNew = () -> { String key = "w1-123-" + (k[0]++); return new Reserve("bench", key, "fp",
                LedgerKeys.reservationIdFor("bench", key), "ev-" + k[0], Optional.empty(), new Service("SMS"), 10000, now,
                now.plus(Duration.ofMinutes(15)), "2026-12", burn, ExpiredHoldAction.RELEASE, "{}", OptionalLong.empty(), "messaging", Optional.empty()); };
        Object[][] pairs = { {"destination", destOld, destNew}, {"months", monthsOld, monthsNew}, {"optionalLine x2", lineOld, lineNew},
            {"kindOrder", kindOld, kindNew}, {"reserve command", reserveOld, reserveNew} };
        int n = 200_000;
        for (int warm = 0; warm < 3; warm++) for (var p : pairs) { time((Supplier<Object>) p[1], n); time((Supplier<Object>) p[2], n); }
        for (var p : pairs) {
            double o = 0, nw = 0;
            for (int r = 0; r < 5; r++) { o += time((Supplier<Object>) p[1], n); nw += time((Supplier<Object>) p[2], n); }
            System.out.printf("%-18s old %.3f µs  new %.3f µs  saved %.3f µs%n", p[0], o / 5, nw / 5, (o - nw) / 5);
        }
    }
}
