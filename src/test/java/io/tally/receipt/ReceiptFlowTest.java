package io.tally.receipt;

import static io.tally.Api.asOperator;
import static io.tally.receipt.DeliveryStatus.ACCEPTED;
import static io.tally.receipt.DeliveryStatus.DELIVERED;
import static io.tally.receipt.DeliveryStatus.FAILED;
import static io.tally.receipt.DeliveryStatus.SENT;
import static io.tally.receipt.DeliveryStatus.UNDELIVERED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tally.Eventually;
import io.tally.ledger.HoldState;
import io.tally.ledger.SettleOutcome;
import io.tally.platform.RedisPipes;

/** Receipts settle holds by the account's policy, once, whatever their order, count or timing. */
@QuarkusTest
class ReceiptFlowTest {
    @Inject
    Receipts receipts;

    @Inject
    RedisPipes redis;

    @ConfigProperty(name = "tally.ledger.partitions")
    int partitions;

    @Test
    void aDeliveredReceiptCommitsTheHoldAndTheEventCarriesTheDelivery() {
        var m = Messages.funded("10");
        var rid = m.reserve("k1", 2);
        Messages.dispatch(rid, "twilio", "SM1", null).statusCode(200).body("outcome", equalTo("pending"));

        var outcome = apply(m.receipt("twilio", "SM1", 1, null, DELIVERED, null));

        assertThat(settled(outcome)).isEqualTo(new SettleOutcome.Settled(rid, HoldState.COMMITTED, 2_000_000, 0,
                false));
        assertThat(m.balance().getString("spent")).isEqualTo("2");
        var settles = m.settles(redis, partitions);
        assertThat(settles).singleElement().satisfies(event -> {
            assertThat(event.get("type")).isEqualTo("commit");
            assertThat(event.get("detail"))
                    .contains("\"delivery\":{\"carrier\":\"twilio\",\"messageId\":\"SM1\",\"status\":\"delivered\"}")
                    .endsWith("}}").contains("\"segments\":2");
        });
    }

    @Test
    void failedReleasesAndAcceptedChangesNothing() {
        var m = Messages.funded("10");
        var rid = m.reserve("k1", 1);
        Messages.dispatch(rid, "vonage", "abc", 1).statusCode(200);

        assertThat(apply(m.receipt("vonage", "abc", 1, null, ACCEPTED, null)))
                .isEqualTo(new ReceiptOutcome.Recorded(rid));
        assertThat(m.balance().getString("held")).isEqualTo("1");
        assertThat(settled(apply(m.receipt("vonage", "abc", 1, null, FAILED, null))).state())
                .isEqualTo(HoldState.RELEASED);
        assertThat(m.balance().getString("available")).isEqualTo("10");
    }

    @Test
    void aTerminalStatusNeverGoesBack() {
        var m = Messages.funded("10");
        var rid = m.reserve("k1", 2);
        Messages.dispatch(rid, "telnyx", "t-1", 2).statusCode(200);

        apply(m.receipt("telnyx", "t-1", 1, 2, DELIVERED, 1));
        // a later failure and a late "sent" of the same part change nothing: part 1 stays delivered
        apply(m.receipt("telnyx", "t-1", 1, 2, FAILED, null));
        apply(m.receipt("telnyx", "t-1", 1, 2, SENT, null));
        var outcome = settled(apply(m.receipt("telnyx", "t-1", 2, 2, FAILED, null)));

        assertThat(outcome.state()).isEqualTo(HoldState.COMMITTED);
        assertThat(outcome.committed()).as("part 1's one segment of two").isEqualTo(1_000_000);
        var late = settled(apply(m.receipt("telnyx", "t-1", 2, 2, SENT, null)));
        assertThat(late.repeated()).isTrue();
        assertThat(m.settles(redis, partitions)).hasSize(1);
    }

    @Test
    void fewerSegmentsThanReservedCommitOnlyThose() {
        var m = Messages.funded("10");
        var rid = m.reserve("k1", 3);
        Messages.dispatch(rid, "twilio", "SM3", null).statusCode(200);

        var outcome = settled(apply(m.receipt("twilio", "SM3", 1, null, UNDELIVERED, 2)));

        assertThat(outcome.state()).isEqualTo(HoldState.COMMITTED);
        assertThat(outcome.committed()).isEqualTo(2_000_000);
        assertThat(outcome.released()).isEqualTo(1_000_000);
        assertThat(m.balance().getString("available")).isEqualTo("8");
    }

    @Test
    void aLongMessageIsDecidedWhenEveryPartHasAReceipt() {
        var m = Messages.funded("10");
        var rid = m.reserve("k1", 3);
        Messages.dispatch(rid, "generic", "smsc-7", 3).statusCode(200);

        assertThat(apply(m.receipt("generic", "smsc-7", 3, null, DELIVERED, 1)))
                .isEqualTo(new ReceiptOutcome.Recorded(rid));
        assertThat(apply(m.receipt("generic", "smsc-7", 1, null, DELIVERED, 1)))
                .isEqualTo(new ReceiptOutcome.Recorded(rid));
        assertThat(m.balance().getString("held")).isEqualTo("3");
        var outcome = settled(apply(m.receipt("generic", "smsc-7", 2, null, DELIVERED, 1)));

        assertThat(outcome.committed()).isEqualTo(3_000_000);
        assertThat(outcome.repeated()).isFalse();
    }

    @Test
    void atTheHoldsDeadlineTheSweeperDecidesAndLateReceiptsChangeNothing() {
        var m = Messages.funded("10").settings(Map.of("holdTimeoutSeconds", 1, "expiredHolds", "release"));
        var rid = m.reserve("k1", 2);
        Messages.dispatch(rid, "twilio", "SM-d", 2).statusCode(200);
        assertThat(apply(m.receipt("twilio", "SM-d", 1, 2, DELIVERED, 1))).isEqualTo(new ReceiptOutcome.Recorded(rid));

        Eventually.await("the sweeper expired the hold", () -> "0".equals(m.balance().getString("held")));
        var late = settled(apply(m.receipt("twilio", "SM-d", 2, 2, DELIVERED, 1)));

        assertThat(late.state()).isEqualTo(HoldState.EXPIRED_RELEASED);
        assertThat(late.repeated()).isTrue();
        assertThat(m.settles(redis, partitions)).extracting(e -> e.get("type")).containsExactly("expire");
    }

    @Test
    void earlyReceiptsAreParkedAndApplyWhenTheDispatchComes() {
        var m = Messages.funded("10");
        var rid = m.reserve("k1", 2);
        for (int i = 0; i < 3; i++) {
            assertThat(apply(m.receipt("twilio", "SM-early", 1, null, DELIVERED, null)))
                    .isEqualTo(new ReceiptOutcome.Parked());
        }
        assertThat(m.balance().getString("held")).isEqualTo("2");

        Messages.dispatch(rid, "twilio", "SM-early", null).statusCode(200)
                .body("outcome", equalTo("settled")).body("state", equalTo("committed"))
                .body("committed", equalTo(2));
        Messages.dispatch(rid, "twilio", "SM-early", null).statusCode(200)
                .body("outcome", equalTo("settled")).body("state", equalTo("committed"));

        assertThat(m.settles(redis, partitions)).hasSize(1);
        assertThat(m.balance().getString("spent")).isEqualTo("2");
    }

    @Test
    void theSameReceiptManyTimesAtOnceSettlesOnce() {
        var m = Messages.funded("10");
        var rid = m.reserve("k1", 1);
        Messages.dispatch(rid, "twilio", "SM-dup", null).statusCode(200);
        var receipt = m.receipt("twilio", "SM-dup", 1, null, DELIVERED, null);

        var outcomes = Multi.createFrom().iterable(Collections.nCopies(20, receipt))
                .onItem().transformToUni(receipts::apply).merge(20)
                .collect().asList().await().atMost(Messages.WAIT);

        assertThat(outcomes).hasSize(20).allSatisfy(o -> assertThat(o).isInstanceOf(ReceiptOutcome.Settled.class));
        assertThat(outcomes.stream().map(ReceiptFlowTest::settled).filter(s -> !s.repeated())).hasSize(1);
        assertThat(m.settles(redis, partitions)).hasSize(1);
        assertThat(m.balance().getString("spent")).isEqualTo("1");
    }

    @Test
    void aReservationNamedByTheStatusUrlNeedsNoDispatch() {
        var m = Messages.funded("10");
        var rid = m.reserve("k1", 1);
        var receipt = m.receipt("bandwidth", "bw-1", 1, null, DELIVERED, null);
        var withUrl = new Receipt(receipt.account(), receipt.carrier(), receipt.connection(), receipt.messageId(), 1,
                null, DELIVERED, null, receipt.occurredAt(), null, rid);

        assertThat(settled(apply(withUrl)).state()).isEqualTo(HoldState.COMMITTED);
        Messages.dispatch(rid, "bandwidth", "bw-1", null).statusCode(200).body("outcome", equalTo("settled"));
    }

    @Test
    void aDispatchIsIdempotentAndRefusesAnotherReservationOrAnUnknownOne() {
        var m = Messages.funded("10");
        var first = m.reserve("k1", 1);
        var second = m.reserve("k2", 1);
        Messages.dispatch(first, "twilio", "SM-x", null).statusCode(200);
        Messages.dispatch(first, "twilio", "SM-x", null).statusCode(200).body("outcome", equalTo("pending"));

        Messages.dispatch(second, "twilio", "SM-x", null).statusCode(409).body("field", equalTo("messageId"));
        Messages.dispatch("r." + m.account + ".nothing", "twilio", "SM-y", null).statusCode(404);
        Messages.dispatch(first, "Twilio!", "SM-z", null).statusCode(400).body("field", equalTo("carrier"));
        Messages.dispatch(first, "twilio", "SM z", null).statusCode(400).body("field", equalTo("messageId"));
        Messages.dispatch(first, "twilio", "SM-z", 0).statusCode(400).body("field", equalTo("parts"));
    }

    @Test
    void anAccountsPolicyDecidesWhatAStatusDoes() {
        var m = Messages.funded("10");
        asOperator().body(Map.of("undelivered", "release")).put("/v1/accounts/" + m.account + "/receipt-policy")
                .then().statusCode(200).body("undelivered", equalTo("release")).body("delivered", equalTo("commit"));
        asOperator().get("/v1/accounts/" + m.account + "/receipt-policy").then().statusCode(200)
                .body("undelivered", equalTo("release")).body("accepted", equalTo("none"));
        asOperator().body(Map.of("accepted", "commit")).put("/v1/accounts/" + m.account + "/receipt-policy")
                .then().statusCode(400).body("field", equalTo("accepted"));
        var rid = m.reserve("k1", 1);
        Messages.dispatch(rid, "twilio", "SM-p", null).statusCode(200);

        assertThat(settled(apply(m.receipt("twilio", "SM-p", 1, null, UNDELIVERED, null))).state())
                .isEqualTo(HoldState.RELEASED);
    }

    private ReceiptOutcome apply(Receipt receipt) {
        return receipts.apply(receipt).await().atMost(Messages.WAIT);
    }

    static SettleOutcome.Settled settled(ReceiptOutcome outcome) {
        assertThat(outcome).isInstanceOf(ReceiptOutcome.Settled.class);
        var settle = ((ReceiptOutcome.Settled) outcome).settle();
        assertThat(settle).isInstanceOf(SettleOutcome.Settled.class);
        return (SettleOutcome.Settled) settle;
    }

    static Uni<List<ReceiptOutcome>> all(Receipts receipts, List<Receipt> list, int concurrency) {
        return Multi.createFrom().iterable(list)
                .onItem().transformToUni(receipts::apply).merge(concurrency)
                .collect().asList();
    }
}
