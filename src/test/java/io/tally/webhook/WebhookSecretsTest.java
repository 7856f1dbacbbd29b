package io.tally.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class WebhookSecretsTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final Instant NOW = Instant.ofEpochSecond(1614265330);

    @Test
    void theIndependentVerifierMatchesTheSpecificationsTestVector() {
        assertThat(StandardWebhooksVerifier.expected(SECRET, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330",
                "{\"test\": 2432232314}")).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aMessageIsSignedAsTheSpecificationSays() {
        var body = "{\"test\": 2432232314}";
        var header = WebhookSecrets.signature(new WebhookSecrets.Secrets(SECRET, null, null),
                "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body.getBytes(StandardCharsets.UTF_8), NOW);

        assertThat(header).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void duringARotationBothSecretsSignAndAfterItOnlyTheNewOne() {
        var fresh = WebhookSecrets.generate();
        var secrets = new WebhookSecrets.Secrets(fresh, SECRET, NOW.plusSeconds(60));
        var body = "{}".getBytes(StandardCharsets.UTF_8);

        var during = WebhookSecrets.signature(secrets, "a1", NOW.getEpochSecond(), body, NOW);
        assertThat(during.split(" ")).hasSize(2);
        assertThat(StandardWebhooksVerifier.verifies(fresh, "a1", Long.toString(NOW.getEpochSecond()), "{}", during))
                .isTrue();
        assertThat(StandardWebhooksVerifier.verifies(SECRET, "a1", Long.toString(NOW.getEpochSecond()), "{}", during))
                .isTrue();

        var after = WebhookSecrets.signature(secrets, "a1", NOW.getEpochSecond(), body, NOW.plusSeconds(60));
        assertThat(after.split(" ")).hasSize(1);
        assertThat(StandardWebhooksVerifier.verifies(SECRET, "a1", Long.toString(NOW.getEpochSecond()), "{}", after))
                .isFalse();
    }

    @Test
    void aNewSecretIsWhsecAnd32RandomBytes() {
        var one = WebhookSecrets.generate();

        assertThat(one).startsWith("whsec_");
        assertThat(java.util.Base64.getDecoder().decode(one.substring(6))).hasSize(32);
        assertThat(WebhookSecrets.generate()).isNotEqualTo(one);
    }
}
