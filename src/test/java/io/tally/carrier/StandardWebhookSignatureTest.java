package io.tally.carrier;

import static io.tally.carrier.Requests.JSON;
import static io.tally.carrier.Requests.flipBit;
import static io.tally.carrier.Requests.webhook;
import static io.tally.carrier.Requests.withBody;
import static io.tally.carrier.Requests.withHeader;
import static io.tally.carrier.Requests.withUrl;
import static io.tally.carrier.Requests.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The generic carrier's Standard Webhooks signatures, against the specification's published test vector. */
class StandardWebhookSignatureTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String TIMESTAMP = "1614265330";
    private static final String BODY = "{\"test\": 2432232314}";
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final Instant SIGNED_AT = Instant.ofEpochSecond(1614265330);

    private final Carriers carriers = new Carriers(new CarrierJson());
    private final Credentials secret = new Credentials.GenericSecret(SECRET);

    private static Webhook signed() {
        return webhook("https://tally.example/v1/carriers/generic/c1/status", JSON, BODY, "webhook-id", ID,
                "webhook-timestamp", TIMESTAMP, "webhook-signature", SIGNATURE);
    }

    private Verification verify(Webhook webhook, Instant now) {
        return carriers.verify(webhook, secret, now);
    }

    @Test
    void theSpecificationsTestVectorIsAccepted() {
        assertThat(StandardWebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(SIGNATURE.substring(3));
        assertThat(verify(signed(), SIGNED_AT).verified()).isTrue();
    }

    @Test
    void oneMatchingSignatureOfSeveralIsEnoughForRotation() {
        var rotating = withHeader(signed(), "webhook-signature", "v1,bm90IHRoaXMgb25l " + SIGNATURE);
        assertThat(verify(rotating, SIGNED_AT).verified()).isTrue();
    }

    @Test
    void aFlippedBitIsRefused() {
        assertThat(verify(flipBit(signed()), SIGNED_AT)).isEqualTo(Verification.wrong(
                "webhook-signature does not match"));
    }

    @Test
    void anotherConnectionsSecretIsRefused() {
        var other = new Credentials.GenericSecret("whsec_c2VjcmV0LW9mLWEtcm90YXRlZC1lbmRwb2ludA==");
        assertThat(carriers.verify(signed(), other, SIGNED_AT).verified()).isFalse();
    }

    @Test
    void aMissingHeaderIsA401() {
        for (var header : new String[] { "webhook-id", "webhook-timestamp", "webhook-signature" }) {
            assertThat(verify(without(signed(), header), SIGNED_AT)).isInstanceOfSatisfying(
                    Verification.Refused.class, refused -> assertThat(refused.status()).isEqualTo(401));
        }
    }

    @Test
    void aStaleTimestampIsRefused() {
        assertThat(verify(signed(), SIGNED_AT.plusSeconds(301))).isEqualTo(Verification.wrong(
                "webhook-timestamp: more than 300 s from now"));
        assertThat(verify(signed(), SIGNED_AT.minusSeconds(301)).verified()).isFalse();
        assertThat(verify(signed(), SIGNED_AT.plusSeconds(300)).verified()).isTrue();
    }

    @Test
    void aChangedIdOrTimestampIsRefused() {
        assertThat(verify(withHeader(signed(), "webhook-id", "msg_other"), SIGNED_AT).verified()).isFalse();
        assertThat(verify(withHeader(signed(), "webhook-timestamp", "1614265331"), SIGNED_AT).verified()).isFalse();
    }

    @Test
    void anAddedFieldIsRefusedAndTheUrlIsNotSigned() {
        assertThat(verify(withBody(signed(), "{\"test\": 2432232314, \"x\": 1}"), SIGNED_AT).verified()).isFalse();
        // The scheme signs id, time and body; the URL is not part of it, so its variants change nothing.
        assertThat(verify(withUrl(signed(), "http://tally.example:80/v1/carriers/generic/c1/status"), SIGNED_AT)
                .verified()).isTrue();
    }

    @Test
    void anotherVersionThanV1IsNotAccepted() {
        assertThat(verify(withHeader(signed(), "webhook-signature", "v2," + SIGNATURE.substring(3)), SIGNED_AT)
                .verified()).isFalse();
    }

    @Test
    void aSecretThatIsNotBase64OrTooShortIsRefused() {
        assertThatThrownBy(() -> StandardWebhookSignature.key("whsec_%%%")).hasMessageContaining("base64");
        assertThatThrownBy(() -> StandardWebhookSignature.key("whsec_c2hvcnQ=")).hasMessageContaining("24 bytes");
    }
}
