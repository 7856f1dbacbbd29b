package io.tally.reconciliation;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tally.platform.RedisLockedTimer;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.core.Vertx;

/**
 * Reconciles every account, one after the other, every {@code tally.reconciliation.interval}, and exports the last
 * run as gauges. One replica per interval takes the run (a Redis lock that expires with the interval); the run only
 * reads, so a second one would be harmless. Accounts with unwritten events are skipped and counted.
 */
@Singleton
class PeriodicReconciliation {
    private static final Logger LOG = Logger.getLogger(PeriodicReconciliation.class);
    private static final String LOCK = "tally:usage:reconciliation";
    private static final int PAGE = 200;

    /** What one run found. */
    record Run(long checked, long differing, long skipped) {
        Run add(Reconciler.Report report) {
            if (!report.settled()) {
                return new Run(checked, differing, skipped + 1);
            }
            return new Run(checked + 1, differing + (report.agrees() ? 0 : 1), skipped);
        }
    }

    private final Reconciler reconciler;
    private final ReconciliationRepository entries;
    private final Clock clock;
    private final RedisLockedTimer timer;
    private final AtomicLong checked = new AtomicLong();
    private final AtomicLong differing = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong lastRun = new AtomicLong();

    PeriodicReconciliation(Reconciler reconciler, ReconciliationRepository entries, RedisPipes redis, Vertx vertx,
            Clock clock, MeterRegistry registry, ReconciliationConfig config) {
        this.reconciler = reconciler;
        this.entries = entries;
        this.clock = clock;
        this.timer = new RedisLockedTimer(vertx, redis, clock, LOCK, config.interval(), this::runOnce);
        Gauge.builder("tally.reconciliation.accounts", checked, AtomicLong::get).tag("outcome", "checked")
                .description("Accounts compared in the last reconciliation run").register(registry);
        Gauge.builder("tally.reconciliation.accounts", differing, AtomicLong::get).tag("outcome", "differing")
                .description("Accounts whose Redis state differed from their ledger entries").register(registry);
        Gauge.builder("tally.reconciliation.accounts", skipped, AtomicLong::get).tag("outcome", "skipped")
                .description("Accounts skipped for unwritten events").register(registry);
        Gauge.builder("tally.reconciliation.last.run", lastRun, AtomicLong::get).baseUnit("seconds")
                .description("When the last reconciliation run ended (epoch seconds)").register(registry);
    }

    void start(@Observes StartupEvent event) {
        timer.start();
    }

    void stop(@Observes ShutdownEvent event) {
        timer.stop();
    }

    /** One run over every account, whatever the lock says. */
    Uni<Run> runOnce() {
        return Multi.createBy().repeating()
                .uni(() -> new String[] { "" }, last -> entries.accounts(last[0], PAGE)
                        .invoke(page -> last[0] = page.isEmpty() ? last[0] : page.get(page.size() - 1)))
                .whilst(page -> page.size() == PAGE)
                .onItem().transformToIterable(page -> page)
                .onItem().transformToUniAndConcatenate(this::reconcile)
                .collect().in(() -> new Run[] { new Run(0, 0, 0) }, (run, report) -> run[0] = run[0].add(report))
                .map(run -> run[0])
                .invoke(this::publish);
    }

    /** An account that cannot be read now (Redis or PostgreSQL failing) counts as skipped. */
    private Uni<Reconciler.Report> reconcile(String account) {
        return reconciler.compare(account)
                .onFailure().recoverWithItem(failure -> new Reconciler.Report(account, false, false,
                        clock.instant(), null, java.util.List.of(), java.util.Optional.empty()))
                .invoke(report -> {
                    if (report.lost()) {
                        LOG.warnf("Account %s is in a ledger partition Redis lost: restore it", account);
                    } else if (report.settled() && !report.agrees()) {
                        LOG.warnf("Account %s differs from its ledger entries in %d field(s): %s", account,
                                report.differences().size(), report.differences());
                    }
                });
    }

    private void publish(Run run) {
        checked.set(run.checked());
        differing.set(run.differing());
        skipped.set(run.skipped());
        lastRun.set(clock.instant().getEpochSecond());
    }
}
