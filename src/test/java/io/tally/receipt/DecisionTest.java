package io.tally.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A stored decision and the commit it asks for; the policy as the scripts read it. */
class DecisionTest {
    @ParameterizedTest(name = "{0} of a hold of {1} for {2} units -> {3}")
    @CsvSource(nullValues = "-", value = {
            "COMMIT|DELIVERED|, 3000000, 3, -",
            "COMMIT|DELIVERED|3, 3000000, 3, -",
            "COMMIT|DELIVERED|4, 3000000, 3, -",
            "COMMIT|SENT|2, 3000000, 3, 2000000",
            "COMMIT|DELIVERED|0, 3000000, 3, 0",
            "COMMIT|DELIVERED|1, 1000, 3, 333",
            "COMMIT|DELIVERED|1, 1000000000000000, 7, 142857142857142",
            "COMMIT|DELIVERED|1, -, -, -",
            "RELEASE|FAILED|, 3000000, 3, -" })
    void aCommitOfFewerSegmentsThanReservedIsTheirShare(String stored, Long amount, Long units, Long expected) {
        var finalAmount = Decision.parse(stored).finalAmount(amount, units);
        assertThat(finalAmount).isEqualTo(expected == null ? OptionalLong.empty() : OptionalLong.of(expected));
    }

    @Test
    void acceptedAndUnknownNeverDecideWhateverThePolicySays() {
        var policy = ReceiptPolicy.withChanges(Map.of(DeliveryStatus.ACCEPTED, ReceiptPolicy.Action.COMMIT,
                DeliveryStatus.SENT, ReceiptPolicy.Action.NONE, DeliveryStatus.UNDELIVERED,
                ReceiptPolicy.Action.RELEASE));
        assertThat(policy.of(DeliveryStatus.ACCEPTED)).isEqualTo(ReceiptPolicy.Action.NONE);
        assertThat(policy.encoded()).isEqualTo("DELIVERED=C,UNDELIVERED=R,FAILED=R,REJECTED=R");
    }

    @Test
    void statusesOnlyMoveUp() {
        assertThat(DeliveryStatus.UNKNOWN.rank()).isLessThan(DeliveryStatus.ACCEPTED.rank());
        assertThat(DeliveryStatus.ACCEPTED.rank()).isLessThan(DeliveryStatus.SENT.rank());
        assertThat(DeliveryStatus.values()).filteredOn(DeliveryStatus::terminal).containsExactly(
                DeliveryStatus.DELIVERED, DeliveryStatus.UNDELIVERED, DeliveryStatus.FAILED, DeliveryStatus.REJECTED);
    }
}
