package io.tally.carrier;

import static io.tally.carrier.Requests.FORM;
import static io.tally.carrier.Requests.JSON;
import static io.tally.carrier.Requests.flipBit;
import static io.tally.carrier.Requests.form;
import static io.tally.carrier.Requests.webhook;
import static io.tally.carrier.Requests.withBody;
import static io.tally.carrier.Requests.withUrl;
import static io.tally.carrier.Requests.without;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Twilio's request validation, against the vectors Twilio's own libraries test with (twilio-python and
 * twilio-php: token {@code 12345}; twilio-ruby: the recorded SMS request).
 */
class TwilioSignatureTest {
    private static final String TOKEN = "12345";
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final Map<String, String> PARAMS = new LinkedHashMap<>();
    static {
        PARAMS.put("CallSid", "CA1234567890ABCDE");
        PARAMS.put("Caller", "+14158675309");
        PARAMS.put("Digits", "1234");
        PARAMS.put("From", "+14158675309");
        PARAMS.put("To", "+18005551212");
    }
    private static final String SIGNATURE = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
    private static final String JSON_BODY = "{\"property\": \"value\", \"boolean\": true}";
    private static final String BODY_HASH = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
    private static final String JSON_SIGNATURE = "a9nBmqA0ju/hNViExpshrM61xv4=";
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private final Carriers carriers = new Carriers(new CarrierJson());
    private final Credentials tokens = new Credentials.TwilioTokens(List.of(TOKEN));

    private static Webhook signed() {
        return webhook(URL, FORM, form(PARAMS), "X-Twilio-Signature", SIGNATURE);
    }

    private Verification verify(Webhook webhook) {
        return carriers.verify(webhook, tokens, NOW);
    }

    @Test
    void theDocumentedFormRequestIsAccepted() {
        assertThat(verify(signed()).verified()).isTrue();
        assertThat(TwilioSignature.sign(TOKEN, URL, signed().formParameters())).isEqualTo(SIGNATURE);
    }

    @Test
    void theRecordedSmsRequestOfTwilioRubyIsAccepted() {
        var params = new LinkedHashMap<String, String>();
        params.put("ToState", "CA");
        params.put("FromState", "CA");
        params.put("AccountSid", "ACba8bc05eacf94afdae398e642c9cc32d");
        params.put("SmsMessageSid", "SM2003cbd5e6a3701999aa3e5f20ff2787");
        params.put("Body", "Orly");
        params.put("From", "+14159354345");
        params.put("FromCity", "SAN FRANCISCO");
        params.put("SmsStatus", "received");
        params.put("FromZip", "94107");
        params.put("FromCountry", "US");
        params.put("To", "+14158141819");
        params.put("ToCity", "SAN FRANCISCO");
        params.put("ToZip", "94105");
        params.put("ToCountry", "US");
        params.put("ApiVersion", "2010-04-01");
        params.put("SmsSid", "SM2003cbd5e6a3701999aa3e5f20ff2787");
        var request = webhook("http://twiliotests.heroku.com/validate/sms", FORM, form(params),
                "X-Twilio-Signature", "mxeiv65lEe0b8L6LdVw2jgJi8yw=");
        var credentials = new Credentials.TwilioTokens(List.of("2bd9e9638872de601313dc77410d3b23"));
        assertThat(carriers.verify(request, credentials, NOW).verified()).isTrue();
    }

    @Test
    void theDocumentedJsonRequestIsAcceptedThroughItsBodyHash() {
        var request = webhook(URL + "&bodySHA256=" + BODY_HASH, JSON, JSON_BODY, "X-Twilio-Signature",
                JSON_SIGNATURE);
        assertThat(verify(request).verified()).isTrue();
        assertThat(verify(withBody(request, JSON_BODY + " "))).isEqualTo(Verification.wrong(
                "the body does not match its bodySHA256"));
        assertThat(verify(withBody(withUrl(request, URL), JSON_BODY)))
                .isInstanceOf(Verification.Refused.class);
    }

    @Test
    void anyOfTheConnectionsTokensVerifiesSoTokensCanBeRotated() {
        var rotating = new Credentials.TwilioTokens(List.of("the-new-token", TOKEN));
        assertThat(carriers.verify(signed(), rotating, NOW).verified()).isTrue();
    }

    @Test
    void aFlippedBitIsRefused() {
        assertThat(verify(flipBit(signed()))).isEqualTo(Verification.wrong("X-Twilio-Signature does not match"));
    }

    @Test
    void anotherConnectionsTokenIsRefused() {
        var other = new Credentials.TwilioTokens(List.of("54321"));
        assertThat(carriers.verify(signed(), other, NOW)).isEqualTo(Verification.wrong(
                "X-Twilio-Signature does not match"));
    }

    @Test
    void aMissingSignatureIsA401() {
        assertThat(verify(without(signed(), "X-Twilio-Signature"))).isEqualTo(Verification.missing(
                "no X-Twilio-Signature header"));
    }

    @Test
    void theSchemeOrPortVariantOfTheUrlIsRefused() {
        assertThat(verify(withUrl(signed(), "http://mycompany.com/myapp.php?foo=1&bar=2")).verified()).isFalse();
        assertThat(verify(withUrl(signed(), "https://mycompany.com:443/myapp.php?foo=1&bar=2")).verified()).isFalse();
        assertThat(verify(withUrl(signed(), "https://mycompany.com:8443/myapp.php?foo=1&bar=2")).verified())
                .isFalse();
    }

    @Test
    void anAddedParameterIsRefused() {
        var added = new LinkedHashMap<>(PARAMS);
        added.put("Price", "0");
        assertThat(verify(withBody(signed(), form(added))).verified()).isFalse();
        assertThat(verify(withUrl(signed(), URL + "&baz=3")).verified()).isFalse();
    }

    @Test
    void aJsonBodyWithoutItsHashInTheUrlIsRefused() {
        var unsigned = webhook(URL, JSON, JSON_BODY, "X-Twilio-Signature",
                TwilioSignature.sign(TOKEN, URL, List.of()));
        assertThat(verify(unsigned)).isEqualTo(Verification.wrong(
                "a body that is not form data must be signed through bodySHA256"));
    }

    @Test
    void twilioHasNoTimestampSoAReplayIsCaughtByTheMessageIdNotHere() {
        // Twilio signs no time: the same signed request verifies at any time. Replays meter nothing twice because
        // metering is idempotent by (carrier, MessageSid).
        assertThat(carriers.verify(signed(), tokens, NOW.plusSeconds(86_400)).verified()).isTrue();
    }
}
