package io.tally.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.redis.client.RedisOptions;

/** The adapter around the scripts: loading, the EVAL fall-back, failures. */
class RedisLedgerTest {
    private final RedisLedger ledger = TestRedis.opened(new RedisLedger(TestRedis.client(), 64, Duration.ofDays(7)));

    @Test
    void runsAfterTheScriptCacheWasFlushed() {
        ledger.load().await().atMost(TestRedis.TIMEOUT);
        TestRedis.client().send(Request.cmd(Command.SCRIPT).arg("FLUSH")).await().atMost(TestRedis.TIMEOUT);
        var book = LedgerCases.book();

        var granted = ledger.grant(book.grant("u", 100)).await().atMost(TestRedis.TIMEOUT);

        assertThat(granted).isEqualTo(new CreditOutcome.Credited(100, 0, 0, false));
    }

    @Test
    void loadingFailsFastWhenRedisIsUnreachable() {
        var nowhere = Redis.createClient(TestRedis.vertx(), new RedisOptions()
                .setConnectionString("redis://127.0.0.1:" + TestRedis.freePort()));
        var unreachable = new RedisLedger(nowhere, 64, Duration.ofDays(7));

        assertThatThrownBy(() -> unreachable.load().await().atMost(TestRedis.TIMEOUT))
                .isNotInstanceOf(io.smallrye.mutiny.TimeoutException.class);
        assertThatThrownBy(() -> unreachable.reserve(LedgerCases.book().reserve(1)).await().atMost(TestRedis.TIMEOUT))
                .isNotInstanceOf(io.smallrye.mutiny.TimeoutException.class);
        nowhere.close();
    }

    @Test
    void aSettledHoldKeepsOnlyItsRepliesUntilTheIdempotencyTtl() {
        var book = LedgerCases.book();
        ledger.grant(book.grant("u", 1000)).await().atMost(TestRedis.TIMEOUT);
        var reserve = book.reserve(300);
        var held = (ReserveOutcome.Reserved) ledger.reserve(reserve).await().atMost(TestRedis.TIMEOUT);
        var hold = ledger.keys().hold(held.reservationId());
        assertThat(send(Request.cmd(Command.GET).arg(hold)).toString())
                .isEqualTo("HELD|" + reserve.fingerprint() + "|700|" + reserve.deadline().toEpochMilli() + "|u:300|300|300||"
                        + Book.MONTH + "|SMS|" + reserve.now().toEpochMilli() + "|RELEASE|" + reserve.detail());
        assertThat(send(Request.cmd(Command.PTTL).arg(hold)).toLong()).as("open: no expiry").isEqualTo(-1);

        ledger.settle(book.commit(held.reservationId(), 100)).await().atMost(TestRedis.TIMEOUT);

        assertThat(send(Request.cmd(Command.GET).arg(hold)).toString()).isEqualTo("COMMITTED|"
                + reserve.fingerprint() + "|700|" + reserve.deadline().toEpochMilli() + "|u:300|100|200");
        assertThat(send(Request.cmd(Command.PTTL).arg(hold)).toLong())
                .isBetween(Duration.ofDays(7).minusMinutes(1).toMillis(), Duration.ofDays(7).toMillis());
        assertThat(ledger.settle(book.release(held.reservationId())).await().atMost(TestRedis.TIMEOUT))
                .isEqualTo(new SettleOutcome.Settled(held.reservationId(), HoldState.COMMITTED, 100, 200, true));
        assertThat(ledger.reserve(reserve).await().atMost(TestRedis.TIMEOUT))
                .as("the reserve's reply, replayed from the settled hold")
                .isEqualTo(new ReserveOutcome.Reserved(held.reservationId(), held.charges(), 700, held.deadline(),
                        true));
    }

    @Test
    void aPartitionWithoutItsEpochRefusesEveryScriptAndWritesNothingUntilReopened() {
        var redis = TestRedis.dedicatedClient();
        var ledger = TestRedis.opened(new RedisLedger(redis, 64, Duration.ofDays(7)));
        var book = LedgerCases.book();
        ledger.grant(book.grant("u", 1000)).await().atMost(TestRedis.TIMEOUT);
        var held = (ReserveOutcome.Reserved) ledger.reserve(book.reserve(300)).await().atMost(TestRedis.TIMEOUT);
        var partition = ledger.keys().partition(book.account);
        redis.send(Request.cmd(Command.DEL).arg(LedgerKeys.epoch(partition))).await().atMost(TestRedis.TIMEOUT);
        var dump = redis.send(Request.cmd(Command.HGETALL).arg(ledger.keys().account(book.account)))
                .await().atMost(TestRedis.TIMEOUT).toString();

        assertThat(ledger.lostPartitions().await().atMost(TestRedis.TIMEOUT)).containsExactly(partition);
        List<java.util.function.Supplier<io.smallrye.mutiny.Uni<?>>> calls = List.of(
                () -> ledger.reserve(book.reserve(1)), () -> ledger.settle(book.commit(held.reservationId())),
                () -> ledger.meter(book.meter(5, 0)), () -> ledger.grant(book.grant("v", 10)),
                () -> ledger.allocate(book.allocate("office", 10)), () -> ledger.balance(book.account, Book.MONTH));
        for (var call : calls) {
            assertThatThrownBy(() -> call.get().await().atMost(TestRedis.TIMEOUT))
                    .isInstanceOfSatisfying(LedgerLost.class, lost -> assertThat(lost.partition()).isEqualTo(partition));
        }
        assertThat(redis.send(Request.cmd(Command.HGETALL).arg(ledger.keys().account(book.account)))
                .await().atMost(TestRedis.TIMEOUT).toString()).isEqualTo(dump);
        assertThat(redis.send(Request.cmd(Command.XLEN).arg(LedgerKeys.events(partition)))
                .await().atMost(TestRedis.TIMEOUT).toLong()).isEqualTo(2);

        ledger.open("restored", List.of(partition)).await().atMost(TestRedis.TIMEOUT);
        assertThat(ledger.lostPartitions().await().atMost(TestRedis.TIMEOUT)).isEmpty();
        assertThat(ledger.settle(book.commit(held.reservationId())).await().atMost(TestRedis.TIMEOUT))
                .isEqualTo(new SettleOutcome.Settled(held.reservationId(), HoldState.COMMITTED, 300, 0, false));
        redis.close();
    }

    @Test
    void aMovementReadsItsFieldsAndTheUsableLotsOnlyWhateverTheAccountHolds() {
        var book = LedgerCases.book();
        ledger.grant(book.grant("a", 100)).await().atMost(TestRedis.TIMEOUT);
        ledger.grant(book.grant(Book.expiring("b", LotKind.UNIVERSAL, 50, Book.T0.plus(Duration.ofHours(1)))))
                .await().atMost(TestRedis.TIMEOUT);
        ledger.grant(book.grant("c", 1000)).await().atMost(TestRedis.TIMEOUT);
        var usable = ledger.keys().usable(book.account);
        assertThat(members(usable)).containsExactlyInAnyOrder("a", "b", "c");
        send(Request.cmd(Command.CONFIG).arg("RESETSTAT"));

        book.now = Book.T0.plus(Duration.ofHours(2));
        var held = (ReserveOutcome.Reserved) ledger.reserve(book.reserve(100)).await().atMost(TestRedis.TIMEOUT);
        assertThat(held.charges()).containsExactly(new Charge("a", 100));
        assertThat(members(usable)).as("used up and expired lots leave the index").containsExactly("c");

        ledger.settle(book.release(held.reservationId())).await().atMost(TestRedis.TIMEOUT);
        assertThat(members(usable)).as("a lot given credits back is usable again").containsExactlyInAnyOrder("a", "c");
        ledger.meter(book.meter(150, 0)).await().atMost(TestRedis.TIMEOUT);
        assertThat(members(usable)).containsExactly("c");
        assertThat(send(Request.cmd(Command.INFO).arg("commandstats")).toString())
                .as("no movement reads a whole hash").doesNotContain("cmdstat_hgetall");
    }

    @Test
    void aLotFoundExpiredIsExpiredByTheMovementThatFindsItAndLeavesTheIndex() {
        var book = LedgerCases.book();
        var expiry = Book.T0.plus(Duration.ofHours(1));
        ledger.grant(book.grant(Book.expiring("b", LotKind.PACKAGE, 50, expiry))).await().atMost(TestRedis.TIMEOUT);
        ledger.grant(book.grant("c", 1000)).await().atMost(TestRedis.TIMEOUT);
        var index = ledger.keys().usable(book.account);

        book.now = expiry.plusSeconds(60);
        assertThat(LedgerCases.reserved(ledger.reserve(book.reserve(10)).await().atMost(TestRedis.TIMEOUT))
                .charges()).containsExactly(new Charge("c", 10));
        assertThat(members(index)).containsExactly("c");
        assertThat(send(Request.cmd(Command.ZSCORE).arg(LedgerKeys.expiries(book.partition()))
                .arg(book.account + ":b"))).as("off the schedule").isNull();
        assertThat(ledger.balance(book.account, Book.MONTH).await().atMost(TestRedis.TIMEOUT).expired())
                .isEqualTo(50);
    }

    /**
     * The version before kept lots found expired in {@code :lapsed} for an hour (the index ending with their latest
     * expiry): the first movement takes them back into the index, expires them, and drops the list.
     */
    @Test
    void lotsOfThePreviousVersionsLapsedListAreExpiredByTheNextMovement() {
        var book = LedgerCases.book();
        var expiry = Book.T0.plus(Duration.ofHours(1));
        ledger.grant(book.grant(Book.expiring("b", LotKind.PACKAGE, 50, expiry))).await().atMost(TestRedis.TIMEOUT);
        ledger.grant(book.grant("c", 1000)).await().atMost(TestRedis.TIMEOUT);
        var index = ledger.keys().usable(book.account);
        var lapsed = ledger.keys().account(book.account) + ":lapsed";
        send(Request.cmd(Command.SET).arg(index).arg("c|" + expiry.toEpochMilli()));
        send(Request.cmd(Command.SET).arg(lapsed).arg(",b"));

        book.now = expiry.plusSeconds(60);
        ledger.meter(book.meter(10, 0)).await().atMost(TestRedis.TIMEOUT);

        assertThat(members(index)).containsExactly("c");
        assertThat(send(Request.cmd(Command.EXISTS).arg(lapsed)).toLong()).isZero();
        var balance = LedgerCases.balanced(LedgerUnderTest.of("redis"), book);
        assertThat(balance.expired()).isEqualTo(50);
        assertThat(LedgerCases.remaining(balance, "b")).isZero();
    }

    /**
     * The layout before the index of usable lots had the same account hash and no index: such an account's first
     * movement, whatever it is, indexes its lots from the hash.
     */
    @Test
    void anAccountWrittenWithoutTheIndexIsIndexedByItsFirstMovement() {
        var reserving = withoutIndex();
        assertThat(ledger.reserve(reserving.book().reserve(1100)).await().atMost(TestRedis.TIMEOUT))
                .isInstanceOfSatisfying(ReserveOutcome.Reserved.class, held -> assertThat(held.charges())
                        .containsExactly(new Charge("b", 150), new Charge("c", 950)));

        var settling = withoutIndex();
        ledger.settle(settling.book().commit(settling.open(), 100)).await().atMost(TestRedis.TIMEOUT);
        assertThat(members(ledger.keys().usable(settling.book().account))).containsExactlyInAnyOrder("b", "c");
        assertThat(ledger.reserve(settling.book().reserve(1200)).await().atMost(TestRedis.TIMEOUT))
                .isInstanceOfSatisfying(ReserveOutcome.Reserved.class, held -> assertThat(held.charges())
                        .containsExactly(new Charge("b", 200), new Charge("c", 1000)));

        var granting = withoutIndex();
        ledger.grant(granting.book().grant("d", 10)).await().atMost(TestRedis.TIMEOUT);
        assertThat(members(ledger.keys().usable(granting.book().account))).containsExactlyInAnyOrder("b", "c", "d");

        var asASet = withoutIndex();
        var index = ledger.keys().usable(asASet.book().account);
        send(Request.cmd(Command.SADD).arg(ledger.keys().account(asASet.book().account) + ":lots").arg("").arg("b"));
        assertThat(ledger.reserve(asASet.book().reserve(1100)).await().atMost(TestRedis.TIMEOUT))
                .as("an index an earlier version kept (a set at :lots) is not read: the hash is")
                .isInstanceOfSatisfying(ReserveOutcome.Reserved.class, held -> assertThat(held.charges())
                        .containsExactly(new Charge("b", 150), new Charge("c", 950)));
        assertThat(members(index)).containsExactly("c");
    }

    private record Unindexed(Book book, String open) {
    }

    /** Lots a (used up), b and c, a hold of 150 open (a 100, b 50): then the index deleted. */
    private Unindexed withoutIndex() {
        var book = LedgerCases.book();
        ledger.grant(book.grant("a", 100)).await().atMost(TestRedis.TIMEOUT);
        ledger.grant(book.grant("b", 200)).await().atMost(TestRedis.TIMEOUT);
        ledger.grant(book.grant("c", 1000)).await().atMost(TestRedis.TIMEOUT);
        var held = (ReserveOutcome.Reserved) ledger.reserve(book.reserve(150)).await().atMost(TestRedis.TIMEOUT);
        send(Request.cmd(Command.DEL).arg(ledger.keys().usable(book.account)));
        return new Unindexed(book, held.reservationId());
    }

    private static Map<String, String> fields(String key) {
        var flat = send(Request.cmd(Command.HGETALL).arg(key));
        var fields = new java.util.HashMap<String, String>();
        for (var field : flat.getKeys()) {
            fields.put(field, flat.get(field).toString());
        }
        return fields;
    }

    /**
     * The ids in an index of usable lots: a comma list, or (sorted) the order it was sorted for, RS, and entries
     * {@code id|expires|from|r}.
     */
    private static List<String> members(String key) {
        var text = send(Request.cmd(Command.GET).arg(key)).toString();
        var sorted = text.indexOf('\u001e');
        if (sorted >= 0) {
            text = text.substring(sorted + 1);
        }
        return text.isEmpty() ? List.of()
                : java.util.Arrays.stream(text.split(",")).map(entry -> entry.split("\\|", -1)[0]).toList();
    }

    /**
     * A movement leaves the index sorted in burn order for the account's order, each lot with what decides whether it
     * can pay (expiry, valid from, restricted), so the next one reads only the lots it charges; a grant appends (the
     * plain form) and the next movement sorts again.
     */
    @Test
    void aMovementLeavesTheIndexInBurnOrderWithWhatDecidesEachLot() {
        var book = LedgerCases.book();
        var expiry = Book.T0.plus(Duration.ofDays(30));
        ledger.grant(book.grant("universal", 1000)).await().atMost(TestRedis.TIMEOUT);
        ledger.grant(book.grant(Book.expiring("package", LotKind.PACKAGE, 500, expiry))).await()
                .atMost(TestRedis.TIMEOUT);
        var index = ledger.keys().usable(book.account);
        assertThat(send(Request.cmd(Command.GET).arg(index)).toString()).as("plain after grants")
                .isEqualTo("universal,package");

        var held = LedgerCases.reserved(ledger.reserve(book.reserve(100)).await().atMost(TestRedis.TIMEOUT));
        assertThat(held.charges()).containsExactly(new Charge("package", 100));
        var text = send(Request.cmd(Command.GET).arg(index)).toString();
        assertThat(text.substring(text.indexOf('\u001e') + 1))
                .as("sorted: the package (ranked before universal credits) first, with its expiry")
                .matches("package\\|" + expiry.toEpochMilli() + "\\|\\d+\\|,universal\\|\\|\\d+\\|");
        assertThat(text.substring(0, text.indexOf('\u001e'))).as("the order it is sorted for")
                .contains("PACKAGE").contains("UNIVERSAL").contains("/");

        var again = LedgerCases.reserved(ledger.reserve(book.reserve(450)).await().atMost(TestRedis.TIMEOUT));
        assertThat(again.charges()).containsExactly(new Charge("package", 400), new Charge("universal", 50));
        assertThat(members(index)).as("a used-up lot leaves the sorted index").containsExactly("universal");
        assertThat(send(Request.cmd(Command.GET).arg(index)).toString()).contains("\u001e");

        var plainOnly = TestRedis.opened(new RedisLedger(TestRedis.client(), 64, Duration.ofDays(7), false, false));
        plainOnly.reserve(book.reserve(10)).await().atMost(TestRedis.TIMEOUT);
        assertThat(send(Request.cmd(Command.GET).arg(index)).toString())
                .as("with the sorted form off (a rollout from a version before it), the index is written back plain")
                .isEqualTo("universal");
    }

    private static io.vertx.mutiny.redis.client.Response send(Request request) {
        return TestRedis.client().send(request).await().atMost(TestRedis.TIMEOUT);
    }

    @Test
    void aMalformedReservationIdIsUnknownWithoutARoundTrip() {
        assertThat(ledger.settle(Settle.release("r.with.too.many.dots", "e1", Book.T0)).await().indefinitely())
                .isEqualTo(new SettleOutcome.Unknown());
    }
}
