package io.tally.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each {@link LedgerCall} against the header of its script in src/main/resources/lua/ledger: the names it declares
 * for KEYS and ARGV are the header's {@code -- KEYS[n] <key>} and {@code -- ARGV[n] <name>} lines (a name without
 * its parenthesis), in the same order and as many, so a script argument reordered, added or dropped on one side only
 * fails here. credit.lua's header has common arguments and per-operation ones ({@code -- grant: ARGV[7] ...}).
 */
public class LedgerCallHeadersTest {
    private static final Path SCRIPTS = Path.of("src/main/resources/lua/ledger");
    private static final Pattern VARIANT = Pattern.compile("^--\\s*(\\w+):\\s+(?=ARGV\\[)");
    private static final Pattern CONTINUED = Pattern.compile("^--\\s{2,}(?=ARGV\\[)");
    private static final Pattern ENTRY = Pattern.compile(
            "(KEYS|ARGV)\\[(\\d+)]\\s+(.*?)(?=\\s+(?:KEYS|ARGV)\\[|$)");
    private static final LedgerKeys LAYOUT = new LedgerKeys(64);
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final SubAccountPolicy SUB = new SubAccountPolicy("team", SubAccountPolicy.Mode.ALLOCATED, true,
            OptionalLong.of(500));

    static Stream<LedgerCall<?>> calls() {
        var reservationId = LedgerKeys.reservationIdFor("acme", "k1");
        var lot = new Lot("lot1", LotKind.PACKAGE, Set.of(Service.SMS), OptionalInt.of(2), NOW,
                Optional.of(NOW.plusSeconds(3600)), 1000, 1000, 0, Optional.empty());
        return Stream.of(
                new LedgerCall.ReserveCall(new Reserve("acme", "k1", "fp", reservationId, "e1", Optional.of(SUB),
                        Service.SMS, 10, NOW, NOW.plusSeconds(60), "2026-03", BurnPolicy.PLAN_FIRST,
                        ExpiredHoldAction.RELEASE, "{}", OptionalLong.of(5)), LAYOUT, "1000", true),
                new LedgerCall.SettleCall(Settle.commit(reservationId, 7, "e2", NOW), "acme", LAYOUT, "1000"),
                new LedgerCall.MeterCall(new Meter("acme", "k2", "fp", "e3", Optional.of(SUB), Service.SMS, 10, NOW,
                        "2026-03", BurnPolicy.PLAN_FIRST, 100, "{}", OptionalLong.of(5)), LAYOUT, "1000"),
                new LedgerCall.GrantCall(new Grant("acme", "k3", "fp", "e4", lot, NOW, "{}"), LAYOUT, "1000"),
                new LedgerCall.AllocateCall(new Allocate("acme", "k4", "fp", "e5", "team", 50, NOW), LAYOUT, "1000"),
                new LedgerCall.BalanceCall("acme", "2026-03", LAYOUT),
                new LedgerCall.ExpireCall(new ExpireCredits("acme", "lot1", "e6", NOW), LAYOUT),
                new LedgerCall.RefreshCall(new RefreshCredits("acme", "lot1", 1, "e7", NOW, NOW.plusSeconds(60), NOW),
                        LAYOUT),
                new LedgerCall.ExtendExpiryCall(new ExtendExpiry("acme", "lot1", NOW.plusSeconds(60), "e7", NOW),
                        LAYOUT),
                new LedgerCall.RechargeDueCall(LAYOUT.partition("acme"), NOW, 30_000, 10),
                new LedgerCall.RechargeEndCall("acme", "e1", RechargeEnd.RETRY, NOW, NOW, 0, "", LAYOUT),
                new LedgerCall.ExpiringCall("acme", "e7", NOW, LAYOUT),
                new LedgerCall.AdjustCall(new Adjust("acme", "k5", "fp", "e8", Optional.of("team"), 50, "adj1",
                        BurnPolicy.PLAN_FIRST, NOW, "why", "key1"), LAYOUT, "1000"),
                new LedgerCall.AdjustCall(new Adjust("acme", "k6", "fp", "e9", Optional.empty(), -50, "",
                        BurnPolicy.PLAN_FIRST, NOW, "why", "key1"), LAYOUT, "1000"),
                new LedgerCall.VoidCall(new VoidLot("acme", "k7", "fp", "e10", "lot1", NOW, "why", "key1"), LAYOUT, "1000"));
    }

    @ParameterizedTest
    @MethodSource("calls")
    void namesAndOrderAreTheScriptHeaders(LedgerCall<?> call) {
        assertThat(mismatches(call)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("calls")
    void eachKeyHasTheShapeItsHeaderNames(LedgerCall<?> call) {
        for (int i = 0; i < call.keys().size(); i++) {
            var shape = Pattern.quote(call.keyNames().get(i)).replace("{pN}", "\\E\\{p\\d+}\\Q")
                    .replaceAll("<\\w+>", "\\\\E[^:]+\\\\Q");
            assertThat(call.keys().get(i)).as("KEYS[%d] of %s", i + 1, call.script()).matches(shape);
        }
        assertThat(call.keys()).hasSameSizeAs(call.keySlots()).allMatch(k -> k.startsWith("{p" + call.partition()));
        assertThat(call.argv()).hasSameSizeAs(call.argvNames()).doesNotContainNull();
    }

    @Test
    void twoArgumentsSwappedInADeclarationFail() {
        var right = new LedgerCall.ReserveCall(
                new Reserve("acme", "k1", "fp", "e1", Optional.empty(),
                        Service.SMS, 10, NOW, NOW.plusSeconds(60), "2026-03", BurnPolicy.PLAN_FIRST,
                        ExpiredHoldAction.RELEASE, "{}"),
                LAYOUT, "1000", true);
        assertThat(mismatches(right)).isEmpty();
        var current = new LedgerCall.ReserveCall(right.command(), LAYOUT, "1000", false);
        assertThat(current.keyNames()).as("the legacy key is the last, and only sent when asked for")
                .isEqualTo(right.keyNames().subList(0, 6));

        var swapped = new ArrayList<>(right.argvSlots());
        swapped.set(2, right.argvSlots().get(3));
        swapped.set(3, right.argvSlots().get(2));
        var wrong = new Declared<>(right, right.keySlots(), swapped);
        assertThat(mismatches(wrong)).containsExactly(
                "ARGV[3] of reserve.lua is 'reservation id', declared 'event id'",
                "ARGV[4] of reserve.lua is 'event id', declared 'reservation id'");

        var keysSwapped = new ArrayList<>(right.keySlots());
        keysSwapped.set(0, right.keySlots().get(1));
        keysSwapped.set(1, right.keySlots().get(0));
        assertThat(mismatches(new Declared<>(right, keysSwapped, right.argvSlots()))).hasSize(2);

        var added = new ArrayList<>(right.argvSlots());
        added.add(new LedgerCall.Slot("extra", "x"));
        assertThat(mismatches(new Declared<>(right, right.keySlots(), added)))
                .containsExactly("ARGV[" + added.size() + "] of reserve.lua is missing, declared 'extra'");
    }

    @Test
    void theHeaderParserReadsVariantsAndStripsParentheses() {
        var header = Header.parse(List.of(
                "-- x.lua: example",
                "-- KEYS[1] {pN}:acct:<id>   KEYS[2] {pN}:epoch",
                "-- ARGV[1] operation (a|b)   ARGV[2] now_ms",
                "-- a:  ARGV[3] lot id   ARGV[4] services (comma list, '' = all)",
                "--     ARGV[5] detail (JSON)",
                "-- b:  ARGV[3] sub",
                "-- Reply: {'1'}",
                "local x = KEYS[1]"));
        assertThat(header.keys()).containsExactly("{pN}:acct:<id>", "{pN}:epoch");
        assertThat(header.argv("a")).containsExactly("operation", "now_ms", "lot id", "services", "detail");
        assertThat(header.argv("b")).containsExactly("operation", "now_ms", "sub");
    }

    /** A declaration with other slots: how a wrong one would look. */
    private record Declared<R>(LedgerCall<R> of, List<LedgerCall.Slot> keySlots, List<LedgerCall.Slot> argvSlots)
            implements
                LedgerCall<R> {
        @Override
        public String script() {
            return of.script();
        }

        @Override
        public int partition() {
            return of.partition();
        }

        @Override
        public R parse(List<String> reply) {
            return of.parse(reply);
        }
    }

    /** What differs between a call's declared names and its script's header, one line per index. */
    static List<String> mismatches(LedgerCall<?> call) {
        return mismatches(call, SCRIPTS);
    }

    /** The same for a call of a script in {@code scripts} (another feature's lua directory). */
    public static List<String> mismatches(LedgerCall<?> call, Path scripts) {
        var header = Header.parse(lines(scripts, call.script()));
        var variant = call.script().equals("credit") ? call.argv().get(0) : null;
        var out = new ArrayList<String>();
        compare(call.script(), "KEYS", header.keys(), call.keyNames(), out);
        compare(call.script(), "ARGV", header.argv(variant), call.argvNames(), out);
        return out;
    }

    private static void compare(String script, String kind, List<String> header, List<String> declared,
            List<String> out) {
        for (int i = 0; i < Math.max(header.size(), declared.size()); i++) {
            var inHeader = i < header.size() ? "is '" + header.get(i) + "'" : "is missing";
            var inJava = i < declared.size() ? "declared '" + declared.get(i) + "'" : "not declared";
            if (i >= header.size() || i >= declared.size() || !header.get(i).equals(declared.get(i))) {
                out.add(kind + "[" + (i + 1) + "] of " + script + ".lua " + inHeader + ", " + inJava);
            }
        }
    }

    private static List<String> lines(Path scripts, String script) {
        try {
            return Files.readAllLines(scripts.resolve(script + ".lua"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A script's header: KEYS names by index, ARGV names by variant ('' = common to all) and index. */
    private record Header(TreeMap<Integer, String> keyNames, TreeMap<String, TreeMap<Integer, String>> argvNames) {
        static Header parse(List<String> lines) {
            var keys = new TreeMap<Integer, String>();
            var argv = new TreeMap<String, TreeMap<Integer, String>>();
            var variant = "";
            for (var line : lines) {
                if (!line.startsWith("--")) {
                    break;
                }
                var named = VARIANT.matcher(line);
                if (named.find()) {
                    variant = named.group(1);
                } else if (!CONTINUED.matcher(line).find()) {
                    variant = "";
                }
                if (!line.matches("^--\\s*(\\w+:\\s+)?(KEYS|ARGV)\\[.*")) {
                    continue;
                }
                var entry = ENTRY.matcher(line);
                while (entry.find()) {
                    var name = entry.group(3).replaceAll("\\s*\\(.*$", "").trim();
                    int index = Integer.parseInt(entry.group(2));
                    var into = entry.group(1).equals("KEYS") ? keys : argv.computeIfAbsent(variant, v -> new TreeMap<>());
                    assertThat(into.put(index, name)).as("%s[%d] named twice", entry.group(1), index).isNull();
                }
            }
            return new Header(keys, argv);
        }

        List<String> keys() {
            return numbered(keyNames);
        }

        /** The common arguments and those of {@code variant} (null: the common ones only). */
        List<String> argv(String variant) {
            var all = new TreeMap<Integer, String>(argvNames.getOrDefault("", new TreeMap<>()));
            if (variant != null) {
                argvNames.getOrDefault(variant, new TreeMap<>())
                        .forEach((i, name) -> assertThat(all.put(i, name)).as("ARGV[%d] common and %s", i, variant).isNull());
            }
            return numbered(all);
        }

        private static List<String> numbered(TreeMap<Integer, String> byIndex) {
            if (!byIndex.isEmpty()) {
                assertThat(byIndex.lastKey()).as("indices 1..n without gaps").isEqualTo(byIndex.size());
            }
            return List.copyOf(byIndex.values());
        }
    }
}
