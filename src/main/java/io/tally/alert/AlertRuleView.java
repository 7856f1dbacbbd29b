package io.tally.alert;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tally.pricing.Credits;

/** An alert rule as the API shows it; credits as decimals, fields that do not apply left out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record AlertRuleView(String id, String account, String type, BigDecimal threshold, Integer percent, Integer days,
        String subAccount, List<String> kinds, String service, String kind, boolean enabled, Instant createdAt,
        Instant updatedAt) {

    static AlertRuleView of(AlertRule rule) {
        var kinds = rule.kinds().stream().map(kind -> kind.toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                .toList();
        return new AlertRuleView(rule.id(), rule.account(), rule.type().wire(),
                rule.threshold().isPresent() ? Credits.decimal(rule.threshold().getAsLong()) : null,
                rule.percent().isPresent() ? rule.percent().getAsInt() : null,
                rule.days().isPresent() ? rule.days().getAsInt() : null, rule.subAccount().orElse(null),
                kinds.isEmpty() ? null : kinds,
                rule.service().map(service -> service.toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                        .orElse(null),
                rule.kind().map(kind -> kind.toLowerCase(java.util.Locale.ROOT).replace('_', '-')).orElse(null),
                rule.enabled(), rule.createdAt(), rule.updatedAt());
    }

    record Page(List<AlertRuleView> items) {
    }
}
