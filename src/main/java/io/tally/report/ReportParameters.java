package io.tally.report;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.tally.ledger.Service;
import io.tally.platform.Fields;
import io.tally.platform.Labels;
import io.tally.platform.Refusal;
import io.tally.platform.StrictQuery;
import io.tally.pricing.Direction;
import io.tally.pricing.ServiceCategory;

/**
 * The query string of a report, read strictly like a history listing's: an unknown, repeated or empty parameter is a
 * 400 naming it, so that a misspelt filter never widens a report.
 */
final class ReportParameters {
    /** The filters every report takes. */
    static final Set<String> FILTERS = Set.of("service", "direction", "subAccount", "product", "user", "country",
            "city", "number", "category");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final StrictQuery query;

    /** {@code own}: the parameters of this report beside the filters. */
    ReportParameters(Map<String, List<String>> values, Set<String> own) {
        var known = new TreeSet<>(FILTERS);
        known.addAll(own);
        this.query = new StrictQuery(values, known);
    }

    String raw(String name) {
        return query.raw(name);
    }

    Filters filters() {
        var service = raw("service") == null ? null
                : Service.parse(raw("service")).map(Service::name)
                        .orElseThrow(() -> Refusal.invalid("service", "service: a service id such as sms or ai-agent"));
        var direction = label("direction", Direction.class);
        var subAccount = raw("subAccount") == null ? null : Fields.id("subAccount", raw("subAccount"));
        var category = label("category", ServiceCategory.class);
        return new Filters(service, direction == null ? null : direction.name(),
                subAccount, text("product"), text("user"), query.country("country"), text("city"), text("number"),
                category == null ? null : category.label());
    }

    /** {@code from}/{@code to} (dates) or {@code month}, not both. */
    Span span() {
        var month = raw("month");
        if (month != null) {
            if (raw("from") != null || raw("to") != null) {
                throw Refusal.invalid("month", "month: give either month or from/to, not both");
            }
            return new Span(null, null, query.month("month"));
        }
        var from = date("from");
        var to = date("to");
        if (from != null && to != null) {
            if (!from.isBefore(to)) {
                throw Refusal.invalid("to", "to: must be after from");
            }
            if (ChronoUnit.DAYS.between(from, to) > Span.MAX_DAYS) {
                throw Refusal.invalid("to", "to: at most " + Span.MAX_DAYS + " days after from");
            }
        }
        return new Span(from, to, null);
    }

    Interval interval() {
        var value = raw("interval");
        return value == null ? Interval.DAY : Labels.parse("interval", value, Interval.class);
    }

    Period period() {
        var value = raw("period");
        return value == null ? Period.MONTH : Labels.parse("period", value, Period.class);
    }

    /** A dimension to group or break down by; null when absent and not required. */
    Dimension dimension(String name, boolean required) {
        var value = raw(name);
        if (value == null) {
            if (required) {
                throw Refusal.invalid(name, name + ": required");
            }
            return null;
        }
        return Dimension.named(name, value);
    }

    private String text(String name) {
        return query.text(name);
    }

    private <E extends Enum<E>> E label(String name, Class<E> type) {
        var value = raw(name);
        return value == null ? null : Labels.parse(name, value, type);
    }

    private LocalDate date(String name) {
        var value = raw(name);
        if (value == null) {
            return null;
        }
        try {
            if (DATE.matcher(value).matches()) {
                return LocalDate.parse(value);
            }
        } catch (DateTimeParseException e) {
            // refused below
        }
        throw Refusal.invalid(name, name + ": a date such as 2026-03-01 (a day in the account's time zone)");
    }
}
