package io.tally.receipt;

import static io.tally.Api.asOperator;
import static io.tally.receipt.DeliveryStatus.DELIVERED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Eventually;
import io.tally.ledger.HoldState;
import io.tally.ledger.Partitions;
import io.tally.platform.RedisPipes;
import io.tally.platform.Unavailable;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/** What receipts leave behind: usage records marked with their delivery, the unmatched report, and fail-closed. */
@QuarkusTest
class ReceiptReportsTest {
    @Inject
    Receipts receipts;

    @Inject
    UnmatchedReceipts unmatched;

    @Inject
    RedisPipes redis;

    @ConfigProperty(name = "tally.ledger.partitions")
    int partitions;

    @Test
    void theUsageRecordCarriesTheDeliveryAndTheHistoryFiltersByIt() {
        var m = Messages.funded("10");
        var rid = m.reserve("k1", 1);
        m.reserve("k2", 1);
        Messages.dispatch(rid, "twilio", "SM-h", null).statusCode(200);
        receipts.apply(m.receipt("twilio", "SM-h", 1, null, DELIVERED, null)).await().atMost(Messages.WAIT);

        Eventually.await("the usage writer wrote the commit", () -> asOperator()
                .get("/v1/accounts/" + m.account + "/usage?status=committed").then().extract().<java.util.List<?>> path("items")
                .size() == 1);
        asOperator().get("/v1/accounts/" + m.account + "/usage?carrier=twilio&deliveryStatus=delivered"
                + "&carrierMessageId=SM-h").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].id", equalTo(rid))
                .body("items[0].carrier", equalTo("twilio"))
                .body("items[0].carrierMessageId", equalTo("SM-h"))
                .body("items[0].deliveryStatus", equalTo("delivered"));
        asOperator().get("/v1/accounts/" + m.account + "/usage?deliveryStatus=failed").then().statusCode(200)
                .body("items", hasSize(0));
        asOperator().get("/v1/accounts/" + m.account + "/usage?deliveryStatus=lost").then().statusCode(400)
                .body("field", equalTo("deliveryStatus"));
    }

    @Test
    void receiptsParkedForADayAreListedAndCountedNotDropped() {
        var m = Messages.funded("10");
        receipts.apply(m.receipt("vonage", "lost-1", 1, null, DELIVERED, null)).await().atMost(Messages.WAIT);
        var parked = ReceiptKeys.parked(Partitions.of(m.account, partitions));
        var member = ReceiptKeys.member(m.account, "vonage", "lost-1");
        asOperator().get("/v1/receipts/unmatched?limit=1000").then().statusCode(200)
                .body("messageId", org.hamcrest.Matchers.not(hasItem("lost-1")));

        // as if it had been parked 25 hours ago
        long dayAgo = Instant.now().minus(Duration.ofHours(25)).toEpochMilli();
        redis.send(Request.cmd(Command.ZADD).arg(parked).arg("XX").arg(dayAgo).arg(member)).await()
                .atMost(Messages.WAIT);

        asOperator().get("/v1/receipts/unmatched?limit=1000").then().statusCode(200)
                .body("findAll { it.messageId == 'lost-1' }", hasSize(1))
                .body("find { it.messageId == 'lost-1' }.account", equalTo(m.account))
                .body("find { it.messageId == 'lost-1' }.parts[0].status", equalTo("delivered"));
        assertThat(unmatched.count().await().atMost(Messages.WAIT)).isGreaterThanOrEqualTo(1);
        asOperator().get("/v1/receipts/unmatched?limit=0").then().statusCode(400).body("field", equalTo("limit"));
        asOperator().get("/v1/receipts/unmatched?size=3").then().statusCode(400).body("field", equalTo("size"));

        var rid = m.reserve("k1", 1);
        Messages.dispatch(rid, "vonage", "lost-1", null).statusCode(200).body("outcome", equalTo("settled"));
        asOperator().get("/v1/receipts/unmatched?limit=1000").then().statusCode(200)
                .body("messageId", org.hamcrest.Matchers.not(hasItem("lost-1")));
    }

    @Test
    void whileRedisCannotWriteReceiptsAndDispatchesFailWith503AndTheirRetrySettlesOnce() {
        var m = Messages.funded("10");
        var rid = m.reserve("k1", 1);
        var receipt = m.receipt("twilio", "SM-503", 1, null, DELIVERED, null);

        // writes wait longer than the Redis timeout (2s of the test profile): the call fails
        pauseWrites();
        var failure = receipts.apply(receipt).onItem().<Throwable> transform(ignored -> null)
                .onFailure().recoverWithItem(f -> f).await().atMost(Messages.WAIT);
        assertThat(failure).as("not acknowledged").isNotNull();
        assertThat(Unavailable.test(failure)).as("answered 503: " + failure).isTrue();
        waitForWrites();

        pauseWrites();
        Messages.dispatch(rid, "twilio", "SM-503", null).statusCode(503);
        waitForWrites();

        // the receipt is settled now if its paused script ran after all, else when the carrier retries it
        Messages.dispatch(rid, "twilio", "SM-503", null).statusCode(200);
        var retried = ReceiptFlowTest.settled(receipts.apply(receipt).await().atMost(Messages.WAIT));
        assertThat(retried.state()).isEqualTo(HoldState.COMMITTED);
        assertThat(m.settles(redis, partitions)).hasSize(1);
    }

    private void pauseWrites() {
        redis.send(Request.cmd(Command.CLIENT).arg("PAUSE").arg(3000).arg("WRITE")).await().atMost(Messages.WAIT);
    }

    private void waitForWrites() {
        Eventually.await("writes resume", () -> redis.send(Request.cmd(Command.SET).arg("tally:test:receipts")
                .arg("1")).onFailure().recoverWithNull().await().atMost(Messages.WAIT) != null);
    }
}
