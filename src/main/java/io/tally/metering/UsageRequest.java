package io.tally.metering;

import java.util.Map;

import io.tally.platform.Fields;
import io.tally.platform.Refusal;

/**
 * The body of a reservation ({@code POST /v1/reservations}) and of a metered use ({@code POST /v1/usage}), for a
 * {@code service} of the catalogue and optionally one of its {@code subType}s. A service billed by the segment (SMS)
 * is priced by the segments of {@code text} (or explicit {@code units}); the others by {@code units} in their unit:
 * messages, pages, sessions..., and for a service by the minute the use's seconds. Outbound uses are priced by
 * {@code to}'s country, inbound ones by {@code from}'s.
 */
record UsageRequest(String idempotencyKey, String account, String subAccount, String service, String subType,
        String direction,
        String from, String to, String text, Long units, String product, String user, String group, String contact,
        String title, Map<String, Object> metadata) {
    static final long MAX_UNITS = 1_000_000;
    private static final int MAX_LABEL = 128;
    static final int MAX_TITLE = 200;

    void validate() {
        IdempotencyKeys.require(idempotencyKey);
        Fields.id("account", account);
        if (subAccount != null) {
            Fields.id("subAccount", subAccount);
        }
        if (units != null && (units < 1 || units > MAX_UNITS)) {
            throw Refusal.invalid("units", "units: from 1 to " + MAX_UNITS);
        }
        Fields.optionalText("product", product, MAX_LABEL);
        Fields.optionalText("user", user, MAX_LABEL);
        Fields.optionalText("group", group, MAX_LABEL);
        Fields.optionalText("contact", contact, MAX_LABEL);
        Fields.optionalText("title", title, MAX_TITLE);
        // Numbers that are not valid E.164 may still be priced by a default rate, and are stored as sent.
        Fields.optionalLine("from", from, MAX_LABEL);
        Fields.optionalLine("to", to, MAX_LABEL);
    }
}
