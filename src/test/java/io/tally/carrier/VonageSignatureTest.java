package io.tally.carrier;

import static io.tally.carrier.Requests.FORM;
import static io.tally.carrier.Requests.JSON;
import static io.tally.carrier.Requests.flipBit;
import static io.tally.carrier.Requests.form;
import static io.tally.carrier.Requests.webhook;
import static io.tally.carrier.Requests.withBody;
import static io.tally.carrier.Requests.withHeader;
import static io.tally.carrier.Requests.without;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Vonage's SMS API {@code sig} (the vector of Vonage's Python SDK) and its Messages API JWT. */
class VonageSignatureTest {
    private static final Instant NOW = Instant.ofEpochSecond(1461605396);
    private static final String URL = "https://tally.example/v1/carriers/vonage/c1/inbound";

    private final Carriers carriers = new Carriers(new CarrierJson());
    private final Credentials md5 = new Credentials.VonageSecret("secret", SignatureMethod.MD5HASH);

    private static Map<String, String> vector() {
        var params = new LinkedHashMap<String, String>();
        params.put("a", "1");
        params.put("b", "2");
        params.put("timestamp", "1461605396");
        params.put("sig", "6af838ef94998832dbfc29020b564830");
        return params;
    }

    @Test
    void theSdksMd5HashVectorIsAcceptedInTheQueryOrTheForm() {
        assertThat(carriers.verify(webhook(URL + "?" + form(vector()), null, ""), md5, NOW).verified()).isTrue();
        assertThat(carriers.verify(webhook(URL, FORM, form(vector())), md5, NOW).verified()).isTrue();
        assertThat(carriers.verify(webhook(URL, JSON, "{\"a\":1,\"b\":\"2\",\"timestamp\":\"1461605396\","
                + "\"sig\":\"6AF838EF94998832DBFC29020B564830\"}"), md5, NOW).verified()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(SignatureMethod.class)
    void eachMethodVerifiesItsOwnSignatureAndNoOther(SignatureMethod method) {
        var params = new LinkedHashMap<>(vector());
        params.remove("sig");
        params.put("text", "a&b=c");
        params.put("sig", VonageSignature.sign(params, "secret", method));
        var request = webhook(URL, FORM, form(params));
        assertThat(carriers.verify(request, new Credentials.VonageSecret("secret", method), NOW).verified()).isTrue();
        for (var other : SignatureMethod.values()) {
            if (other != method) {
                assertThat(carriers.verify(request, new Credentials.VonageSecret("secret", other), NOW).verified())
                        .isFalse();
            }
        }
    }

    @Test
    void aFlippedBitAnotherSecretOrAnAddedParameterIsRefused() {
        var request = webhook(URL, FORM, form(vector()));
        assertThat(carriers.verify(flipBit(request), md5, NOW).verified()).isFalse();
        assertThat(carriers.verify(request, new Credentials.VonageSecret("other", SignatureMethod.MD5HASH), NOW))
                .isEqualTo(Verification.wrong("sig does not match"));
        var added = new LinkedHashMap<>(vector());
        added.put("price", "0");
        assertThat(carriers.verify(withBody(request, form(added)), md5, NOW).verified()).isFalse();
        assertThat(carriers.verify(webhook(URL + "?c=3", FORM, form(vector())), md5, NOW).verified()).isFalse();
    }

    @Test
    void aMissingSigIsA401AndAStaleTimestampA403() {
        var unsigned = new LinkedHashMap<>(vector());
        unsigned.remove("sig");
        assertThat(carriers.verify(webhook(URL, FORM, form(unsigned)), md5, NOW)).isInstanceOfSatisfying(
                Verification.Refused.class, refused -> assertThat(refused.status()).isEqualTo(401));
        var request = webhook(URL, FORM, form(vector()));
        assertThat(carriers.verify(request, md5, NOW.plusSeconds(301)))
                .isEqualTo(Verification.wrong("timestamp: more than 300 s from now"));
        assertThat(carriers.verify(request, md5, NOW.plusSeconds(300)).verified()).isTrue();
    }

    private static final String MESSAGE = """
            {"message_uuid":"aaaaaaaa-bbbb-cccc-dddd-0123456789ab","to":"447700900000","from":"447700900001",\
            "timestamp":"2026-12-01T12:00:00Z","channel":"sms","message_type":"text","text":"Hello",\
            "sms":{"num_messages":"1"}}""";

    private static String jwt(String secret, String alg, long iat, String body) {
        var encoder = Base64.getUrlEncoder().withoutPadding();
        var header = encoder.encodeToString(("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8));
        var hash = Signatures.hex(Signatures.digest("SHA-256", body.getBytes(StandardCharsets.UTF_8)));
        var claims = encoder.encodeToString(("{\"iat\":" + iat + ",\"jti\":\"j1\",\"payload_hash\":\"" + hash
                + "\",\"api_key\":\"abcd1234\"}").getBytes(StandardCharsets.UTF_8));
        var signature = encoder.encodeToString(Signatures.hmac("HmacSHA256", secret, header + "." + claims));
        return header + "." + claims + "." + signature;
    }

    private static Webhook messagesApi(String token, String body) {
        return webhook(URL, JSON, body, "Authorization", "Bearer " + token);
    }

    @Test
    void aMessagesApiJwtSignedWithTheSecretAndHashingTheBodyIsAccepted() {
        var request = messagesApi(jwt("secret", "HS256", NOW.getEpochSecond(), MESSAGE), MESSAGE);
        assertThat(carriers.verify(request, md5, NOW).verified()).isTrue();
    }

    @Test
    void aMessagesApiBodyChangedAfterSigningIsRefused() {
        var request = messagesApi(jwt("secret", "HS256", NOW.getEpochSecond(), MESSAGE), MESSAGE);
        assertThat(carriers.verify(flipBit(request), md5, NOW))
                .isEqualTo(Verification.wrong("the body does not match the JWT's payload_hash"));
    }

    @Test
    void aMessagesApiJwtOfAnotherSecretAnotherAlgorithmOrTooOldIsRefused() {
        assertThat(carriers.verify(messagesApi(jwt("other", "HS256", NOW.getEpochSecond(), MESSAGE), MESSAGE), md5,
                NOW)).isEqualTo(Verification.wrong("the JWT's signature does not match"));
        assertThat(carriers.verify(messagesApi(jwt("secret", "none", NOW.getEpochSecond(), MESSAGE), MESSAGE), md5,
                NOW)).isEqualTo(Verification.wrong("the JWT must be HS256"));
        assertThat(carriers.verify(messagesApi(jwt("secret", "HS256", NOW.getEpochSecond() - 301, MESSAGE), MESSAGE),
                md5, NOW).verified()).isFalse();
        assertThat(carriers.verify(withHeader(messagesApi("x", MESSAGE), "Authorization", "Bearer a.b"), md5, NOW))
                .isEqualTo(Verification.wrong("Authorization: not a JWT"));
    }

    @Test
    void aMessagesApiRequestWithoutItsJwtIsA401() {
        var request = without(messagesApi(jwt("secret", "HS256", NOW.getEpochSecond(), MESSAGE), MESSAGE),
                "Authorization");
        assertThat(carriers.verify(request, md5, NOW)).isInstanceOfSatisfying(Verification.Refused.class,
                refused -> assertThat(refused.status()).isEqualTo(401));
    }
}
