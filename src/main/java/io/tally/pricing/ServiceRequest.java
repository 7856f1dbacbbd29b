package io.tally.pricing;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.tally.platform.Fields;
import io.tally.platform.Refusal;

/**
 * The body of a service definition ({@code PUT /v1/services/{service}}). {@code id}, {@code builtIn} and
 * {@code updatedAt} are accepted and ignored, so that the answer of a GET can be edited and sent back as it is.
 *
 * @param billing for a service by the minute only: {@code first/next} increments in seconds, 60/60 when absent
 */
record ServiceRequest(String id, String name, String category, String unit, String billing, List<String> subTypes,
        Boolean builtIn, String updatedAt) {

    ServiceDefinition toDefinition(String pathId) {
        var serviceId = ServiceName.parse(pathId)
                .orElseThrow(() -> Refusal.invalid("service", "service: an id of letters, digits, - and _, starting"
                        + " with a letter, at most " + ServiceName.MAX_LENGTH + " characters, such as voice-toll-free"));
        var text = Fields.text("name", name, ServiceDefinition.MAX_NAME);
        if (text.isBlank()) {
            throw Refusal.invalid("name", "name: not blank");
        }
        var group = label("category", category, ServiceCategory.values());
        var per = label("unit", unit, ServiceUnit.values());
        return new ServiceDefinition(serviceId, text.strip(), group, per, increment(per), parsedSubTypes(), false);
    }

    private Optional<Billing> increment(ServiceUnit per) {
        if (!per.timed()) {
            if (billing != null) {
                throw Refusal.invalid("billing", "billing: only services billed by the minute have increments");
            }
            return Optional.empty();
        }
        return billing == null ? Optional.of(Billing.PER_MINUTE)
                : Optional.of(Billing.parse(billing).orElseThrow(() -> Refusal.invalid("billing",
                        "billing: first/next increments in seconds (1 to 3600), such as 60/60, 6/6 or 1/1")));
    }

    private List<String> parsedSubTypes() {
        if (subTypes == null) {
            return List.of();
        }
        if (subTypes.size() > ServiceDefinition.MAX_SUB_TYPES) {
            throw Refusal.invalid("subTypes", "subTypes: at most " + ServiceDefinition.MAX_SUB_TYPES);
        }
        var seen = new HashSet<String>();
        for (int i = 0; i < subTypes.size(); i++) {
            var field = "subTypes[" + i + "]";
            var type = Fields.required(field, subTypes.get(i));
            if (!ServiceDefinition.isSubType(type)) {
                throw Refusal.invalid(field, field + ": lower case letters, digits and -, at most 32 characters,"
                        + " such as a2p or toll-free");
            }
            if (!seen.add(type)) {
                throw Refusal.invalid(field, field + ": " + type + " is listed twice");
            }
        }
        return List.copyOf(subTypes);
    }

    private static <E extends Enum<E>> E label(String field, String value, E[] constants) {
        Fields.required(field, value);
        return Arrays.stream(constants)
                .filter(c -> c.name().toLowerCase(Locale.ROOT).equals(value.strip().toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> Refusal.invalid(field, field + ": one of "
                        + Arrays.stream(constants).map(c -> c.name().toLowerCase(Locale.ROOT)).toList()));
    }
}
