package io.tally.pricing;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A service of the catalogue as the API shows it: the same shape a PUT takes.
 *
 * @param id the id rates, lots and usage records name it by ({@code AI_AGENT}); requests may also spell it as a
 *        label ({@code ai-agent})
 * @param billing the billing increments of a service by the minute; absent for the others
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ServiceView(String id, String name, String category, String unit, String billing, List<String> subTypes,
        boolean builtIn, Instant updatedAt) {

    static ServiceView of(StoredService stored) {
        var s = stored.service();
        return new ServiceView(s.id().name(), s.name(), s.category().label(), s.unit().label(),
                s.increment().map(Billing::label).orElse(null), s.subTypes(), s.builtIn(), stored.updatedAt());
    }

    /** The list answered by {@code GET /v1/services}. */
    record Listing(List<ServiceView> services) {
    }
}
