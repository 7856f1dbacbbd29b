package io.tally.payment;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tally.platform.RedisLockedTimer;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.core.Vertx;

/**
 * Finishes the purchases whose clients never came back (docs/payments.md "Unfinished purchases"): every
 * {@code tally.payments.resolver.interval}, one replica (a Redis lock) takes the purchases untouched for longer than
 * {@code tally.payments.resolver.lease} that are still pending (the provider's outcome unknown) or paid and not
 * granted, and resolves each as a retry of its client would: the provider asked again with the payment id as the
 * idempotency key, the lot granted on success with that id as the grant's key, the payment failed on a decline.
 */
@Singleton
class PurchaseResolver {
    private static final Logger LOG = Logger.getLogger(PurchaseResolver.class);
    private static final int BATCH = 50;

    private final Purchases purchases;
    private final PaymentRepository payments;
    private final PaymentConfig config;
    private final Clock clock;
    private final RedisLockedTimer timer;

    PurchaseResolver(Purchases purchases, PaymentRepository payments, PaymentConfig config, Clock clock, Vertx vertx,
            RedisPipes redis) {
        this.purchases = purchases;
        this.payments = payments;
        this.config = config;
        this.clock = clock;
        this.timer = new RedisLockedTimer(vertx, redis, clock, "tally:payments:resolver", config.resolver().interval(),
                this::runOnce);
    }

    void start(@Observes StartupEvent event) {
        timer.start();
    }

    void stop(@Observes ShutdownEvent event) {
        timer.stop();
    }

    /** One pass: the purchases untouched for longer than the lease; how many were resolved (a failure is logged). */
    Uni<Integer> runOnce() {
        return resolveUntouchedSince(clock.instant().minus(config.resolver().lease()));
    }

    /** Resolves, one after the other, up to a batch of the unfinished purchases untouched since before {@code before}. */
    Uni<Integer> resolveUntouchedSince(Instant before) {
        return payments.unfinishedPurchases(before, BATCH)
                .onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(payment -> purchases.resolve(payment)
                        .invoke(status -> LOG.infof("Unfinished purchase %s of %s: %s", payment.id(),
                                payment.account(), status))
                        .onFailure().invoke(failure -> LOG.warnf("Unfinished purchase %s of %s: %s", payment.id(),
                                payment.account(), failure.toString()))
                        .onFailure().recoverWithNull())
                .collect().with(java.util.stream.Collectors.counting())
                .map(Long::intValue);
    }
}
