package io.tally.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * What the ledger scripts see of an account's alert rules: the lines of the string {@code {pN}:acct:<id>:alert-rules}
 * (docs/ledger.md, "Redis keys"), each {@code ruleId|type|threshold|percent|sub|limit|kinds|service|days}
 * (micro-credits; '' where none; kinds comma-separated, or a low-balance rule's one wallet kind; a service as
 * {@code <id>@<category>}, its category of the catalogue, so that lots paying for the category count). Only the enabled
 * rules the
 * scripts evaluate are there; a
 * limit-reached rule carries the sub-account's monthly limit as it is when mirrored (and is left out while the
 * sub-account has none).
 */
final class RuleMirror {
    private RuleMirror() {
    }

    /** The rules without the categories of their services (each service as if it had none). */
    static List<String> lines(List<AlertRule> rules, Map<String, Long> limits) {
        return lines(rules, limits, service -> "");
    }

    /**
     * @param limits the monthly limit of each sub-account that has one
     * @param categories the category label of a service id of the catalogue ('' = none)
     */
    static List<String> lines(List<AlertRule> rules, Map<String, Long> limits, Function<String, String> categories) {
        var lines = new ArrayList<String>();
        for (var rule : rules) {
            if (!rule.enabled() || !rule.type().inScripts()) {
                continue;
            }
            var limit = OptionalLong.empty();
            if (rule.type() == AlertType.LIMIT_REACHED) {
                var found = limits.get(rule.subAccount().orElseThrow());
                if (found == null) {
                    continue;
                }
                limit = OptionalLong.of(found);
            }
            var percent = rule.percent().isPresent() ? rule.percent().getAsInt()
                    : rule.type() == AlertType.LIMIT_REACHED ? 100 : -1;
            lines.add(String.join("|", rule.id(), rule.type().wire(), text(rule.threshold()),
                    percent < 0 ? "" : Integer.toString(percent), rule.subAccount().orElse(""), text(limit),
                    rule.kind().orElse(String.join(",", rule.kinds())),
                    rule.service().map(service -> scoped(service, categories)).orElse(""),
                    rule.days().isPresent() ? Integer.toString(rule.days().getAsInt()) : ""));
        }
        return lines;
    }

    private static String scoped(String service, Function<String, String> categories) {
        var category = categories.apply(service);
        return category.isEmpty() ? service : service + "@" + category;
    }

    /** The rule id of a line. */
    static String id(String line) {
        return line.substring(0, line.indexOf('|'));
    }

    private static String text(OptionalLong value) {
        return value.isPresent() ? Long.toString(value.getAsLong()) : "";
    }
}
