package io.tally.payment;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tally.account.AccountDirectory;
import io.tally.ledger.Balance;
import io.tally.ledger.CreditOutcome;
import io.tally.ledger.DueRecharge;
import io.tally.ledger.Fingerprint;
import io.tally.ledger.Grant;
import io.tally.ledger.Ledger;
import io.tally.ledger.LedgerConfig;
import io.tally.ledger.Lot;
import io.tally.ledger.LotKind;
import io.tally.ledger.RechargeEnd;
import io.tally.platform.JsonObject;
import io.vertx.mutiny.core.Vertx;

/**
 * The auto-recharge worker (docs/payments.md). Every replica claims due recharges per partition (a lease in Redis,
 * so one worker at a time, and another after a crash); for each: the payment row first (PostgreSQL: amount fixed at
 * the first attempt), then the provider with the recharge id as its idempotency key, then an {@code AUTO_RECHARGE}
 * lot through the grant script with the same id as the grant's key. Every step is safe to repeat, so a worker that
 * dies anywhere leaves the next one to finish it without charging or granting twice.
 */
@Singleton
class Recharger {
    private static final Logger LOG = Logger.getLogger(Recharger.class);
    private static final int BATCH = 50;

    private final Ledger ledger;
    private final AutoRecharges settings;
    private final PaymentRepository payments;
    private final PaymentProvider provider;
    private final AccountDirectory directory;
    private final PaymentConfig config;
    private final int partitions;
    private final Clock clock;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    Recharger(Ledger ledger, AutoRecharges settings, PaymentRepository payments, PaymentProvider provider,
            AccountDirectory directory, PaymentConfig config, LedgerConfig ledgerConfig, Clock clock, Vertx vertx,
            MeterRegistry registry) {
        this.ledger = ledger;
        this.settings = settings;
        this.payments = payments;
        this.provider = provider;
        this.directory = directory;
        this.config = config;
        this.partitions = ledgerConfig.partitions();
        this.clock = clock;
        this.vertx = vertx;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.recharge().interval().toMillis(), ignored -> tick());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One pass over every partition: the recharges handled. */
    Uni<Integer> runOnce() {
        var now = clock.instant();
        return Multi.createFrom().range(0, partitions)
                .onItem().transformToUniAndConcatenate(p -> ledger.dueRecharges(p, now, config.recharge().lease(),
                        BATCH))
                .onItem().transformToIterable(due -> due)
                .onItem().transformToUniAndMerge(due -> handle(due)
                        .onFailure().invoke(failure -> LOG.warnf("Recharge %s of %s: %s", due.rechargeId(),
                                due.account(), failure.toString()))
                        .onFailure().recoverWithItem(RechargeEnd.RETRY))
                .collect().with(Collectors.counting())
                .map(Long::intValue);
    }

    private void tick() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        runOnce()
                .onTermination().invoke(() -> running.set(false))
                .subscribe().with(count -> {
                }, failure -> LOG.warnf("Recharge pass failed: %s", failure.toString()));
    }

    /** One claimed recharge, to its end in Redis (or left to its lease when something could not be reached). */
    private Uni<RechargeEnd> handle(DueRecharge due) {
        return payments.find(due.account(), due.rechargeId())
                .chain(found -> found.isPresent()
                        ? Uni.createFrom().item(found)
                        : open(due))
                .chain(payment -> payment.isEmpty()
                        ? end(due, RechargeEnd.DONE)
                        : advance(due, payment.get()));
    }

    /** The payment of a new recharge: empty when there is nothing to buy (off, target reached); capped is failed. */
    private Uni<Optional<Payment>> open(DueRecharge due) {
        return settings.current(due.account()).chain(found -> {
            if (found.isEmpty() || !found.get().enabled()) {
                return Uni.createFrom().item(Optional.<Payment> empty());
            }
            var recharge = found.get();
            return directory.profile(due.account()).chain(profile -> {
                var zone = profile.map(p -> p.account().timeZone()).orElse(java.time.ZoneOffset.UTC);
                var now = clock.instant();
                var month = YearMonth.from(now.atZone(zone)).toString();
                return ledger.balance(due.account(), month)
                        .chain(balance -> payments.rechargedSince(due.account(), RechargeRules.monthStart(now, zone))
                                .map(recharged -> recharge.credits(available(balance), recharged)))
                        .chain(credits -> credits == 0 ? capped(due, recharge) : insert(due, recharge, credits, now));
            });
        });
    }

    private static long available(Balance balance) {
        return balance.granted() - balance.spent() - balance.held() - balance.expired();
    }

    /** Nothing to buy: the target is reached, or the month's cap is; the latter is a failure until credits arrive. */
    private Uni<Optional<Payment>> capped(DueRecharge due, AutoRecharge recharge) {
        if (recharge.maxPerMonth().isEmpty() || recharge.amount().isEmpty() && recharge.target().isPresent()) {
            return Uni.createFrom().item(Optional.empty());
        }
        LOG.infof("Recharge %s of %s: the monthly cap is reached", due.rechargeId(), due.account());
        registry.counter("tally.payments.recharges", "outcome", "capped").increment();
        var now = clock.instant();
        return ledger.endRecharge(due.account(), due.rechargeId(), RechargeEnd.FAILED, now, now, 0,
                "the monthly cap is reached")
                .replaceWith(Optional.empty());
    }

    private Uni<Optional<Payment>> insert(DueRecharge due, AutoRecharge recharge, long credits, Instant now) {
        var payment = new Payment(due.rechargeId(), due.account(), Optional.empty(), Payment.Kind.RECHARGE,
                Optional.empty(), credits, RechargeRules.price(credits, config.minorUnitsPerCredit()),
                config.currency(), recharge.paymentMethod(), provider.name(), Payment.Status.PENDING,
                Optional.empty(), Optional.empty(), 0, Optional.empty(), now);
        return payments.insert(payment)
                .call(stored -> payments.event(stored.account(), stored.id(), now, "recharge-requested", ""))
                .map(Optional::of);
    }

    private Uni<RechargeEnd> advance(DueRecharge due, Payment payment) {
        return switch (payment.status()) {
            case SUCCEEDED -> grant(payment).chain(() -> succeeded(due, payment));
            case FAILED -> failed(due, payment.failure().orElse("the payment failed"));
            case PENDING -> charge(due, payment);
        };
    }

    private Uni<RechargeEnd> charge(DueRecharge due, Payment payment) {
        var request = new PaymentRequest(payment.id(), payment.account(), payment.amountMinor(), payment.currency(),
                payment.paymentMethod(), "auto-recharge of " + payment.account());
        return payments.attempt(payment.account(), payment.id(), clock.instant())
                .chain(attempts -> attempts.isEmpty()
                        ? payments.find(payment.account(), payment.id()).chain(again -> advance(due, again.orElseThrow()))
                        : provider.charge(request).chain(result -> outcome(due, payment, attempts.get(), result)));
    }

    private Uni<RechargeEnd> outcome(DueRecharge due, Payment payment, int attempts, PaymentResult result) {
        var now = clock.instant();
        if (result instanceof PaymentResult.Succeeded succeeded) {
            registry.counter("tally.payments.recharges", "outcome", "succeeded").increment();
            return payments.succeeded(payment.account(), payment.id(), succeeded.reference(), now)
                    .call(() -> payments.event(payment.account(), payment.id(), now, "recharge-succeeded",
                            succeeded.reference()))
                    .chain(() -> grant(payment))
                    .chain(() -> succeeded(due, payment));
        }
        var reason = result instanceof PaymentResult.Declined declined
                ? declined.reason()
                : ((PaymentResult.Unknown) result).reason();
        registry.counter("tally.payments.recharges", "outcome", "failed").increment();
        var failed = payments.event(payment.account(), payment.id(), now, "recharge-failed", reason);
        if (attempts >= config.recharge().attempts()) {
            return failed.chain(() -> payments.failed(payment.account(), payment.id(), reason, now))
                    .call(() -> payments.event(payment.account(), payment.id(), now, "recharge-given-up", reason))
                    .chain(() -> failed(due, reason));
        }
        var retryAt = now.plus(RechargeRules.backoff(config.recharge().backoff(), attempts));
        return failed.chain(() -> payments.failure(payment.account(), payment.id(), reason, now))
                .chain(() -> ledger.endRecharge(due.account(), due.rechargeId(), RechargeEnd.RETRY, retryAt))
                .replaceWith(RechargeEnd.RETRY);
    }

    /** The paid credits as an AUTO_RECHARGE lot (never expires), once: the payment id is the grant's key. */
    private Uni<Void> grant(Payment payment) {
        var now = clock.instant();
        var lot = Lot.of(RechargeRules.lotId(payment.id()), LotKind.AUTO_RECHARGE, payment.credits(), now);
        var detail = new JsonObject().put("note", "auto-recharge").put("payment", payment.id()).toString();
        var grant = new Grant(payment.account(), payment.id(), Fingerprint.of("auto-recharge", payment.id(),
                payment.credits()), java.util.UUID.randomUUID().toString(), lot, now, detail);
        return ledger.grant(grant)
                .invoke(outcome -> {
                    if (outcome instanceof CreditOutcome.Insufficient) {
                        throw new IllegalStateException("a grant is never insufficient: " + outcome);
                    }
                })
                .chain(() -> payments.granted(payment.account(), payment.id(), lot.id(), now));
    }

    /** Ends the recharge as paid and granted: its recharge alerts say succeeded, with the credits bought. */
    private Uni<RechargeEnd> succeeded(DueRecharge due, Payment payment) {
        var now = clock.instant();
        return ledger.endRecharge(due.account(), due.rechargeId(), RechargeEnd.DONE, now, now, payment.credits(), "")
                .replaceWith(RechargeEnd.DONE);
    }

    /** Ends the recharge as failed for good: its recharge alerts say failed, and why. */
    private Uni<RechargeEnd> failed(DueRecharge due, String reason) {
        var now = clock.instant();
        return ledger.endRecharge(due.account(), due.rechargeId(), RechargeEnd.FAILED, now, now, 0, reason)
                .replaceWith(RechargeEnd.FAILED);
    }

    private Uni<RechargeEnd> end(DueRecharge due, RechargeEnd end) {
        return ledger.endRecharge(due.account(), due.rechargeId(), end, clock.instant()).replaceWith(end);
    }
}
