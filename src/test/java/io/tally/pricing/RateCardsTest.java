package io.tally.pricing;

import static io.tally.Api.asOperator;
import static io.tally.pricing.RateResourceTest.card;
import static io.tally.pricing.RateResourceTest.rate;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;
import io.tally.Eventually;
import io.tally.platform.ConfigChanges;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The replica's cache of rate cards against the real PostgreSQL and Redis. Writing to PostgreSQL directly stands
 * for a change made by another replica, whose notice is then published (or lost).
 */
@QuarkusTest
class RateCardsTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Inject
    RateCards cards;
    @Inject
    ConfigChanges changes;
    @Inject
    Pool database;
    @Inject
    Redis redis;

    private long smsToItaly(String account) {
        return cards.forAccount(account).await().atMost(WAIT)
                .price(ServiceName.SMS, Direction.OUTBOUND, "IT", 1).price().orElseThrow().costMicros();
    }

    private String accountPaying(String rate) {
        var account = Api.newAccount();
        asOperator().body(card(rate("SMS", "outbound", "IT", rate))).put("/v1/accounts/" + account + "/rates")
                .then().statusCode(200);
        return account;
    }

    private void changeBehindTheCachesBack(String account, long micros) {
        database.preparedQuery("UPDATE rates SET rate_micro = $2 WHERE account_id = $1")
                .execute(Tuple.of(account, micros)).await().atMost(WAIT);
    }

    @Test
    void aWarmCardIsAnsweredFromMemory() throws InterruptedException {
        var account = accountPaying("0.03");
        // The PUT's own notice comes back through pub/sub a moment later and drops the entry once more: warm the
        // cache until it stays warm.
        var deadline = System.nanoTime() + 5_000_000_000L;
        do {
            assertThat(smsToItaly(account)).isEqualTo(30_000);
            Thread.sleep(50);
        } while (cards.cached(Optional.of(account)).isEmpty() && System.nanoTime() < deadline);
        assertThat(cards.cached(Optional.of(account))).isPresent();

        changeBehindTheCachesBack(account, 99_000);

        assertThat(smsToItaly(account)).isEqualTo(30_000);
    }

    @Test
    void aPublishedChangeDropsTheCard() {
        Eventually.await("this replica is subscribed", changes::live);
        var account = accountPaying("0.03");
        assertThat(smsToItaly(account)).isEqualTo(30_000);
        changeBehindTheCachesBack(account, 99_000);

        changes.publish(RateCards.TOPIC, account).await().atMost(WAIT);

        Eventually.await("the card is dropped", () -> cards.cached(Optional.of(account)).isEmpty());
        assertThat(smsToItaly(account)).isEqualTo(99_000);
    }

    @Test
    void aReplacementOnThisReplicaIsSeenAtOnce() {
        var account = accountPaying("0.03");
        assertThat(smsToItaly(account)).isEqualTo(30_000);
        asOperator().body(card(rate("SMS", "outbound", "IT", "0.04"))).put("/v1/accounts/" + account + "/rates")
                .then().statusCode(200);
        assertThat(smsToItaly(account)).isEqualTo(40_000);
    }

    @Test
    void aReplacementOfTheDefaultCardIsAnnouncedToo() {
        Eventually.await("this replica is subscribed", changes::live);
        var listener = new java.util.concurrent.CopyOnWriteArrayList<String>();
        changes.subscribe(RateCards.TOPIC, listener::add, () -> {
        });
        var current = asOperator().get("/v1/rates").then().extract().asString();
        asOperator().body(current).put("/v1/rates").then().statusCode(200);
        Eventually.await("the default card's notice", () -> listener.contains(RateCards.DEFAULT_CARD));
    }

    @Test
    void changesMissedWhileDisconnectedAreDroppedOnResubscription() {
        var account = accountPaying("0.03");
        assertThat(smsToItaly(account)).isEqualTo(30_000);
        changeBehindTheCachesBack(account, 99_000); // and its notice is lost
        long before = changes.subscriptions();

        redis.send(Request.cmd(Command.CLIENT).arg("KILL").arg("TYPE").arg("pubsub")).await().atMost(WAIT);

        Eventually.await("the replica resubscribes", () -> changes.subscriptions() > before);
        // the old card may still answer while its reload is slow (ConfigCache.RELOAD_WAIT), not for its 5-minute TTL
        Eventually.await("the changed card after resubscribing", () -> smsToItaly(account) == 99_000);
    }

    @Test
    void anAccountWithoutOverridesIsPricedFromTheDefaultCard() {
        var list = cards.forAccount(Api.newAccount()).await().atMost(WAIT);
        assertThat(list.overrides()).isEqualTo(RateCard.EMPTY);
        assertThat(list.defaults()).isEqualTo(cards.defaults().await().atMost(WAIT).defaults());
    }
}
