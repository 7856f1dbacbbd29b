package io.tally.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "tally.webhooks")
public interface WebhookConfig {
    /** Whether this replica delivers webhooks (every replica joins the consumer group by default). */
    @WithDefault("true")
    boolean enabled();

    /**
     * Host names or address literals, as written in endpoint URLs, that may receive webhooks although they resolve to
     * a private, loopback or otherwise non-public address ({@code TALLY_WEBHOOKS_ALLOWED_PRIVATE_HOSTS}, empty by
     * default): in-cluster receivers, tests.
     */
    Optional<List<String>> allowedPrivateHosts();

    @WithDefault("webhooks")
    String group();

    /** This replica's consumer name; default: the host name (the pod's) and a random suffix. */
    Optional<String> consumer();

    /**
     * The waits before the 2nd, 3rd, … attempt of a delivery (the first is immediate): about three days in all. After
     * the last, the delivery has failed.
     */
    @WithDefault("5s,5m,30m,2h,5h,10h,10h,10h,10h,10h,10h")
    List<Duration> retrySchedule();

    /** Each wait is stretched or shrunk by a random fraction up to this. */
    @WithDefault("0.2")
    double jitter();

    /** The longest {@code Retry-After} honoured. */
    @WithDefault("24h")
    Duration maxRetryAfter();

    /** How long a receiver has to answer (connection and response). */
    @WithDefault("10s")
    Duration timeout();

    /** How often each alert stream is read for new alerts. */
    @WithDefault("250ms")
    Duration pollInterval();

    /** How often due deliveries are looked for (a new alert is sent at once, without waiting for this). */
    @WithDefault("1s")
    Duration dueInterval();

    /** A replica that took a due delivery has this long to record its attempt before another replica takes it. */
    @WithDefault("2m")
    Duration lease();

    /** Stream entries pending this long (their consumer died) are claimed by another consumer. */
    @WithDefault("60s")
    Duration claimIdle();

    @WithDefault("10s")
    Duration claimInterval();

    /** Most alerts read from a stream, and most deliveries sent, at a time. */
    @WithDefault("50")
    int batchSize();

    /** After a secret rotation, how long the previous secret still signs too. */
    @WithDefault("24h")
    Duration rotationWindow();
}
