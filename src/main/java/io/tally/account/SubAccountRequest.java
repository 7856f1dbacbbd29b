package io.tally.account;

import java.time.Instant;
import java.util.OptionalLong;

import io.tally.ledger.LimitPeriod;
import io.tally.ledger.SubAccountPolicy;
import io.tally.platform.Fields;
import io.tally.platform.Labels;
import io.tally.platform.Refusal;
import io.tally.pricing.Credits;

/**
 * The body of sub-account creation, and of updates (absent fields stay as they are). {@code monthlyLimit} caps
 * spending per period in the account's time zone; {@code "none"} removes the cap. {@code limitPeriod} ("day",
 * "week", "month"; month unless set) is the period it counts.
 */
record SubAccountRequest(String id, String name, String kind, String mode, Boolean fallbackToPool,
        String monthlyLimit, String limitPeriod) {
    private static final int MAX_NAME = 200;

    SubAccount toNew(String account, Instant now) {
        var parsedMode = mode == null ? SubAccountPolicy.Mode.SHARED : Labels.parse("mode", mode, SubAccountPolicy.Mode.class);
        boolean fallback = Boolean.TRUE.equals(fallbackToPool);
        if (fallback && parsedMode == SubAccountPolicy.Mode.SHARED) {
            throw Refusal.invalid("fallbackToPool", "fallbackToPool: only allocated sub-accounts fall back");
        }
        return new SubAccount(account, Fields.id("id", id), Fields.text("name", name, MAX_NAME),
                kind == null ? SubAccount.Kind.OFFICE : Labels.parse("kind", kind, SubAccount.Kind.class), parsedMode,
                fallback, limit(OptionalLong.empty()), now, period(LimitPeriod.MONTH));
    }

    SubAccount applyTo(SubAccount sub) {
        if (id != null && !id.equals(sub.id())) {
            throw Refusal.invalid("id", "id: a sub-account's id cannot change");
        }
        if (mode != null && Labels.parse("mode", mode, SubAccountPolicy.Mode.class) != sub.mode()) {
            throw Refusal.invalid("mode", "mode: fixed at creation; create another sub-account instead");
        }
        if (Boolean.TRUE.equals(fallbackToPool) && sub.mode() == SubAccountPolicy.Mode.SHARED) {
            throw Refusal.invalid("fallbackToPool", "fallbackToPool: only allocated sub-accounts fall back");
        }
        return new SubAccount(sub.account(), sub.id(), name == null ? sub.name() : Fields.text("name", name, MAX_NAME),
                kind == null ? sub.kind() : Labels.parse("kind", kind, SubAccount.Kind.class), sub.mode(),
                fallbackToPool == null ? sub.fallbackToPool() : fallbackToPool, limit(sub.monthlyLimit()),
                sub.createdAt(), period(sub.limitPeriod()));
    }

    private LimitPeriod period(LimitPeriod current) {
        return limitPeriod == null ? current : Labels.parse("limitPeriod", limitPeriod, LimitPeriod.class);
    }

    private OptionalLong limit(OptionalLong current) {
        if (monthlyLimit == null) {
            return current;
        }
        if ("none".equals(monthlyLimit)) {
            return OptionalLong.empty();
        }
        var parsed = Credits.parse(monthlyLimit);
        if (parsed instanceof Credits.Parsed.Invalid invalid) {
            throw Refusal.invalid("monthlyLimit", "monthlyLimit: " + invalid.reason() + ", or \"none\"");
        }
        return OptionalLong.of(((Credits.Parsed.Valid) parsed).micros());
    }
}
