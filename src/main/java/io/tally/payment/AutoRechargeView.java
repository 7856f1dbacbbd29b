package io.tally.payment;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tally.pricing.Credits;

/** An account's auto-recharge settings, in credits. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AutoRechargeView(String account, boolean enabled, BigDecimal threshold, BigDecimal amount, BigDecimal target,
        String paymentMethod, BigDecimal maxPerMonth) {

    static AutoRechargeView of(AutoRecharge settings) {
        return new AutoRechargeView(settings.account(), settings.enabled(), Credits.decimal(settings.threshold()),
                settings.amount().isPresent() ? Credits.decimal(settings.amount().getAsLong()) : null,
                settings.target().isPresent() ? Credits.decimal(settings.target().getAsLong()) : null,
                settings.paymentMethod(),
                settings.maxPerMonth().isPresent() ? Credits.decimal(settings.maxPerMonth().getAsLong()) : null);
    }
}
