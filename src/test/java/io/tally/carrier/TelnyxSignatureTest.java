package io.tally.carrier;

import static io.tally.carrier.Requests.JSON;
import static io.tally.carrier.Requests.flipBit;
import static io.tally.carrier.Requests.webhook;
import static io.tally.carrier.Requests.withBody;
import static io.tally.carrier.Requests.withHeader;
import static io.tally.carrier.Requests.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** Telnyx's Ed25519 signatures over "{timestamp}|{body}", checked with the JDK's Ed25519. */
class TelnyxSignatureTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final String TIMESTAMP = Long.toString(NOW.getEpochSecond());
    private static final String BODY = """
            {"data":{"event_type":"message.received","id":"b301ed3f","occurred_at":"2026-12-01T11:59:59.000+00:00",\
            "payload":{"id":"40385f64-5717-4562-b3fc-2c963f66afa6","from":{"phone_number":"+393471234567"},\
            "to":[{"phone_number":"+13125550001","status":"webhook_delivered"}],"text":"Hello\\tthere","parts":1,\
            "direction":"inbound"}}}""";

    private final Carriers carriers = new Carriers(new CarrierJson());
    private final KeyPair keys = generate();
    private final Credentials credentials = new Credentials.TelnyxKey(rawPublicKey(keys));

    /** RFC 8032, section 7.1, test 1: the raw 32-byte key form the Telnyx portal shows is read as Ed25519. */
    @Test
    void aRawPublicKeyIsReadAsTheRfc8032TestVectorSays() throws GeneralSecurityException {
        var key = TelnyxSignature.publicKey(Base64.getEncoder().encodeToString(HexFormat.of()
                .parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")));
        var verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update(new byte[0]);
        assertThat(verifier.verify(HexFormat.of().parseHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522"
                + "4901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"))).isTrue();
    }

    @Test
    void aKeyThatIsNotEd25519IsRefusedWhenTheConnectionIsMade() {
        assertThatThrownBy(() -> TelnyxSignature.publicKey("not base64!")).hasMessage("publicKey: not base64");
        assertThatThrownBy(() -> TelnyxSignature.publicKey(Base64.getEncoder().encodeToString(new byte[31])))
                .hasMessageContaining("not an Ed25519 public key");
    }

    @Test
    void aCorrectlySignedRequestIsAccepted() {
        assertThat(verify(signed(keys, TIMESTAMP, BODY), NOW).verified()).isTrue();
        assertThat(verify(signed(keys, TIMESTAMP, BODY), NOW.plusSeconds(300)).verified()).isTrue();
    }

    @Test
    void aFlippedBitIsRefused() {
        assertThat(verify(flipBit(signed(keys, TIMESTAMP, BODY)), NOW))
                .isEqualTo(Verification.wrong("telnyx-signature-ed25519 does not match"));
    }

    @Test
    void aFlippedBitOfTheSignatureIsRefused() {
        var signature = Base64.getDecoder().decode(signature(keys, TIMESTAMP, BODY));
        signature[7] ^= 1;
        var tampered = withHeader(signed(keys, TIMESTAMP, BODY), "telnyx-signature-ed25519",
                Base64.getEncoder().encodeToString(signature));
        assertThat(verify(tampered, NOW).verified()).isFalse();
    }

    @Test
    void anotherConnectionsKeyIsRefused() {
        var other = generate();
        assertThat(verify(signed(other, TIMESTAMP, BODY), NOW).verified()).isFalse();
    }

    @Test
    void aMissingHeaderIsA401() {
        assertThat(verify(without(signed(keys, TIMESTAMP, BODY), "telnyx-signature-ed25519"), NOW))
                .isEqualTo(Verification.missing("no telnyx-signature-ed25519 header"));
        assertThat(verify(without(signed(keys, TIMESTAMP, BODY), "telnyx-timestamp"), NOW))
                .isEqualTo(Verification.missing("no telnyx-timestamp header"));
    }

    @Test
    void aTimestampMoreThan300SecondsAwayIsRefusedEvenWhenSigned() {
        assertThat(verify(signed(keys, TIMESTAMP, BODY), NOW.plusSeconds(301)))
                .isEqualTo(Verification.wrong("telnyx-timestamp: more than 300 s from now"));
        assertThat(verify(signed(keys, TIMESTAMP, BODY), NOW.minusSeconds(301)).verified()).isFalse();
    }

    @Test
    void aTimestampChangedAfterSigningIsRefused() {
        var moved = withHeader(signed(keys, TIMESTAMP, BODY), "telnyx-timestamp",
                Long.toString(NOW.getEpochSecond() + 1));
        assertThat(verify(moved, NOW).verified()).isFalse();
    }

    @Test
    void theUrlIsNotPartOfTelnyxsSignatureButAnAddedFieldIs() {
        var added = BODY.replace("\"parts\":1", "\"parts\":1,\"extra\":1");
        assertThat(verify(withBody(signed(keys, TIMESTAMP, BODY), added), NOW).verified()).isFalse();
    }

    private Verification verify(Webhook webhook, Instant now) {
        return carriers.verify(webhook, credentials, now);
    }

    static Webhook signed(KeyPair keys, String timestamp, String body) {
        return webhook("https://tally.example/v1/carriers/telnyx/c1/inbound", JSON, body,
                "telnyx-signature-ed25519", signature(keys, timestamp, body), "telnyx-timestamp", timestamp);
    }

    static String signature(KeyPair keys, String timestamp, String body) {
        try {
            var signer = Signature.getInstance("Ed25519");
            signer.initSign(keys.getPrivate());
            signer.update((timestamp + "|" + body).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The 32 raw bytes of the key, base64, as the Telnyx portal shows it (the X.509 form ends with them). */
    static String rawPublicKey(KeyPair keys) {
        var der = keys.getPublic().getEncoded();
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(der, der.length - 32, der.length));
    }
}
