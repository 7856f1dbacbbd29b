// The pure steps of a reservation that were cut, old code against new, timed in one JVM by the thread's CPU time
// (so other processes' load moves it little): the destination (Destination.parse of a plain E.164 number, the
// code before the per-region validity tables, copied below as OldDestination, against today's, for five numbers),
// the period label's check, the from/to line checks, the kind order's text, and the reserve command (built by
// with-copies, five SHA-256 digests, against built whole). Prints µs per call, old and new, averaged over 5 runs of
// 200,000 after 3 warm-up passes.
// The second group ("call", run alone by `java ... LeanSteps call`) times the steps around the reserve script's call
// whose old code is copied below (Old*): the reservation id and the command's checks, the script's keys and
// arguments, the event detail's JSON, the answer's decimals and the request's id checks.
// Usage (after ./mvnw package, which lays out target/quarkus-app):
//   CP="target/classes:$(ls target/quarkus-app/lib/main/*.jar | tr '\n' ':')"
//   javac -d target/lean-steps -cp "$CP" load-tests/reservations/LeanSteps.java
//   java -cp "target/lean-steps:$CP" LeanSteps
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Objects;
import java.util.zip.CRC32;
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
import io.tally.platform.Fields;
import io.tally.platform.JsonObject;
import io.tally.pricing.Credits;
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
        if (a.length > 0 && a[0].equals("call")) {
            callSteps();
            return;
        }
        leanSteps();
        callSteps();
    }

    static void report(Object[][] pairs) {
        int n = 200_000;
        for (int warm = 0; warm < 3; warm++) for (var p : pairs) { time((Supplier<Object>) p[1], n); time((Supplier<Object>) p[2], n); }
        double allOld = 0, allNew = 0;
        for (var p : pairs) {
            double o = 0, nw = 0;
            for (int r = 0; r < 5; r++) { o += time((Supplier<Object>) p[1], n); nw += time((Supplier<Object>) p[2], n); }
            System.out.printf("%-28s old %.3f µs  new %.3f µs  saved %.3f µs%n", p[0], o / 5, nw / 5, (o - nw) / 5);
            allOld += o / 5;
            allNew += nw / 5;
        }
        System.out.printf("%-28s old %.3f µs  new %.3f µs  saved %.3f µs%n", "together", allOld, allNew, allOld - allNew);
    }

    static void leanSteps() throws Exception {
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
        report(pairs);
    }

    // ---- The steps around the reserve script's call: the old code, copied as it was before they were cut. ----

    static final LedgerKeys LAYOUT = new LedgerKeys(64);
    static final String ACCOUNT = "acme-eu-1";
    static final String TTL = "86400000";

    static void callSteps() throws Exception {
        var burn = BurnPolicy.PLAN_FIRST;
        var now = Instant.parse("2026-12-02T03:00:00.123Z");
        var detail = detail(new JsonObject(), "w1-123-456789");
        int[] k = {0};
        // The command as Metering builds it: the id derived, then the record's checks (which derive it again).
        Supplier<Object> commandOld = () -> { String key = "w1-123-" + (k[0]++); return new OldReserve(ACCOUNT, key, "fp",
                OldKeys.reservationIdFor(ACCOUNT, key), "ev-" + k[0], Optional.empty(), new Service("SMS"), 10000, now,
                now.plus(Duration.ofMinutes(15)), "2026-12", burn, ExpiredHoldAction.RELEASE, detail, OptionalLong.empty(), "messaging", Optional.empty()); };
        Supplier<Object> commandNew = () -> { String key = "w1-123-" + (k[0]++); return new Reserve(ACCOUNT, key, "fp",
                LedgerKeys.reservationIdFor(ACCOUNT, key), "ev-" + k[0], Optional.empty(), new Service("SMS"), 10000, now,
                now.plus(Duration.ofMinutes(15)), "2026-12", burn, ExpiredHoldAction.RELEASE, detail, OptionalLong.empty(), "messaging", Optional.empty()); };
        var reserve = (Reserve) commandNew.get();
        Supplier<Object> keysOld = () -> OldCall.keys(reserve, false);
        Supplier<Object> keysNew = () -> new LedgerCall.ReserveCall(reserve, LAYOUT, TTL, false, true).keys();
        Supplier<Object> argvOld = () -> OldCall.argv(reserve, TTL, true);
        Supplier<Object> argvNew = () -> new LedgerCall.ReserveCall(reserve, LAYOUT, TTL, false, true).argv();
        var reply = List.of("1", reserve.reservationId(), "plan-2026-12:10000", "123450000", "1796180400123");
        Supplier<Object> parseOld = () -> new LedgerCall.ReserveCall(reserve, LAYOUT, TTL, false, true).parse(reply);
        Supplier<Object> detailOld = () -> detail(new OldJson(), "w1-123-" + (k[0]++));
        Supplier<Object> detailNew = () -> detail(new JsonObject(), "w1-123-" + (k[0]++));
        // The 201 body's four amounts (rate, cost, available, one charge): Credits.decimal against a loop that strips
        // the zeros itself, tried and not kept (it saved nothing measurable).
        Supplier<Object> decimalsNow = () -> new BigDecimal[] { Credits.decimal(4500), Credits.decimal(9000), Credits.decimal(123450000 + k[0]++), Credits.decimal(9000) };
        Supplier<Object> decimalsLoop = () -> new BigDecimal[] { loopDecimal(4500), loopDecimal(9000), loopDecimal(123450000 + k[0]++), loopDecimal(9000) };
        Supplier<Object> idsOld = () -> { oldFieldsId("account", ACCOUNT); for (var label : new String[][] { { "product", "otp" },
                { "user", null }, { "group", null }, { "contact", null } }) Fields.optionalText(label[0], label[1], 128); return label(); };
        Supplier<Object> idsNew = () -> { Fields.id("account", ACCOUNT); Fields.optionalText("product", "otp", 128);
                Fields.optionalText("user", null, 128); Fields.optionalText("group", null, 128); Fields.optionalText("contact", null, 128); return label(); };
        Supplier<Object> uuid = () -> UUID.randomUUID().toString();
        Object[][] pairs = { {"command+id", commandOld, commandNew}, {"script keys", keysOld, keysNew},
            {"script argv", argvOld, argvNew}, {"detail JSON", detailOld, detailNew}, {"request ids", idsOld, idsNew} };
        report(pairs);
        System.out.println("-- unchanged (their cost alone, twice) and tried:");
        report(new Object[][] { {"reply parse", parseOld, parseOld}, {"event id (UUID)", uuid, uuid},
            {"decimals x4 (loop)", decimalsNow, decimalsLoop} });
    }

    static String label() { return "ok"; }

    /** The event detail of a reservation of a 20-character SMS, as Metering writes it. */
    static String detail(Object json, String key) {
        if (json instanceof JsonObject j) {
            return j.put("idempotencyKey", key).put("service", "SMS").put("direction", "OUTBOUND").put("from", "Acme")
                    .put("to", "+393471234567").put("country", "IT").put("segments", 1).put("encoding", "gsm7")
                    .put("characters", 20).put("units", 1).put("billed", 1).put("rate", 4500).put("cost", 4500)
                    .put("product", "otp").put("user", "u-42").putRaw("metadata", "{\"campaign\":\"winter\"}").toString();
        }
        var j = (OldJson) json;
        return j.put("idempotencyKey", key).put("service", "SMS").put("direction", "OUTBOUND").put("from", "Acme")
                .put("to", "+393471234567").put("country", "IT").put("segments", 1).put("encoding", "gsm7")
                .put("characters", 20).put("units", 1).put("billed", 1).put("rate", 4500).put("cost", 4500)
                .put("product", "otp").put("user", "u-42").putRaw("metadata", "{\"campaign\":\"winter\"}").toString();
    }

    static final Pattern OLD_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    static String oldFieldsId(String field, String value) {
        Fields.required(field, value);
        if (!OLD_ID.matcher(value).matches()) {
            throw new IllegalArgumentException(field);
        }
        return value;
    }

    static BigDecimal loopDecimal(long micros) {
        long unscaled = micros;
        int scale = 6;
        while (scale > 0 && unscaled % 10 == 0) {
            unscaled /= 10;
            scale--;
        }
        return BigDecimal.valueOf(unscaled, scale);
    }

    /** The old LedgerKeys: every key computed its partition, the hold's from its reservation id, checked again. */
    static final class OldKeys {
        static final MessageDigest SHA_256;
        static {
            try { SHA_256 = MessageDigest.getInstance("SHA-256"); } catch (Exception e) { throw new IllegalStateException(e); }
        }
        static String tag(int partition) { return "{p" + partition + "}"; }
        static String account(String accountId) { return tag(Partitions.of(accountId, 64)) + ":acct:" + accountId; }
        static String usable(String accountId) { return account(accountId) + ":usable"; }
        static String idempotency(String accountId, String key) { return account(accountId) + ":idem:" + key; }
        static String hold(String reservationId) { return tag(Partitions.of(accountOf(reservationId).orElseThrow(), 64)) + ":hold:" + reservationId; }
        static String deadlines(int partition) { return tag(partition) + ":deadlines"; }
        static String events(int partition) { return tag(partition) + ":events"; }
        static String epoch(int partition) { return tag(partition) + ":epoch"; }
        static String reservationId(String accountId, String suffix) {
            requireId(accountId, "account id");
            requireId(suffix, "reservation suffix");
            return "r." + accountId + "." + suffix;
        }
        static String reservationIdFor(String accountId, String idempotencyKey) { return reservationId(accountId, digest(idempotencyKey)); }
        static String digest(String idempotencyKey) {
            MessageDigest sha;
            try { sha = (MessageDigest) SHA_256.clone(); } catch (CloneNotSupportedException e) { throw new IllegalStateException(e); }
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest(idempotencyKey.getBytes(StandardCharsets.UTF_8))).substring(0, 22);
        }
        static Optional<String> accountOf(String reservationId) {
            if (!reservationId.startsWith("r.")) return Optional.empty();
            int dot = reservationId.indexOf('.', 2);
            if (dot < 0 || !isId(reservationId, 2, dot) || !isId(reservationId, dot + 1, reservationId.length())) return Optional.empty();
            return Optional.of(reservationId.substring(2, dot));
        }
        static String requireId(String id, String what) {
            Objects.requireNonNull(id, what);
            if (!isId(id, 0, id.length())) throw new IllegalArgumentException(what + " must be 1-64 of [A-Za-z0-9_-]: " + id);
            return id;
        }
        static boolean isId(String text, int from, int to) {
            if (to - from < 1 || to - from > 64) return false;
            for (int i = from; i < to; i++) {
                char c = text.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) return false;
            }
            return true;
        }
        static long requireCost(long amount, String what) {
            if (amount < 0 || amount > LedgerKeys.MAX_AMOUNT) throw new IllegalArgumentException(what);
            return amount;
        }
        static void requireThreshold(OptionalLong threshold) {
            Objects.requireNonNull(threshold, "rechargeBelow");
            if (threshold.isPresent() && (threshold.getAsLong() <= 0 || threshold.getAsLong() > LedgerKeys.MAX_AMOUNT)) throw new IllegalArgumentException("rechargeBelow");
        }
        static String requireCategory(String category) {
            if (category == null || category.length() > 31) throw new IllegalArgumentException("category");
            for (int i = 0; i < category.length(); i++) if (category.charAt(i) < 'a' || category.charAt(i) > 'z') throw new IllegalArgumentException("category");
            return category;
        }
        static String requireToken(String value, String what) {
            Objects.requireNonNull(value, what);
            if (value.isEmpty() || value.length() > 200 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) throw new IllegalArgumentException(what);
            return value;
        }
    }

    static final MethodHandle MONTHS_REQUIRE;
    static {
        try {
            var lookup = MethodHandles.privateLookupIn(Class.forName("io.tally.ledger.Months"), MethodHandles.lookup());
            MONTHS_REQUIRE = lookup.findStatic(Class.forName("io.tally.ledger.Months"), "require", MethodType.methodType(String.class, String.class));
        } catch (Exception e) { throw new ExceptionInInitializerError(e); }
    }

    /** The old Reserve: its checks derived the reservation id again through the checking reservationIdFor. */
    record OldReserve(String account, String idempotencyKey, String fingerprint, String reservationId,
            String eventId, Optional<SubAccountPolicy> sub, Service service, long amount, Instant now, Instant deadline,
            String month, BurnPolicy burn, ExpiredHoldAction onExpiry, String detail, OptionalLong rechargeBelow,
            String category, Optional<AccountLimit> accountLimit) {
        OldReserve {
            OldKeys.requireId(account, "account id");
            OldKeys.requireToken(idempotencyKey, "idempotencyKey");
            OldKeys.requireToken(fingerprint, "fingerprint");
            if (!OldKeys.reservationIdFor(account, idempotencyKey).equals(reservationId)) throw new IllegalArgumentException("reservation id");
            OldKeys.requireToken(eventId, "eventId");
            Objects.requireNonNull(sub, "sub");
            Objects.requireNonNull(service, "service");
            OldKeys.requireCost(amount, "amount");
            now = now.truncatedTo(ChronoUnit.MILLIS);
            deadline = deadline.truncatedTo(ChronoUnit.MILLIS);
            try { var m = (String) MONTHS_REQUIRE.invokeExact(month); } catch (Throwable t) { throw new IllegalArgumentException(t); }
            Objects.requireNonNull(burn, "burn");
            Objects.requireNonNull(onExpiry, "onExpiry");
            Objects.requireNonNull(detail, "detail");
            OldKeys.requireThreshold(rechargeBelow);
            OldKeys.requireCategory(category);
            Objects.requireNonNull(accountLimit, "accountLimit");
        }
    }

    /** The old ReserveCall's keys and arguments: slots in lists, their values by streams. */
    static final class OldCall {
        record Slot(String name, String value) {
        }

        static Slot slot(String name, String value) { return new Slot(name, value); }

        static List<String> keys(Reserve command, boolean legacy) {
            int p = Partitions.of(command.account(), 64);
            var keys = new ArrayList<>(List.of(slot("{pN}:acct:<id>", OldKeys.account(command.account())),
                    slot("{pN}:hold:<reservationId>", OldKeys.hold(command.reservationId())),
                    slot("{pN}:deadlines", OldKeys.deadlines(p)), slot("{pN}:events", OldKeys.events(p)),
                    slot("{pN}:acct:<id>:usable", OldKeys.usable(command.account())), slot("{pN}:epoch", OldKeys.epoch(p))));
            if (legacy) {
                keys.add(slot("{pN}:acct:<id>:idem:<key>", OldKeys.idempotency(command.account(), command.idempotencyKey())));
            }
            return List.copyOf(keys).stream().map(Slot::value).toList();
        }

        static String millis(Instant instant) { return Long.toString(instant.toEpochMilli()); }
        static String sub(Optional<SubAccountPolicy> sub) { return sub.map(SubAccountPolicy::id).orElse(""); }
        static String mode(Optional<SubAccountPolicy> sub) { return sub.map(s -> s.mode().name()).orElse(""); }
        static String fallback(Optional<SubAccountPolicy> sub) { return sub.filter(SubAccountPolicy::fallbackToPool).isPresent() ? "1" : "0"; }
        static String threshold(OptionalLong threshold) { return threshold.isPresent() ? Long.toString(threshold.getAsLong()) : ""; }

        static List<String> argv(Reserve command, String idempotencyTtlMs, boolean sortedIndex) {
            var sub = command.sub();
            var limit = sub.flatMap(s -> s.monthlyLimit().isPresent()
                    ? Optional.of(Long.toString(s.monthlyLimit().getAsLong()))
                    : Optional.empty());
            return List.of(slot("account", command.account()), slot("fingerprint", command.fingerprint()),
                    slot("reservation id", command.reservationId()), slot("event id", command.eventId()),
                    slot("sub", sub(sub)), slot("mode", mode(sub)), slot("fallback to pool", fallback(sub)),
                    slot("monthly limit", limit.orElse("")), slot("service", command.service().name()),
                    slot("amount", Long.toString(command.amount())), slot("now_ms", millis(command.now())),
                    slot("deadline_ms", millis(command.deadline())), slot("month", command.month()),
                    slot("kind order", command.burn().kindNames()), slot("expiry order", command.burn().expiryOrder().name()),
                    slot("on expiry", command.onExpiry().name()), slot("detail", command.detail()),
                    slot("idempotency TTL ms", idempotencyTtlMs),
                    slot("recharge threshold", threshold(command.rechargeBelow())),
                    slot("category", command.category()), slot("sorted index", sortedIndex ? "1" : ""),
                    slot("account limit", command.accountLimit()
                            .map(l -> l.amount() + "@" + l.period()).orElse(""))).stream().map(Slot::value).toList();
        }
    }

    /** The old JsonObject: strings appended a character at a time. */
    static final class OldJson {
        private static final char[] HEX = "0123456789ABCDEF".toCharArray();
        private final StringBuilder out = new StringBuilder(256).append('{');

        OldJson put(String name, String value) { if (value != null) { name(name); string(value); } return this; }
        OldJson put(String name, long value) { name(name); out.append(value); return this; }
        OldJson putRaw(String name, String json) { if (json != null) { name(name); out.append(json); } return this; }
        @Override public String toString() { return out + "}"; }
        private void name(String name) { if (out.length() > 1) out.append(','); string(name); out.append(':'); }
        private void string(String value) {
            out.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"' || c == '\\') out.append('\\').append(c);
                else if (c < 0x20) escapeControl(c);
                else out.append(c);
            }
            out.append('"');
        }
        private void escapeControl(char c) {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
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
