package io.tally.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import io.tally.ledger.LotKind;
import io.tally.ledger.Service;
import io.tally.platform.Fields;
import io.tally.platform.Labels;
import io.tally.platform.Refusal;
import io.tally.pricing.Credits;

/**
 * The body of {@code POST} and {@code PATCH /v1/accounts/{account}/alert-rules[/{rule}]}. A POST names the type and
 * what it needs; a PATCH sends only what changes (the type stays). Fields that do not apply to the type are refused,
 * naming them, so that nothing is saved that the rule would silently ignore.
 */
record AlertRuleRequest(String type, String threshold, Integer percent, Integer days, String subAccount,
        List<String> kinds, String service, String kind, Boolean enabled) {

    /** The lot kinds an allowance-used rule may watch, by their API names, as the scripts name them. */
    static final Map<String, String> ALLOWANCE_KINDS = Map.of("plan-allowance", "PLAN_ALLOWANCE",
            "commitment", "COMMITMENT", "subscription", "SUBSCRIPTION");

    AlertRule create(String account, String id, Instant now) {
        var kind = AlertType.of(Fields.required("type", type)).orElseThrow(() -> Refusal.invalid("type",
                "type: one of low-balance, allowance-used, limit-reached, negative-balance, credits-expiring, "
                        + "recharge, spending-anomaly"));
        return check(new AlertRule(account, id, kind, credits(), optional(percent),
                optional(days), Optional.ofNullable(subAccount), kindsOf(), serviceOf(), kindOf(),
                enabled == null || enabled, now, now));
    }

    AlertRule patch(AlertRule rule, Instant now) {
        if (type != null && !type.equals(rule.type().wire())) {
            throw Refusal.invalid("type", "type: a rule's type cannot change; delete it and create another");
        }
        return check(new AlertRule(rule.account(), rule.id(), rule.type(),
                threshold == null ? rule.threshold() : credits(),
                percent == null ? rule.percent() : OptionalInt.of(percent),
                days == null ? rule.days() : OptionalInt.of(days),
                subAccount == null ? rule.subAccount() : Optional.of(subAccount),
                kinds == null ? rule.kinds() : kindsOf(),
                service == null ? rule.service() : serviceOf(),
                kind == null ? rule.kind() : kindOf(),
                enabled == null ? rule.enabled() : enabled, rule.createdAt(), now));
    }

    private static OptionalInt optional(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

    private OptionalLong credits() {
        if (threshold == null) {
            return OptionalLong.empty();
        }
        var parsed = Credits.parse(threshold);
        if (parsed instanceof Credits.Parsed.Invalid invalid) {
            throw Refusal.invalid("threshold", "threshold: " + invalid.reason());
        }
        return OptionalLong.of(((Credits.Parsed.Valid) parsed).micros());
    }

    private Optional<String> serviceOf() {
        if (service == null) {
            return Optional.empty();
        }
        return Optional.of(Service.parse(service).orElseThrow(() -> Refusal.invalid("service",
                "service: a service id or label of the catalogue, such as sms or ai-agent")).name());
    }

    private Optional<String> kindOf() {
        if (kind == null) {
            return Optional.empty();
        }
        return Optional.of(Labels.parse("kind", kind, LotKind.class).name());
    }

    private List<String> kindsOf() {
        if (kinds == null) {
            return List.of();
        }
        var out = new ArrayList<String>();
        for (int i = 0; i < kinds.size(); i++) {
            var kind = ALLOWANCE_KINDS.get(kinds.get(i));
            if (kind == null) {
                throw Refusal.invalid("kinds[" + i + "]", "kinds[" + i + "]: one of plan-allowance, commitment, "
                        + "subscription");
            }
            if (!out.contains(kind)) {
                out.add(kind);
            }
        }
        return out;
    }

    /** What each type needs and admits. */
    static AlertRule check(AlertRule rule) {
        var type = rule.type();
        switch (type) {
            case LOW_BALANCE -> {
                positive(rule.threshold().orElseThrow(() -> Refusal.invalid("threshold", "threshold: required")));
                only(rule, "threshold", "service", "kind");
            }
            case NEGATIVE_BALANCE -> only(rule, "threshold");
            case LIMIT_REACHED -> {
                Fields.id("subAccount", rule.subAccount().orElse(null));
                percent(rule.percent(), false);
                only(rule, "percent", "subAccount");
            }
            case ALLOWANCE_USED -> {
                percent(rule.percent(), true);
                only(rule, "percent", "kinds");
            }
            case CREDITS_EXPIRING -> {
                int days = rule.days().orElseThrow(() -> Refusal.invalid("days", "days: required"));
                if (days < 1 || days > 365) {
                    throw Refusal.invalid("days", "days: from 1 to 365");
                }
                only(rule, "days");
            }
            case RECHARGE, SPENDING_ANOMALY -> only(rule);
        }
        return rule;
    }

    private static void positive(long micros) {
        if (micros == 0) {
            throw Refusal.invalid("threshold", "threshold: must be more than 0");
        }
    }

    private static void percent(OptionalInt percent, boolean required) {
        if (percent.isEmpty()) {
            if (required) {
                throw Refusal.invalid("percent", "percent: required");
            }
            return;
        }
        if (percent.getAsInt() < 1 || percent.getAsInt() > 100) {
            throw Refusal.invalid("percent", "percent: from 1 to 100");
        }
    }

    /** Refuses the first field given that the type does not use. */
    private static void only(AlertRule rule, String... admitted) {
        var allowed = List.of(admitted);
        var given = new ArrayList<String>();
        if (rule.threshold().isPresent()) {
            given.add("threshold");
        }
        if (rule.percent().isPresent()) {
            given.add("percent");
        }
        if (rule.days().isPresent()) {
            given.add("days");
        }
        if (rule.subAccount().isPresent()) {
            given.add("subAccount");
        }
        if (!rule.kinds().isEmpty()) {
            given.add("kinds");
        }
        if (rule.service().isPresent()) {
            given.add("service");
        }
        if (rule.kind().isPresent()) {
            given.add("kind");
        }
        for (var field : given) {
            if (!allowed.contains(field)) {
                throw Refusal.invalid(field, field + ": does not apply to a " + rule.type().wire() + " rule");
            }
        }
    }
}
