package io.tally.fee;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tally.account.AccountDirectory;
import io.tally.account.AccountProfile;
import io.tally.auth.Caller;
import io.tally.auth.Role;
import io.tally.auth.Scopes;
import io.tally.carrier.NumberRepository;
import io.tally.ledger.Ledger;
import io.tally.ledger.Meter;
import io.tally.ledger.MeterOutcome;
import io.tally.ledger.Service;
import io.tally.ledger.SubAccountPolicy;
import io.tally.payment.AutoRecharges;
import io.tally.platform.Fields;
import io.tally.platform.JsonObject;
import io.tally.platform.Labels;
import io.tally.platform.RedisLockedTimer;
import io.tally.platform.RedisPipes;
import io.tally.platform.Refusal;
import io.tally.pricing.ServiceCatalogue;
import io.vertx.mutiny.core.Vertx;

/**
 * Recurring fees (docs/ledger.md "Recurring fees"): an operator sets an account's fees; one replica at a time (the
 * one that takes {@code tally:fees:sweeper} for the interval) charges every period that has started, oldest first,
 * each by a metered use whose idempotency key is the fee's and the period's. A replica that charges the same period
 * meanwhile (a sweep that outlived its interval) makes the same use and the ledger answers it as a replay; the period
 * is recorded once and the fee moves on only from the period charged, so a period is charged once, and periods missed
 * while no replica ran are all charged at the next sweep.
 */
@Singleton
public class Fees {
    private static final Logger LOG = Logger.getLogger(Fees.class);
    private static final String LOCK = "tally:fees:sweeper";
    /** Most periods of one fee a sweep charges: the rest wait for the next sweep. */
    static final int MAX_PERIODS = 120;

    private final FeeRepository repository;
    private final AccountDirectory directory;
    private final ServiceCatalogue catalogue;
    private final NumberRepository numbers;
    private final AutoRecharges recharges;
    private final Ledger ledger;
    private final FeeConfig config;
    private final Clock clock;
    private final RedisLockedTimer timer;
    private final Counter charged;

    Fees(FeeRepository repository, AccountDirectory directory, ServiceCatalogue catalogue, NumberRepository numbers,
            AutoRecharges recharges, Ledger ledger, FeeConfig config, Clock clock, RedisPipes redis, Vertx vertx,
            MeterRegistry registry) {
        this.repository = repository;
        this.directory = directory;
        this.catalogue = catalogue;
        this.numbers = numbers;
        this.recharges = recharges;
        this.ledger = ledger;
        this.config = config;
        this.clock = clock;
        this.timer = new RedisLockedTimer(vertx, redis, clock, LOCK, config.sweepInterval(),
                () -> sweep(clock.instant()));
        this.charged = Counter.builder("tally.fees.charged").description("Periods of recurring fees charged")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        timer.start();
    }

    void stop(@Observes ShutdownEvent event) {
        timer.stop();
    }

    Uni<Fee> put(String account, String id, FeeRequest request, Caller caller) {
        Scopes.requireWholeAccount(caller, account);
        var feeId = Fields.id("fee", id);
        var now = clock.instant();
        return profile(account)
                .chain(profile -> catalogue.current().chain(services -> {
                    var cycle = profile.account().cycle();
                    var terms = request.terms(cycle, now);
                    var service = services.require("service", request.service()).id().name();
                    terms.subAccount().ifPresent(sub -> profile.subAccount(sub).orElseThrow(
                            () -> Refusal.invalid("subAccount", "subAccount: no sub-account " + sub + " in " + account)));
                    return repository.chargedUntil(account, feeId).chain(until -> {
                        var next = FeePeriods.resume(cycle, terms.months(), terms.startsAt(), until);
                        var nextDue = terms.endsAt().filter(end -> !next.isBefore(end)).isPresent()
                                ? Optional.<Instant> empty()
                                : Optional.of(next);
                        return repository.upsert(new Fee(account, feeId, terms.subAccount(), terms.name(),
                                terms.kind(), service, terms.amount(), terms.quantity(), terms.months(),
                                terms.startsAt(), terms.endsAt(), nextDue, now, now));
                    });
                }));
    }

    Uni<List<Fee>> list(String account, Caller caller) {
        Scopes.requireAccount(caller, account);
        return profile(account).chain(ignored -> repository.list(account))
                .map(fees -> fees.stream().filter(fee -> visible(fee, caller)).toList());
    }

    Uni<Fee> get(String account, String id, Caller caller) {
        Scopes.requireAccount(caller, account);
        return repository.find(account, Fields.id("fee", id))
                .map(found -> found.filter(fee -> visible(fee, caller))
                        .orElseThrow(() -> Refusal.notFound("no fee " + id + " in " + account)));
    }

    /** Ends the fee now: no period starting from now on is charged; periods already due still are. */
    Uni<Fee> end(String account, String id, Caller caller) {
        Scopes.requireWholeAccount(caller, account);
        return repository.end(account, Fields.id("fee", id), clock.instant())
                .map(found -> found.orElseThrow(() -> Refusal.notFound("no fee " + id + " in " + account)));
    }

    Uni<List<FeeCharge>> charges(String account, String id, int limit, Caller caller) {
        return get(account, id, caller).chain(fee -> repository.charges(account, fee.id(), limit));
    }

    /** Office admins see the fees of their sub-accounts only. */
    private static boolean visible(Fee fee, Caller caller) {
        return caller.role() != Role.OFFICE_ADMIN
                || fee.subAccount().filter(sub -> caller.reachesSubAccount(fee.account(), sub)).isPresent();
    }

    /** Charges every period of every fee that has started by {@code now}; answers how many were charged. */
    Uni<Integer> sweep(Instant now) {
        return repository.due(now, config.sweepBatch())
                .onItem().transformToMulti(fees -> Multi.createFrom().iterable(fees))
                .onItem().transformToUniAndConcatenate(fee -> chargeDue(fee, now)
                        .onFailure().recoverWithItem(failure -> {
                            LOG.warnf("Charging fee %s of %s failed: %s", fee.id(), fee.account(), failure.toString());
                            return 0;
                        }))
                .collect().with(Collectors.summingInt(Integer::intValue));
    }

    /** Charges the fee's periods due at {@code now}, oldest first, each recorded before the next. */
    private Uni<Integer> chargeDue(Fee fee, Instant now) {
        return profile(fee.account()).chain(profile -> {
            var cycle = profile.account().cycle();
            var periods = new ArrayList<FeePeriods.Period>();
            var start = fee.nextDue();
            while (start.isPresent() && FeePeriods.due(start.get(), fee.endsAt(), now)
                    && periods.size() < MAX_PERIODS) {
                var period = FeePeriods.startingAt(cycle, fee.months(), start.get());
                periods.add(period);
                start = Optional.of(period.end());
            }
            return Multi.createFrom().iterable(periods)
                    .onItem().transformToUniAndConcatenate(period -> charge(fee, profile, period, now))
                    .collect().asList()
                    .map(List::size);
        });
    }

    private Uni<FeeCharge> charge(Fee fee, AccountProfile profile, FeePeriods.Period period, Instant now) {
        return units(fee)
                .chain(units -> Uni.combine().all().unis(recharges.threshold(fee.account()), catalogue.current())
                        .asTuple()
                        .chain(found -> {
                            var category = found.getItem2().categoryOf(fee.service()).label();
                            var command = meter(fee, profile, period, units, now)
                                    .withRechargeBelow(found.getItem1()).withCategory(category);
                            return ledger.meter(command).map(outcome -> outcome(fee, command, period, units,
                                    outcome));
                        }))
                .call(charge -> repository.charged(fee, charge, period.end()))
                .invoke(ignored -> charged.increment());
    }

    private Uni<Long> units(Fee fee) {
        return fee.countsNumbers()
                ? numbers.count(fee.account(), fee.subAccount())
                : Uni.createFrom().item(fee.quantity().getAsLong());
    }

    private static FeeCharge outcome(Fee fee, Meter command, FeePeriods.Period period, long units,
            MeterOutcome outcome) {
        if (outcome instanceof MeterOutcome.Metered metered) {
            return new FeeCharge(period.start(), period.end(), units, command.amount(), command.idempotencyKey(),
                    metered.debtIncurred(), command.now());
        }
        throw new IllegalStateException("the charge of fee " + fee.id() + " for " + period.start()
                + " conflicts with another use of its idempotency key");
    }

    static Meter meter(Fee fee, AccountProfile profile, FeePeriods.Period period, long units, Instant now) {
        var account = profile.account();
        var subAccount = fee.subAccount().flatMap(profile::subAccount);
        var sub = subAccount.map(s -> new SubAccountPolicy(s.id(), s.mode(), s.fallbackToPool(), s.monthlyLimit()));
        long cost = FeePeriods.cost(fee.amount(), units);
        var key = FeePeriods.idempotencyKey(fee.id(), period.start());
        return new Meter(account.id(), key, FeePeriods.fingerprint(account.id(), fee.id(), period.start()),
                UUID.randomUUID().toString(), sub, new Service(fee.service()), cost, now,
                subAccount.map(s -> account.limitPeriod(s.limitPeriod(), now)).orElseGet(() -> account.limitMonth(now)),
                account.ledger().burn(), account.ledger().overdraftLimit(), detail(fee, key, period, units, cost))
                .withAccountLimit(account.accountLimit(now));
    }

    /** What the usage record of the charge shows: the fee's name as its title, the fee and period in its metadata. */
    private static String detail(Fee fee, String key, FeePeriods.Period period, long units, long cost) {
        var metadata = new JsonObject()
                .put("fee", fee.id())
                .put("kind", Labels.of(fee.kind()))
                .put("periodStart", period.start().toString())
                .put("periodEnd", period.end().toString());
        return new JsonObject()
                .put("idempotencyKey", key)
                .put("service", fee.service())
                .put("units", units)
                .put("billed", units)
                .put("rate", fee.amount())
                .put("cost", cost)
                .put("title", fee.name())
                .putRaw("metadata", metadata.toString())
                .toString();
    }

    private Uni<AccountProfile> profile(String account) {
        return directory.profile(account)
                .map(found -> found.orElseThrow(() -> Refusal.notFound("no account " + account)));
    }
}
