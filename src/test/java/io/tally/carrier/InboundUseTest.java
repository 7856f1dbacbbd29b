package io.tally.carrier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** How a carrier's inbound event becomes a metered use: text, or the carrier's segments, on the number's owner. */
class InboundUseTest {
    private static final AssignedNumber OWNER = new AssignedNumber("+13125550001", "acme", "milan", "support", "desk");

    private static CarrierEvent event(String id, String text, Integer segments) {
        return CarrierEvent.inbound(Carrier.TELNYX, id, Instant.EPOCH, segments, null, null, "+393471234567",
                "+13125550001", text);
    }

    @Test
    void aTextIsSegmentedOnTheNumbersAccountAndSubAccountWithItsLabels() {
        var use = InboundMessages.use("cc-1", OWNER, event("m-1", "Tab\there", 1));
        assertThat(use.text()).isEqualTo("Tab\there");
        assertThat(use.units()).isNull();
        assertThat(use.account()).isEqualTo("acme");
        assertThat(use.subAccount()).isEqualTo("milan");
        assertThat(use.product()).isEqualTo("support");
        assertThat(use.user()).isEqualTo("desk");
        assertThat(use.idempotencyKey()).isEqualTo("carrier:telnyx:m-1");
        assertThat(use.metadata()).containsEntry("carrierMessageId", "m-1").containsEntry("connection", "cc-1");
    }

    @Test
    void withoutTextTheCarriersSegmentCountIsBilledElseOne() {
        assertThat(InboundMessages.use("cc-1", OWNER, event("m-2", null, 3)).units()).isEqualTo(3L);
        assertThat(InboundMessages.use("cc-1", OWNER, event("m-3", null, null)).units()).isEqualTo(1L);
    }

    @Test
    void aTextNoSmsCanHoldIsBilledByTheCarriersCountNotRefused() {
        var use = InboundMessages.use("cc-1", OWNER, event("m-4", "broken \ud800 surrogate", 2));
        assertThat(use.text()).isNull();
        assertThat(use.units()).isEqualTo(2L);
    }

    @Test
    void anIdThatDoesNotFitAKeyIsHashedIntoOne() {
        var key = InboundKeys.of(Carrier.SINCH, "id with spaces and ünïcode");
        assertThat(key).startsWith("carrier:sinch:sha256:").hasSizeLessThanOrEqualTo(128);
        assertThat(InboundKeys.of(Carrier.SINCH, "id with spaces and ünïcode")).isEqualTo(key);
        assertThat(InboundKeys.of(Carrier.SINCH, "x".repeat(200))).startsWith("carrier:sinch:sha256:");
    }
}
