package io.tally.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * An upgrade from the layout before holds answered repeats (test resources lua/legacy: the scripts of that
 * layout, run as an old replica would run them) while replicas of both run, as docs/ledger.md "Upgrading" says:
 * holds the old scripts wrote are settled by the new ones, and with {@code legacyIdempotency} a reserve repeated
 * across the two layouts, either way, is a replay and not a second reservation.
 */
class LegacyLayoutTest {
    private static final Duration TTL = Duration.ofDays(7);
    private final RedisLedger upgraded = TestRedis.opened(new RedisLedger(TestRedis.client(), 64, TTL, true));
    private final RedisLedger current = TestRedis.opened(new RedisLedger(TestRedis.client(), 64, TTL));

    @Test
    void aHoldTheOldScriptsWroteIsSettledAndItsKeyReplayedByTheNewOnes() {
        var book = LedgerCases.book();
        upgraded.grant(book.grant("u", 1000)).await().atMost(TestRedis.TIMEOUT);
        var reserve = book.reserve(300);
        var oldRid = LedgerKeys.reservationId(book.account, "old1");
        var old = oldReserve(reserve, oldRid);
        assertThat(old).containsExactly("1", oldRid, "u:300", "700", Long.toString(reserve.deadline().toEpochMilli()));
        assertThat(send(Request.cmd(Command.TYPE).arg(upgraded.keys().hold(oldRid))).toString()).isEqualTo("hash");

        assertThat(upgraded.reserve(reserve).await().atMost(TestRedis.TIMEOUT))
                .as("the repeat is answered from the old idempotency record")
                .isEqualTo(new ReserveOutcome.Reserved(oldRid, List.of(new Charge("u", 300)), 700, reserve.deadline(),
                        true));
        assertThat(upgraded.settle(book.commit(oldRid, 100)).await().atMost(TestRedis.TIMEOUT))
                .isEqualTo(new SettleOutcome.Settled(oldRid, HoldState.COMMITTED, 100, 200, false));
        assertThat(upgraded.settle(book.release(oldRid)).await().atMost(TestRedis.TIMEOUT))
                .isEqualTo(new SettleOutcome.Settled(oldRid, HoldState.COMMITTED, 100, 200, true));
        var balance = upgraded.balance(book.account, Book.MONTH).await().atMost(TestRedis.TIMEOUT);
        assertThat(balance.spent()).isEqualTo(100);
        assertThat(balance.held()).isZero();
        assertThat(balance.pool()).isEqualTo(900);

        assertThat(current.reserve(reserve).await().atMost(TestRedis.TIMEOUT))
                .as("without legacyIdempotency the old record is not looked at: a new reservation")
                .isInstanceOf(ReserveOutcome.Reserved.class)
                .extracting(r -> ((ReserveOutcome.Reserved) r).replayed()).isEqualTo(false);
    }

    @Test
    void aReserveTheNewScriptsMadeIsReplayedByAnOldReplicaWhichCannotSettleIt() {
        var book = LedgerCases.book();
        upgraded.grant(book.grant("u", 1000)).await().atMost(TestRedis.TIMEOUT);
        var reserve = book.reserve(300);
        var held = (ReserveOutcome.Reserved) upgraded.reserve(reserve).await().atMost(TestRedis.TIMEOUT);

        assertThat(oldReserve(reserve, LedgerKeys.reservationId(book.account, "old2")))
                .as("the old script replays the new reservation from the record written for it")
                .containsExactly("2", held.reservationId(), "u:300", "700",
                        Long.toString(reserve.deadline().toEpochMilli()));
        var before = upgraded.balance(book.account, Book.MONTH).await().atMost(TestRedis.TIMEOUT);
        assertThatThrownBy(() -> oldSettle(held.reservationId(), book))
                .as("an old replica's settle of a new hold fails and changes nothing")
                .hasMessageContaining("WRONGTYPE");
        assertThat(upgraded.balance(book.account, Book.MONTH).await().atMost(TestRedis.TIMEOUT)).isEqualTo(before);
        assertThat(upgraded.settle(book.commit(held.reservationId())).await().atMost(TestRedis.TIMEOUT))
                .isEqualTo(new SettleOutcome.Settled(held.reservationId(), HoldState.COMMITTED, 300, 0, false));
    }

    /** reserve.lua of the old layout, its KEYS and ARGV as that version's RedisLedger sent them. */
    private List<String> oldReserve(Reserve c, String rid) {
        var keys = upgraded.keys();
        int p = keys.partition(c.account());
        var request = Request.cmd(Command.EVAL).arg(legacy("reserve")).arg(7).arg(keys.account(c.account()))
                .arg(keys.idempotency(c.account(), c.idempotencyKey())).arg(keys.hold(rid))
                .arg(LedgerKeys.deadlines(p)).arg(LedgerKeys.events(p)).arg(keys.account(c.account()) + ":lots")
                .arg(LedgerKeys.epoch(p));
        for (var arg : List.of(c.account(), c.fingerprint(), rid, "old-event", "", "", "0", "", c.service().name(),
                Long.toString(c.amount()), Long.toString(c.now().toEpochMilli()),
                Long.toString(c.deadline().toEpochMilli()), c.month(), "PLAN_ALLOWANCE,UNIVERSAL",
                c.burn().expiryOrder().name(), c.onExpiry().name(), c.detail(), Long.toString(TTL.toMillis()))) {
            request.arg(arg);
        }
        return strings(send(request));
    }

    private void oldSettle(String rid, Book book) {
        var keys = upgraded.keys();
        int p = keys.partition(book.account);
        send(Request.cmd(Command.EVAL).arg(legacy("settle")).arg(6).arg(keys.hold(rid)).arg(keys.account(book.account))
                .arg(LedgerKeys.deadlines(p)).arg(LedgerKeys.events(p)).arg(keys.account(book.account) + ":lots")
                .arg(LedgerKeys.epoch(p)).arg(rid).arg("COMMIT").arg("").arg("old-settle")
                .arg(Long.toString(book.now.toEpochMilli())).arg(Long.toString(TTL.toMillis())));
    }

    private static String legacy(String script) {
        return resource("lua/legacy/_lib.lua") + "\n" + resource("lua/legacy/" + script + ".lua");
    }

    private static String resource(String path) {
        try (InputStream in = LegacyLayoutTest.class.getClassLoader().getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> strings(Response reply) {
        var out = new ArrayList<String>();
        reply.forEach(value -> out.add(value.toString()));
        return out;
    }

    private static Response send(Request request) {
        return TestRedis.client().send(request).await().atMost(TestRedis.TIMEOUT);
    }
}
