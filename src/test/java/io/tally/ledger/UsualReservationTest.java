package io.tally.ledger;

import static io.tally.ledger.Book.allocated;
import static io.tally.ledger.Book.limited;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.tally.platform.LuaSources;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * reserve.lua answers the usual reservation before its library is defined (the text above its {@code -- (library)}
 * line), and meter.lua the usual metered use. Each movement here runs on two servers: on one with the whole script, on
 * the other with that first part cut out, so that every movement takes the general path there. The replies must be
 * the same, and so must every key of both servers after each step (streams by their entries' fields); and each
 * movement must take the path
 * it is listed with: the first part reads the first lot with its budgets, the general path with HGETs of its own,
 * so the difference of the servers' HGET counts says which path ran.
 */
class UsualReservationTest {
    private static final String GENERAL_RESERVE = generalOnly(LedgerScript.RESERVE.source());
    private static final String GENERAL_METER = generalOnly(LedgerScript.METER.source());
    private static final Duration TTL = Duration.ofDays(7);

    private final Redis usualRedis = TestRedis.dedicatedClient();
    private final Redis generalRedis = TestRedis.dedicatedClient();
    private final RedisLedger usual = TestRedis.opened(new RedisLedger(usualRedis, LedgerUnderTest.PARTITIONS, TTL));
    private final RedisLedger general = TestRedis.opened(new RedisLedger(generalRedis, LedgerUnderTest.PARTITIONS,
            TTL));

    private enum Path {
        FIRST,
        GENERAL
    }

    @Test
    void aPlainAccountTakesTheFirstPathUntilALotWouldBeDrained() {
        var book = new Book("plain");
        both(book.grant("u", 1000));
        // a grant leaves the index of lots plain: the next movement reads every lot and writes it sorted
        var first = reserve(book.reserve(100), Path.GENERAL);
        reserve(book.reserve(200), Path.FIRST);
        both(book.commit(((ReserveOutcome.Reserved) first).reservationId(), 60));
        // a repeat answers from its hold: the general path
        var repeat = book.reserve(300);
        reserve(repeat, Path.FIRST);
        reserve(repeat, Path.GENERAL);
        // 1000 - 60 - 200 - 300 = 440 left in the one lot: 440 drains it, which the general path does
        reserve(book.reserve(441), Path.GENERAL);
        reserve(book.reserve(440), Path.GENERAL);
        reserve(book.reserve(1), Path.GENERAL);
    }

    @Test
    void subAccountsLimitsAndAllocationsDecideAlikeOnBothPaths() {
        var book = new Book("subs");
        both(book.grant("u", 10_000));
        both(book.allocate("al", 300));
        reserve(book.reserve(100, limited("lim", 250)), Path.GENERAL); // sorts the index
        reserve(book.reserve(100, limited("lim", 250)), Path.FIRST);
        reserve(book.reserve(100, limited("lim", 250)), Path.GENERAL); // past the monthly limit: refused
        reserve(book.reserve(200, allocated("al", false)), Path.FIRST);
        reserve(book.reserve(200, allocated("al", false)), Path.GENERAL); // past the allocation: refused
        reserve(book.reserve(400, allocated("al", true)), Path.FIRST); // the allocation's 100, then the pool
        var limit = Optional.of(new AccountLimit(1000, "2026-03-10"));
        reserve(book.reserve(500).withAccountLimit(limit), Path.FIRST);
        reserve(book.reserve(501).withAccountLimit(limit), Path.GENERAL); // past the account's limit: refused
        reserve(book.reserve(500).withAccountLimit(limit), Path.FIRST);
    }

    @Test
    void aRechargeToOpenOrAnAlertToJudgeTakesTheGeneralPath() {
        var book = new Book("alerts");
        both(book.grant("u", 10_000));
        reserve(book.reserve(1).withRechargeBelow(OptionalLong.of(5000)), Path.GENERAL); // sorts the index
        reserve(book.reserve(1000).withRechargeBelow(OptionalLong.of(5000)), Path.FIRST);
        reserve(book.reserve(5000).withRechargeBelow(OptionalLong.of(5000)), Path.GENERAL); // opens a recharge
        // rules as the mirror writes them (no band): the first movement judges them in full and writes the band
        both(book.grant("v", 10_000));
        var rules = usual.keys().account(book.account) + ":alert-rules";
        setBoth(rules, "r1|low-balance|6000||||||\nr2|low-balance|2000||||||");
        reserve(book.reserve(100), Path.GENERAL); // after a grant, and the rules without a band
        reserve(book.reserve(100), Path.FIRST); // inside the band
        reserve(book.reserve(7000), Path.GENERAL); // crosses 6000: fires
        reserve(book.reserve(100), Path.FIRST);
    }

    @Test
    void lotsPastTheirExpiryOrNotValidYetTakeTheGeneralPath() {
        var book = new Book("special");
        both(book.grant(Book.expiring("x", LotKind.PACKAGE, 500, Book.T0.plusSeconds(60))));
        both(book.grant("u", 1000));
        reserve(book.reserve(100), Path.GENERAL); // the first reserve sorts the index (a plain one was written)
        reserve(book.reserve(100), Path.FIRST);
        book.now = Book.T0.plusSeconds(120);
        reserve(book.reserve(100), Path.GENERAL); // the package is past its expiry: expired first
        reserve(book.reserve(100), Path.FIRST);
    }

    @Test
    void theUsualMeteredUseTakesTheFirstPathAndWritesWhatTheGeneralPathWrites() {
        var book = new Book("metered");
        both(book.grant("u", 10_000));
        both(book.allocate("al", 300));
        meter(book.meter(100, 0), Path.GENERAL); // after a grant: sorts the index
        var repeated = book.meter(100, 0);
        meter(repeated, Path.FIRST);
        meter(repeated, Path.GENERAL); // a repeat answers from its record
        meter(book.meter(100, Optional.of(limited("lim", 150)), 0), Path.FIRST);
        meter(book.meter(100, Optional.of(limited("lim", 150)), 0), Path.FIRST); // never refused: over the limit
        meter(book.meter(200, Optional.of(allocated("al", false)), 0), Path.FIRST);
        meter(book.meter(200, Optional.of(allocated("al", false)), 0), Path.FIRST); // the allocation goes negative
        meter(book.meter(200, Optional.of(allocated("fb", true)), 0), Path.FIRST); // no allocation: the pool pays
        meter(book.meter(100, 0).withAccountLimit(Optional.of(new AccountLimit(150, "2026-03-10"))), Path.FIRST);
        meter(book.meter(100, 0).withRechargeBelow(OptionalLong.of(9000)), Path.GENERAL); // opens a recharge
        // 10,000 - 1,100 = 8,900 left: 8,900 drains the lot, and then the use goes into debt
        meter(book.meter(8_900, 0), Path.GENERAL);
        meter(book.meter(100, 50), Path.GENERAL);
    }

    private MeterOutcome meter(Meter command, Path path) {
        var call = new LedgerCall.MeterCall(command, general.keys(), Long.toString(TTL.toMillis()), true);
        return onBoth(command.idempotencyKey(), path, () -> usual.meter(command), call, GENERAL_METER);
    }

    private ReserveOutcome reserve(Reserve command, Path path) {
        var call = new LedgerCall.ReserveCall(command, general.keys(), Long.toString(TTL.toMillis()), false, true);
        return onBoth(command.idempotencyKey(), path, () -> usual.reserve(command), call, GENERAL_RESERVE);
    }

    /**
     * The movement through the ledger on one server and as the general path alone on the other (the same call by
     * EVAL of the script without its first part): the same reply, the path listed, the same keys after.
     */
    private <R> R onBoth(String key, Path path, Supplier<Uni<R>> onUsual, LedgerCall<R> call, String general) {
        long usualBefore = hgets(usualRedis);
        long generalBefore = hgets(generalRedis);
        var usualReply = onUsual.get().await().atMost(TestRedis.TIMEOUT);
        var generalReply = call.parse(strings(generalRedis.send(
                LuaSources.call(Command.EVAL, general, call.keys(), call.argv())).await().atMost(TestRedis.TIMEOUT)));
        assertThat(usualReply).as("reply to %s", key).isEqualTo(generalReply);
        long saved = (hgets(generalRedis) - generalBefore) - (hgets(usualRedis) - usualBefore);
        assertThat(saved > 0 ? Path.FIRST : Path.GENERAL).as("path of %s", key).isEqualTo(path);
        assertThat(contents(usualRedis)).as("keys after %s", key).isEqualTo(contents(generalRedis));
        return usualReply;
    }

    /** A grant, an allocation or a settle, on both servers. */
    private void both(Object command) {
        for (var ledger : List.of(usual, general)) {
            if (command instanceof Grant grant) {
                ledger.grant(grant).await().atMost(TestRedis.TIMEOUT);
            } else if (command instanceof Settle settle) {
                ledger.settle(settle).await().atMost(TestRedis.TIMEOUT);
            } else {
                ledger.allocate((Allocate) command).await().atMost(TestRedis.TIMEOUT);
            }
        }
    }

    private void setBoth(String key, String value) {
        for (var redis : List.of(usualRedis, generalRedis)) {
            redis.send(Request.cmd(Command.SET).arg(key).arg(value)).await().atMost(TestRedis.TIMEOUT);
        }
    }

    /** The script without what precedes its library: only the general path. */
    private static String generalOnly(String source) {
        var mark = "\n-- (library)\n";
        int end = source.indexOf(mark);
        int start = source.indexOf("\ndo\n");
        assertThat(start).as("the first part's block").isPositive().isLessThan(end);
        return source.substring(0, start + 1) + source.substring(end + 1);
    }

    private static long hgets(Redis redis) {
        var info = redis.send(Request.cmd(Command.INFO).arg("commandstats")).await().atMost(TestRedis.TIMEOUT)
                .toString();
        var calls = Pattern.compile("cmdstat_hget:calls=(\\d+)").matcher(info);
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }

    /** Every key but the epoch, by its value: strings, hashes, sorted sets, sets, and streams' entries' fields. */
    private static Map<String, Object> contents(Redis redis) {
        var out = new TreeMap<String, Object>();
        for (var key : redis.send(Request.cmd(Command.KEYS).arg("*")).await().atMost(TestRedis.TIMEOUT)) {
            var name = key.toString();
            if (name.endsWith(":epoch")) {
                continue;
            }
            var type = redis.send(Request.cmd(Command.TYPE).arg(name)).await().atMost(TestRedis.TIMEOUT).toString();
            Request read = switch (type) {
                case "string" -> Request.cmd(Command.GET).arg(name);
                case "hash" -> Request.cmd(Command.HGETALL).arg(name);
                case "zset" -> Request.cmd(Command.ZRANGE).arg(name).arg(0).arg(-1).arg("WITHSCORES");
                case "set" -> Request.cmd(Command.SMEMBERS).arg(name);
                case "stream" -> Request.cmd(Command.XRANGE).arg(name).arg("-").arg("+");
                default -> throw new AssertionError(name + " is a " + type);
            };
            var value = redis.send(read).await().atMost(TestRedis.TIMEOUT);
            out.put(name, type.equals("stream") ? fieldsOfEntries(value) : normal(type, value));
        }
        return out;
    }

    private static Object normal(String type, Response value) {
        if (type.equals("string")) {
            return value.toString();
        }
        if (type.equals("hash")) {
            var map = new TreeMap<String, String>();
            value.getKeys().forEach(field -> map.put(field, value.get(field).toString()));
            return map;
        }
        var items = new ArrayList<String>();
        value.forEach(item -> items.add(String.valueOf(item)));
        if (type.equals("set")) {
            items.sort(null);
        }
        return items;
    }

    private static List<String> fieldsOfEntries(Response entries) {
        var out = new ArrayList<String>();
        entries.forEach(entry -> out.add(String.valueOf(entry.get(1))));
        return out;
    }

    private static List<String> strings(Response response) {
        var values = new ArrayList<String>(response.size());
        response.forEach(item -> values.add(item == null ? null : item.toString()));
        return values;
    }
}
