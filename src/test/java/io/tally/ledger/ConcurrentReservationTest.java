package io.tally.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;
import io.tally.platform.RedisPipes;

/** 2,000 concurrent reservations over HTTP against credits for exactly 1,000: no more, no fewer, none twice. */
@QuarkusTest
class ConcurrentReservationTest {
    private static final int REQUESTS = 2_000;
    private static final int IN_FLIGHT = 200;

    @TestHTTPResource("/v1/reservations")
    URI reservations;

    @Inject
    RedisPipes redis;

    @ConfigProperty(name = "tally.ledger.partitions")
    int partitions;

    @Test
    void exactlyAsManyReservationsSucceedAsTheCreditsPayFor() throws Exception {
        var wallet = Wallet.priced().grant("package", "1000");
        var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        var slots = new Semaphore(IN_FLIGHT);
        var statuses = new ArrayList<CompletableFuture<Integer>>();
        for (int i = 0; i < REQUESTS; i++) {
            slots.acquire();
            var body = "{\"idempotencyKey\":\"m-" + i + "\",\"account\":\"" + wallet.account
                    + "\",\"service\":\"sms\",\"to\":\"+393471234567\",\"text\":\"hello " + i + "\"}";
            var request = HttpRequest.newBuilder(reservations)
                    .header("Authorization", "Bearer " + Api.OPERATOR_KEY)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            statuses.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .thenApply(HttpResponse::statusCode)
                    .whenComplete((status, failure) -> slots.release()));
        }
        CompletableFuture.allOf(statuses.toArray(CompletableFuture[]::new)).get();

        var counts = statuses.stream().map(CompletableFuture::join)
                .collect(java.util.stream.Collectors.groupingBy(s -> s, java.util.stream.Collectors.counting()));
        assertThat(counts).containsOnlyKeys(201, 402);
        assertThat(counts.get(201)).isEqualTo(1_000);
        assertThat(counts.get(402)).isEqualTo(1_000);
        assertThat(wallet.balance().getString("available")).isEqualTo("0");
        assertThat(wallet.events(redis, partitions)).filteredOn(e -> "reserve".equals(e.get("type"))).hasSize(1_000);
    }
}
