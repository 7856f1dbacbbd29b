package io.tally.pricing;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import io.tally.platform.Refusal;

/**
 * A service of the catalogue: what it is called, how it is grouped, what its rates are per, and for a timed service
 * the billing increments that round a use's seconds (a rate may name its own instead).
 *
 * @param increment present exactly when the unit is timed ({@link ServiceUnit#timed()})
 * @param subTypes the sub-types its rates and uses may name ({@code a2p}, {@code toll-free}...), none if empty
 * @param builtIn one of the five services every catalogue has
 */
public record ServiceDefinition(ServiceName id, String name, ServiceCategory category, ServiceUnit unit,
        Optional<Billing> increment, List<String> subTypes, boolean builtIn) {
    public static final int MAX_NAME = 100;
    public static final int MAX_SUB_TYPES = 20;
    private static final Pattern SUB_TYPE = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    public ServiceDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(unit, "unit");
        if (name == null || name.isBlank() || name.length() > MAX_NAME) {
            throw new IllegalArgumentException("a name of 1 to " + MAX_NAME + " characters: " + name);
        }
        if (increment.isPresent() != unit.timed()) {
            throw new IllegalArgumentException("timed services and only they have billing increments: " + id);
        }
        subTypes = List.copyOf(subTypes);
        if (subTypes.size() > MAX_SUB_TYPES || subTypes.stream().distinct().count() != subTypes.size()
                || !subTypes.stream().allMatch(ServiceDefinition::isSubType)) {
            throw new IllegalArgumentException("at most " + MAX_SUB_TYPES + " distinct sub-types: " + subTypes);
        }
    }

    /** A sub-type's form: lower case letters, digits and hyphens, at most 32 characters ({@code toll-free}). */
    public static boolean isSubType(String text) {
        return text != null && SUB_TYPE.matcher(text).matches();
    }

    public boolean hasSubType(String subType) {
        return subTypes.contains(subType);
    }

    /**
     * The sub-type a request names ({@code null}: none), or a 400 naming the field when this service has no such
     * sub-type.
     */
    public Optional<String> requireSubType(String field, String subType) {
        if (subType == null) {
            return Optional.empty();
        }
        if (!hasSubType(subType)) {
            throw Refusal.invalid(field, field + ": " + id.label() + (subTypes.isEmpty() ? " has no sub-types"
                    : " has the sub-types " + subTypes));
        }
        return Optional.of(subType);
    }

    /** The increments a rate applies: its own when it names them, else the service's; empty for untimed services. */
    public Optional<Billing> billing(Rate rate) {
        return unit.timed() ? rate.billing().or(() -> increment) : Optional.empty();
    }
}
