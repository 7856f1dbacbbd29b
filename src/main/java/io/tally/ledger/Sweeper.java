package io.tally.ledger;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tally.platform.RedisClock;
import io.vertx.mutiny.core.Vertx;

/**
 * Settles holds past their deadline by their account's policy, and expires the lots past their expiry. Every replica
 * sweeps every partition's holds; the settle script makes the work idempotent (a hold expires once, whoever gets
 * there first), so no coordination is needed. A partition's expiries are swept by the replica that claims them for
 * the pass ({@code {pN}:expiries:lock}): the expiry script is idempotent too (a lot expires once, and a crash between
 * two lots leaves the rest scheduled), the claim only spares the others the work. Each pass catches up every expiry
 * that came due since the last one (or while every replica was down), oldest first. The same claim covers the
 * partition's refreshes ({@code {pN}:refreshes}), swept before the expiries: each due lot is renewed at its due
 * boundary, then at every later boundary already past, in order (the refresh script renews only the lot's next
 * boundary, once, so racing replicas renew each cycle once). Under the same claim, at most once each
 * {@code tally.ledger.expiry-warning-interval}, the accounts with a credits-expiring alert rule
 * ({@code {pN}:alerts:expiring}) are checked for lots expiring within a rule's days (docs/alerts.md): the script warns
 * once per lot, rule and expiry, so a second sweeper would append nothing.
 */
@Singleton
class Sweeper {
    private static final Logger LOG = Logger.getLogger(Sweeper.class);

    private final Ledger ledger;
    private final Cycles cycles;
    private final LedgerConfig config;
    private final Clock clock;
    private final Vertx vertx;
    private final Counter expired;
    private final Counter lotsExpired;
    private final Counter lotsRefreshed;
    private final String owner = UUID.randomUUID().toString();
    private final AtomicBoolean running = new AtomicBoolean();
    private final RedisClock redisClock;
    private long timer = -1;
    private long warned;
    private long lastWarnings = Long.MIN_VALUE;
    private final Counter expiryWarnings;

    Sweeper(Ledger ledger, Cycles cycles, LedgerConfig config, Clock clock, RedisClock redisClock, Vertx vertx,
            MeterRegistry registry) {
        this.ledger = ledger;
        this.cycles = cycles;
        this.config = config;
        this.clock = clock;
        this.redisClock = redisClock;
        this.vertx = vertx;
        this.expired = Counter.builder("tally.ledger.holds.expired").description("Holds settled past their deadline")
                .register(registry);
        this.lotsExpired = Counter.builder("tally.ledger.lots.expired")
                .description("Lots whose credits left the books at their expiry, by the sweeper").register(registry);
        this.expiryWarnings = Counter.builder("tally.alerts.credits.expiring")
                .description("Credits-expiring alerts raised by the sweeper").register(registry);
        this.lotsRefreshed = Counter.builder("tally.ledger.lots.refreshed")
                .description("Lots renewed at a boundary of their refresh cycle").register(registry);
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.sweepInterval().toMillis(), ignored -> sweep());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One pass over every partition; a pass still running when the timer fires again is not doubled. */
    Uni<Integer> sweepOnce() {
        var now = clock.instant();
        return Multi.createFrom().range(0, config.partitions())
                .onItem().transformToUniAndConcatenate(partition -> ledger.dueHolds(partition, now, config.sweepBatch()))
                .onItem().transformToIterable(ids -> ids)
                .onItem().transformToUniAndMerge(id -> ledger.settle(Settle.expire(id, UUID.randomUUID().toString(),
                        now)))
                .filter(outcome -> outcome instanceof SettleOutcome.Settled settled && !settled.repeated())
                .invoke(outcome -> expired.increment())
                .collect().with(java.util.stream.Collectors.counting())
                .map(Long::intValue);
    }

    /** One pass of every partition's due expiries this replica could claim; the count of lots expired. */
    Uni<Integer> sweepExpiriesOnce() {
        var now = clock.instant();
        var claim = config.sweepInterval().multipliedBy(10);
        return Multi.createFrom().range(0, config.partitions())
                .onItem().transformToUniAndConcatenate(partition -> ledger.claimExpiries(partition, owner, claim)
                        .chain(claimed -> claimed
                                ? ledger.dueExpiries(partition, now, config.sweepBatch())
                                : Uni.createFrom().item(java.util.List.<ExpiringLot> of())))
                .onItem().transformToIterable(lots -> lots)
                .onItem().transformToUniAndConcatenate(lot -> ledger.expire(new ExpireCredits(lot.account(),
                        lot.lotId(), UUID.randomUUID().toString(), now)))
                .filter(outcome -> outcome instanceof ExpireOutcome.Expired)
                .invoke(outcome -> lotsExpired.increment())
                .collect().with(java.util.stream.Collectors.counting())
                .map(Long::intValue);
    }

    /**
     * One pass of the credits-expiring alerts of every partition this replica could claim; the count raised. An
     * account that fails is logged and left to the next pass.
     */
    Uni<Integer> sweepExpiryWarningsOnce() {
        var now = clock.instant();
        var claim = config.sweepInterval().multipliedBy(10);
        return Multi.createFrom().range(0, config.partitions())
                .onItem().transformToUniAndConcatenate(partition -> ledger.claimExpiries(partition, owner, claim)
                        .chain(claimed -> claimed
                                ? ledger.expiryWarningAccounts(partition)
                                : Uni.createFrom().item(java.util.List.<String> of())))
                .onItem().transformToIterable(accounts -> accounts)
                .onItem().transformToUniAndConcatenate(account -> ledger.warnExpiring(account,
                        UUID.randomUUID().toString(), now)
                        .onFailure().invoke(failure -> LOG.warnf("Expiry warnings of %s failed: %s", account, failure))
                        .onFailure().recoverWithItem(0))
                .collect().with(java.util.stream.Collectors.summingInt(raised -> Math.max(raised, 0)))
                .invoke(raised -> expiryWarnings.increment(raised));
    }

    /** The warnings pass when one is due by {@code tally.ledger.expiry-warning-interval}, else nothing. */
    private Uni<Integer> warningsIfDue() {
        long now = clock.millis();
        if (lastWarnings != Long.MIN_VALUE && now - lastWarnings < config.expiryWarningInterval().toMillis()) {
            return Uni.createFrom().item(0);
        }
        lastWarnings = now;
        return sweepExpiryWarningsOnce();
    }

    /** One pass of every partition's due refreshes this replica could claim; the count of renewals. */
    Uni<Integer> sweepRefreshesOnce() {
        var now = clock.instant();
        var claim = config.sweepInterval().multipliedBy(10);
        return Multi.createFrom().range(0, config.partitions())
                .onItem().transformToUniAndConcatenate(partition -> ledger.claimExpiries(partition, owner, claim)
                        .chain(claimed -> claimed
                                ? ledger.dueRefreshes(partition, now, config.sweepBatch())
                                : Uni.createFrom().item(java.util.List.<RefreshingLot> of())))
                .onItem().transformToIterable(lots -> lots)
                .onItem().transformToUniAndConcatenate(lot -> cycles.of(lot.account())
                        .chain(cycle -> refreshUpTo(lot, cycle, now, 0))
                        .onFailure().invoke(failure -> LOG.warnf("Refresh of %s failed: %s", lot.member(), failure))
                        .onFailure().recoverWithItem(0))
                .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue));
    }

    /**
     * Renews {@code lot} at its due boundary, then at each later one that is past at {@code now}, in order (a
     * boundary missed while every replica was down is caught up); the count of renewals.
     */
    private Uni<Integer> refreshUpTo(RefreshingLot lot, BillingCycle cycle, java.time.Instant now, int done) {
        var next = cycle.nextBoundary(lot.due(), lot.months());
        return ledger.refresh(new RefreshCredits(lot.account(), lot.lotId(), lot.months(),
                UUID.randomUUID().toString(), lot.due(), next, now))
                .chain(outcome -> {
                    if (!(outcome instanceof RefreshOutcome.Refreshed)) {
                        return Uni.createFrom().item(done);
                    }
                    lotsRefreshed.increment();
                    return next.isAfter(now) || done + 1 >= config.sweepBatch()
                            ? Uni.createFrom().item(done + 1)
                            : refreshUpTo(new RefreshingLot(lot.account(), lot.lotId(), lot.months(), next), cycle, now,
                                    done + 1);
                });
    }

    private void sweep() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        redisClock.skew()
                .chain(skew -> {
                    if (redisClock.tooFar(skew)) {
                        skipped(skew);
                        return Uni.createFrom().item(0);
                    }
                    return sweepOnce().chain(this::sweepRefreshesOnce).chain(this::sweepExpiriesOnce)
                            .chain(this::warningsIfDue);
                })
                .onTermination().invoke(() -> running.set(false))
                .subscribe().with(count -> {
                }, failure -> LOG.warnf("Hold sweep failed: %s", failure.toString()));
    }

    /**
     * A replica whose clock is too far from Redis's does not sweep: ahead, it would expire every replica's holds and
     * lots early. The others sweep meanwhile (every replica sweeps every partition). One WARN a minute.
     */
    private void skipped(java.time.Duration skew) {
        long now = clock.millis();
        if (warned == 0 || now - warned > 60_000) {
            warned = now;
            LOG.warnf("Sweep skipped: this replica's clock is %d ms from Redis's (more than tally.clock.max-skew,"
                    + " %s); holds and lots are left to the other replicas until it is fixed", skew.toMillis(),
                    redisClock.maxSkew());
        }
    }
}
