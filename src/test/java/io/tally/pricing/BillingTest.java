package io.tally.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BillingTest {

    @ParameterizedTest(name = "{1} s at {0} bills {2} s")
    @CsvSource({
            "60/60, 0, 0",
            "60/60, 1, 60",
            "60/60, 60, 60",
            "60/60, 61, 120",
            "60/60, 120, 120",
            "60/60, 121, 180",
            "6/6, 1, 6",
            "6/6, 6, 6",
            "6/6, 7, 12",
            "6/6, 61, 66",
            "6/6, 66, 66",
            "1/1, 1, 1",
            "1/1, 61, 61",
            "30/6, 29, 30",
            "30/6, 31, 36",
            "30/6, 61, 66",
            "60/1, 59, 60",
            "60/1, 61, 61" })
    void roundsUpToTheIncrements(String billing, long seconds, long billed) {
        assertThat(Billing.parse(billing).orElseThrow().billedSeconds(seconds)).isEqualTo(billed);
    }

    @ParameterizedTest(name = "''{0}'' is not a billing")
    @ValueSource(strings = { "", "60", "60/", "/60", "0/60", "60/0", "3601/1", "1/3601", "60/60/60", "a/b", " 6/6",
            "-6/6", "99999/1" })
    void refusesOtherForms(String text) {
        assertThat(Billing.parse(text)).isEmpty();
    }

    @Test
    void readsTheLimits() {
        assertThat(Billing.parse("3600/3600")).isEqualTo(Optional.of(new Billing(3600, 3600)));
        assertThat(Billing.parse("1/1")).isEqualTo(Optional.of(new Billing(1, 1)));
    }

    @Test
    void refusesToWrapAroundOnAnAbsurdDuration() {
        assertThatThrownBy(() -> new Billing(60, 3600).billedSeconds(Long.MAX_VALUE - 10))
                .isInstanceOf(ArithmeticException.class);
    }
}
