package io.tally.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.tally.platform.Refusal;
import io.vertx.mutiny.core.Vertx;

/**
 * Resolves an endpoint's host (on a worker thread: the JDK resolver blocks) and checks the addresses with
 * {@link Destinations}: when an endpoint is saved, and before every send.
 */
@Singleton
class TargetResolver {
    private final Destinations destinations;
    private final Vertx vertx;

    TargetResolver(WebhookConfig config, Vertx vertx) {
        this.destinations = new Destinations(new HashSet<>(config.allowedPrivateHosts().orElse(List.of())));
        this.vertx = vertx;
    }

    /** Where a send to the URL connects to: the target and the checked address, or the refusal. */
    record Resolved(Destinations.Target target, Destinations.Decision decision) {
    }

    Uni<Resolved> resolve(String url) {
        Destinations.Target target;
        try {
            target = Destinations.parse(url);
        } catch (Refusal refusal) {
            return Uni.createFrom().failure(refusal);
        }
        return vertx.executeBlocking(Uni.createFrom().item(() -> addresses(target.host())), false)
                .map(addresses -> new Resolved(target, destinations.check(target, addresses)));
    }

    /** The URL, checked for saving: a refusal naming {@code url} when it may not receive webhooks. */
    Uni<String> checkForSaving(String url) {
        return resolve(url)
                .map(resolved -> {
                    if (resolved.decision().address().isEmpty()) {
                        throw Refusal.invalid("url", resolved.decision().refusal());
                    }
                    return url;
                });
    }

    private static List<InetAddress> addresses(String host) {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            return List.of();
        }
    }
}
