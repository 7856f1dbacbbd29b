// The pure steps of a reservation that were cut, old code against new, timed in one JVM by the thread's CPU time
// (so other processes' load moves it little): the destination (Destination.parse of a plain E.164 number, the
// code before the per-region validity tables, copied below as OldDestination, against today's, for five numbers),
// the period label's check, the from/to line checks, the kind order's text, and the reserve command (built by
// with-copies, five SHA-256 digests, against built whole). Prints µs per call, old and new, averaged over 5 runs of
// 200,000 after 3 warm-up passes.
// Usage (after ./mvnw package, which lays out target/quarkus-app):
//   CP="target/classes:$(ls target/quarkus-app/lib/main/*.jar | tr '\n' ':')"
//   javac -d target/lean-steps -cp "$CP" load-tests/reservations/LeanSteps.java
//   java -cp "target/lean-steps:$CP" LeanSteps
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;

import io.tally.ledger.*;
import io.tally.pricing.Destination;

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
        Class<?> months = Class.forName("io.tally.ledger.Months");
        Method isPeriod = months.getDeclaredMethod("isPeriod", String.class); isPeriod.setAccessible(true);
        String number = "+393471234567";
        var burn = BurnPolicy.PLAN_FIRST;
        var now = Instant.parse("2026-12-02T03:00:00.123Z");
        int[] k = {0};
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
        var destinations = List.of(number, "+14155550123", "+447911123456", "+2348031234567", "+4915112345678");
        for (var d : destinations) {
            if (!OldDestination.parse(d).equals(Destination.parse(d)) || OldDestination.validRegion(OldDestination.plainE164(d)) == null) throw new AssertionError(d);
        }
        Object[][] pairs = { {"destination " + destinations.get(0), (Supplier<Object>) () -> OldDestination.parse(destinations.get(0)), (Supplier<Object>) () -> Destination.parse(destinations.get(0))},
            {"destination " + destinations.get(1), (Supplier<Object>) () -> OldDestination.parse(destinations.get(1)), (Supplier<Object>) () -> Destination.parse(destinations.get(1))},
            {"destination " + destinations.get(2), (Supplier<Object>) () -> OldDestination.parse(destinations.get(2)), (Supplier<Object>) () -> Destination.parse(destinations.get(2))},
            {"destination " + destinations.get(3), (Supplier<Object>) () -> OldDestination.parse(destinations.get(3)), (Supplier<Object>) () -> Destination.parse(destinations.get(3))},
            {"destination " + destinations.get(4), (Supplier<Object>) () -> OldDestination.parse(destinations.get(4)), (Supplier<Object>) () -> Destination.parse(destinations.get(4))},
            {"months", monthsOld, monthsNew}, {"optionalLine x2", lineOld, lineNew},
            {"kindOrder", kindOld, kindNew}, {"reserve command", reserveOld, reserveNew} };
        int n = 200_000;
        for (int warm = 0; warm < 3; warm++) for (var p : pairs) { time((Supplier<Object>) p[1], n); time((Supplier<Object>) p[2], n); }
        for (var p : pairs) {
            double o = 0, nw = 0;
            for (int r = 0; r < 5; r++) { o += time((Supplier<Object>) p[1], n); nw += time((Supplier<Object>) p[2], n); }
            System.out.printf("%-28s old %.3f µs  new %.3f µs  saved %.3f µs%n", p[0], o / 5, nw / 5, (o - nw) / 5);
        }
    }
    /**
     * Destination.parse's short path before the per-region validity tables: libphonenumber's isValidNumberForRegion,
     * the region picked by leading digits among regions sharing a calling code (valid numbers only: an invalid one
     * would go on to the general parser, as in Destination).
     */
    static final class OldDestination {
        static final Set<Integer> CALLING_CODES = Set.copyOf(PHONES.getSupportedCallingCodes());
        static final Map<String, Pattern> LEADING_DIGITS = leadingDigits();

        static Optional<Destination> parse(String number) {
            if (number == null || !number.startsWith("+") || number.length() > 20) return Optional.empty();
            var plain = plainE164(number);
            if (plain != null) {
                var region = validRegion(plain);
                if (region != null) return Optional.of(new Destination(number, region));
            }
            return Destination.parse(number);
        }

        static String validRegion(PhoneNumber plain) {
            var regions = PHONES.getRegionCodesForCountryCode(plain.getCountryCode());
            if (regions.size() == 1) {
                var region = regions.get(0);
                return isRegion(region) && PHONES.isValidNumberForRegion(plain, region) ? region : null;
            }
            var national = PHONES.getNationalSignificantNumber(plain);
            for (var region : regions) {
                var leading = LEADING_DIGITS.get(region);
                if (leading != null) {
                    if (leading.matcher(national).lookingAt()) return isRegion(region) && PHONES.isValidNumberForRegion(plain, region) ? region : null;
                } else if (PHONES.isValidNumberForRegion(plain, region)) {
                    return isRegion(region) ? region : null;
                }
            }
            return null;
        }

        static Map<String, Pattern> leadingDigits() {
            var metadata = DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
            var patterns = new HashMap<String, Pattern>();
            for (int code : PHONES.getSupportedCallingCodes()) {
                var regions = PHONES.getRegionCodesForCountryCode(code);
                if (regions.size() > 1) {
                    for (var region : regions) {
                        var data = metadata.getMetadataForRegion(region);
                        if (data != null && data.hasLeadingDigits()) patterns.put(region, Pattern.compile(data.getLeadingDigits()));
                    }
                }
            }
            return Map.copyOf(patterns);
        }

        static boolean isRegion(String region) { return region != null && !"ZZ".equals(region); }

        static PhoneNumber plainE164(String number) {
            int digits = number.length() - 1;
            if (digits > 15) return null;
            for (int i = 1; i < number.length(); i++) { char c = number.charAt(i); if (c < '0' || c > '9') return null; }
            for (int length = 1; length <= 3 && length < digits; length++) {
                int code = Integer.parseInt(number, 1, 1 + length, 10);
                if (CALLING_CODES.contains(code)) return national(code, number.substring(1 + length));
            }
            return null;
        }

        static PhoneNumber national(int countryCode, String national) {
            if (national.length() < 2) return null;
            var phone = new PhoneNumber().setCountryCode(countryCode).setNationalNumber(Long.parseLong(national));
            if (national.charAt(0) == '0') {
                phone.setItalianLeadingZero(true);
                int zeros = 1;
                while (zeros < national.length() - 1 && national.charAt(zeros) == '0') zeros++;
                if (zeros != 1) phone.setNumberOfLeadingZeros(zeros);
            }
            return phone;
        }
    }
}
