package io.tally.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class FailureBudgetTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void anAddressIsExhaustedAfterItsLimitAndRefillsEvenly() {
        var budget = new FailureBudget(3, Duration.ofSeconds(30), 100);
        for (int i = 0; i < 3; i++) {
            assertThat(budget.exhausted("a", T0)).isFalse();
            budget.spend("a", T0);
        }

        assertThat(budget.exhausted("a", T0)).isTrue();
        assertThat(budget.retryAfter("a", T0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(budget.exhausted("a", T0.plusSeconds(9))).isTrue();
        assertThat(budget.retryAfter("a", T0.plusSeconds(9))).isEqualTo(Duration.ofSeconds(1));
        assertThat(budget.exhausted("a", T0.plusSeconds(10))).isFalse();
        assertThat(budget.retryAfter("a", T0.plusSeconds(10))).isZero();
    }

    @Test
    void addressesHaveBudgetsOfTheirOwn() {
        var budget = new FailureBudget(1, Duration.ofMinutes(1), 100);
        budget.spend("a", T0);

        assertThat(budget.exhausted("a", T0)).isTrue();
        assertThat(budget.exhausted("b", T0)).isFalse();
    }

    @Test
    void aFullTableForgetsAddressesWhoseBudgetRefilledFirst() {
        var budget = new FailureBudget(1, Duration.ofMinutes(1), 2);
        budget.spend("old", T0);
        budget.spend("recent", T0.plusSeconds(50));

        budget.spend("new", T0.plusSeconds(60));

        assertThat(budget.exhausted("recent", T0.plusSeconds(60))).isTrue();
        assertThat(budget.exhausted("new", T0.plusSeconds(60))).isTrue();
    }
}
