package io.tally.carrier;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.tally.platform.ProblemException;

@ConfigMapping(prefix = "tally.carrier")
public interface CarrierConfig {
    /**
     * The public base URL carriers call ({@code TALLY_PUBLIC_URL}, e.g. {@code https://tally.example.com}): the
     * connections' URLs start with it, and the URL a signature covers is it followed by the path and query as
     * received. Never taken from a request's {@code Host} or {@code X-Forwarded-*}. Without it, the carrier
     * endpoints answer 503.
     */
    Optional<String> publicUrl();

    /** AES-256 key (32 bytes, base64) that encrypts connection credentials at rest; without it, 503 as above. */
    Optional<String> credentialsKey();

    /**
     * How long a replica keeps a connection or a number's owner without reading PostgreSQL again (a change is
     * announced to every replica at once; this bounds a lost notice).
     */
    @WithDefault("PT5M")
    Duration cacheTtl();

    /** The settings the carrier endpoints need, or a 503 naming what is missing. */
    static String require(Optional<String> value, String variable) {
        return value.filter(v -> !v.isBlank()).orElseThrow(() -> ProblemException.unavailable(
                "carriers-not-configured", "carrier webhooks need " + variable + " to be set",
                Duration.ofSeconds(60)));
    }
}
