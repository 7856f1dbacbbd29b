package io.tally.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.tally.ledger.Balance;
import io.tally.ledger.BillingCycle;
import io.tally.ledger.Lot;
import io.tally.ledger.LotKind;
import io.tally.ledger.Refresh;
import io.tally.ledger.Service;
import io.tally.pricing.Billing;
import io.tally.pricing.Catalogue;
import io.tally.pricing.ServiceCategory;
import io.tally.pricing.ServiceDefinition;
import io.tally.pricing.ServiceName;
import io.tally.pricing.ServiceUnit;

/** The plan usage fold on its own: which lots count in the cycle, and in which line. */
class PlanUsageFoldTest {
    private static final ZoneId ROME = ZoneId.of("Europe/Rome");
    /** Monthly cycles from 1 March, Rome time: now is in the cycle [1 December, 1 January). */
    private static final BillingCycle CYCLE = new BillingCycle(Instant.parse("2026-02-28T23:00:00Z"),
            BillingCycle.Period.MONTHLY, ROME);
    private static final Instant NOW = Instant.parse("2026-12-10T12:00:00Z");
    private static final Instant CYCLE_START = Instant.parse("2026-11-30T23:00:00Z");

    /** The built-in services and one an operator defined: toll-free calls, in the calling category. */
    private static final Catalogue CATALOGUE = Catalogue.of(List.of(new ServiceDefinition(
            new ServiceName("VOICE_TOLL_FREE"), "Toll-free calls", ServiceCategory.CALLING, ServiceUnit.MINUTE,
            Optional.of(Billing.PER_MINUTE), List.of(), false)));

    @Test
    void categoriesComeFromTheCatalogueAndAiIsApart() {
        assertThat(CATALOGUE.in(ServiceCategory.CALLING)).containsExactly(ServiceName.VOICE,
                new ServiceName("VOICE_TOLL_FREE"));
        assertThat(CATALOGUE.in(ServiceCategory.MESSAGING)).containsExactly(ServiceName.SMS, ServiceName.MMS);
        assertThat(CATALOGUE.categoryOf("AI_AGENT")).isEqualTo(ServiceCategory.AI);
        assertThat(CATALOGUE.categoryOf("NOT_DEFINED")).isEqualTo(ServiceCategory.OTHER);
        assertThat(ServiceCategory.AI.apart()).isTrue();
        assertThat(ServiceCategory.MESSAGING.apart()).isFalse();

        var tollFree = lot("toll-free", LotKind.COMMITMENT, Set.of(new Service("VOICE_TOLL_FREE")), CYCLE_START, null,
                20, 5, null);
        var usage = PlanUsage.of(new Balance(List.of(tollFree), 0, 0, 0, 0, 0, Map.of(), Map.of()), CYCLE, NOW,
                CATALOGUE);
        assertThat(usage.categories().get(ServiceCategory.CALLING)).isEqualTo(new PlanUsage.Line(1, 20_000_000,
                15_000_000, 5_000_000));
        assertThat(usage.shared()).isEqualTo(PlanUsage.Line.EMPTY);
    }

    @Test
    void lotsOutsideTheCycleAreLeftOutAndLotsForSeveralCategoriesAreShared() {
        var lots = List.of(
                lot("sms", LotKind.PLAN_ALLOWANCE, Set.of(Service.SMS), CYCLE_START, null, 100, 40, null),
                lot("calls-and-sms", LotKind.PACKAGE, Set.of(Service.SMS, Service.VOICE), NOW.minus(days(90)),
                        null, 50, 50, null),
                lot("gone", LotKind.PACKAGE, Set.of(Service.FAX), NOW.minus(days(90)), CYCLE_START.minus(days(1)),
                        30, 0, null),
                lot("ended", LotKind.PACKAGE, Set.of(Service.FAX), NOW.minus(days(90)), NOW.minus(days(1)), 30, 10,
                        null),
                lot("later", LotKind.PACKAGE, Set.of(Service.VOICE), NOW.plus(days(60)), null, 30, 30, null),
                lot("rolled", LotKind.SUBSCRIPTION, Set.of(Service.AI_AGENT), CYCLE_START, null, 10, 15,
                        new Refresh("P1M", "ALL")));
        var usage = PlanUsage.of(new Balance(lots, 0, 0, 0, 0, 0, Map.of(), Map.of()), CYCLE, NOW, CATALOGUE);

        assertThat(usage.categories().get(ServiceCategory.MESSAGING)).isEqualTo(new PlanUsage.Line(1, 100_000_000,
                60_000_000, 40_000_000));
        // expired during the cycle: in, with nothing available (its remaining expired now)
        assertThat(usage.categories().get(ServiceCategory.FAX)).isEqualTo(new PlanUsage.Line(1, 30_000_000,
                30_000_000, 0));
        assertThat(usage.categories().get(ServiceCategory.CALLING)).isEqualTo(PlanUsage.Line.EMPTY);
        // rolled over: more than granted, so spent is negative
        assertThat(usage.categories().get(ServiceCategory.AI)).isEqualTo(new PlanUsage.Line(1, 10_000_000,
                -5_000_000, 15_000_000));
        assertThat(usage.shared()).isEqualTo(new PlanUsage.Line(1, 50_000_000, 0, 50_000_000));
        assertThat(usage.total().lots()).isEqualTo(4);
        assertThat(usage.wallets().keySet()).containsExactly(LotKind.PLAN_ALLOWANCE, LotKind.SUBSCRIPTION,
                LotKind.PACKAGE);
        assertThat(usage.wallets().get(LotKind.SUBSCRIPTION).refresh().orElseThrow().start()).isEqualTo(CYCLE_START);
        assertThat(usage.wallets().get(LotKind.PACKAGE).nextExpiry()).isEmpty();
        assertThat(PlanUsage.usedPercent(1, 3)).isEqualByComparingTo("33.3");
        assertThat(PlanUsage.usedPercent(1, 0)).isNull();
    }

    private static Duration days(int n) {
        return Duration.ofDays(n);
    }

    private static Lot lot(String id, LotKind kind, Set<Service> services, Instant from, Instant expires,
            long granted, long remaining, Refresh refresh) {
        return new Lot(id, kind, services, OptionalInt.empty(), from, Optional.ofNullable(expires),
                granted * 1_000_000, remaining * 1_000_000, 0, Optional.ofNullable(refresh));
    }
}
