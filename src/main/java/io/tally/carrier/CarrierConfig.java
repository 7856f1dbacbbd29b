package io.tally.carrier;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "tally.carrier")
public interface CarrierConfig {
    /**
     * The public base URL carriers call ({@code TALLY_PUBLIC_URL}, e.g. {@code https://tally.example.com}): the
     * connections' URLs start with it, and the URL a signature covers is it followed by the path and query as
     * received. Never taken from a request's {@code Host} or {@code X-Forwarded-*}.
     */
    String publicUrl();

    /** AES-256 key (32 bytes, base64) that encrypts connection credentials at rest. */
    String credentialsKey();
}
