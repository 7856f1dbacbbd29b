package io.tally.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The adapter around the scripts: loading, the EVAL fall-back, failures. */
class RedisLedgerTest {
    private final RedisLedger ledger = new RedisLedger(TestRedis.client(), 64, Duration.ofDays(7));

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
    void aMalformedReservationIdIsUnknownWithoutARoundTrip() {
        assertThat(ledger.settle(Settle.release("r.with.too.many.dots", "e1", Book.T0)).await().indefinitely())
                .isEqualTo(new SettleOutcome.Unknown());
    }
}
