package io.tally.account;

import java.math.BigDecimal;
import java.time.Instant;

import io.tally.platform.Labels;
import io.tally.pricing.Credits;

record SubAccountView(String id, String name, String kind, String mode, boolean fallbackToPool, BigDecimal monthlyLimit,
        String limitPeriod, Instant createdAt) {
    static SubAccountView of(SubAccount sub) {
        return new SubAccountView(sub.id(), sub.name(), Labels.of(sub.kind()), Labels.of(sub.mode()),
                sub.fallbackToPool(), sub.monthlyLimit().isPresent() ? Credits.decimal(sub.monthlyLimit().getAsLong()) : null,
                Labels.of(sub.limitPeriod()), sub.createdAt());
    }
}
