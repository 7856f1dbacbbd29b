package io.tally.ledger;

import java.time.Duration;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.runtime.StartupEvent;
import io.tally.platform.RedisPipes;

/** Makes the Redis ledger, on the pipelined connections, and loads its scripts at start-up (failing fast). */
class LedgerProducer {
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(30);

    @Produces
    @Singleton
    RedisLedger ledger(RedisPipes pipes, LedgerConfig config) {
        return new RedisLedger(pipes.asClient(), config.partitions(), config.idempotencyTtl(),
                config.legacyIdempotency(), config.sortedIndex());
    }

    void loadScripts(@Observes StartupEvent event, RedisLedger ledger) {
        ledger.load().await().atMost(LOAD_TIMEOUT);
    }
}
