package io.tally.carrier;

import static io.tally.carrier.Requests.JSON;
import static io.tally.carrier.Requests.webhook;
import static io.tally.carrier.Requests.withHeader;
import static io.tally.carrier.Requests.without;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Sinch and Bandwidth prove themselves with the basic credentials set on the callback URL. */
class BasicAuthTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private final Carriers carriers = new Carriers(new CarrierJson());

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static Webhook request(String authorization) {
        return webhook("https://tally.example/v1/carriers/sinch/c1/inbound", JSON, "{}", "Authorization",
                authorization);
    }

    @ParameterizedTest
    @EnumSource(value = Carrier.class, names = { "SINCH", "BANDWIDTH" })
    void theConnectionsCredentialsAreAcceptedAndNoOthers(Carrier carrier) {
        var credentials = new Credentials.Basic(carrier, "tally", "s3cret:with-colon");
        assertThat(carriers.verify(request(basic("tally:s3cret:with-colon")), credentials, NOW).verified()).isTrue();
        assertThat(carriers.verify(request(basic("tally:s3cret:with-colom")), credentials, NOW))
                .isEqualTo(Verification.wrong("wrong basic credentials"));
        assertThat(carriers.verify(request(basic("other:s3cret:with-colon")), credentials, NOW).verified()).isFalse();
        assertThat(carriers.verify(request(basic("tally:s3cret:with-colon")),
                new Credentials.Basic(carrier, "tally", "another-connection"), NOW).verified()).isFalse();
        assertThat(carriers.verify(without(request("x"), "Authorization"), credentials, NOW))
                .isEqualTo(Verification.missing("no basic Authorization header"));
        assertThat(carriers.verify(withHeader(request("x"), "Authorization", "Bearer abc"), credentials, NOW))
                .isEqualTo(Verification.missing("no basic Authorization header"));
        assertThat(carriers.verify(request("Basic %%%"), credentials, NOW).verified()).isFalse();
    }
}
