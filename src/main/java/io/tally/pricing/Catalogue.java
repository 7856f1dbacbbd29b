package io.tally.pricing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.tally.platform.Fields;
import io.tally.platform.Refusal;

/**
 * The services an operator meters: the five built-in ones and those it defined. Immutable: a cached snapshot that
 * the request path reads without I/O.
 */
public final class Catalogue {
    /** The services of today, as every catalogue starts: their ids, units and increments never change. */
    public static final List<ServiceDefinition> BUILT_IN = List.of(
            builtIn(ServiceName.SMS, "SMS", ServiceCategory.MESSAGING, ServiceUnit.SEGMENT),
            builtIn(ServiceName.MMS, "MMS", ServiceCategory.MESSAGING, ServiceUnit.MESSAGE),
            builtIn(ServiceName.VOICE, "Voice", ServiceCategory.CALLING, ServiceUnit.MINUTE),
            builtIn(ServiceName.FAX, "Fax", ServiceCategory.FAX, ServiceUnit.PAGE),
            builtIn(ServiceName.AI_AGENT, "AI agent", ServiceCategory.AI, ServiceUnit.SESSION));

    /** The built-in services alone: what a catalogue is before an operator defines anything. */
    public static final Catalogue DEFAULT = of(BUILT_IN);

    private final Map<ServiceName, ServiceDefinition> services;

    private Catalogue(Map<ServiceName, ServiceDefinition> services) {
        this.services = services;
    }

    /**
     * The catalogue of these services; a built-in service they do not define is added as built in.
     *
     * @throws IllegalArgumentException when two share an id
     */
    public static Catalogue of(Collection<ServiceDefinition> defined) {
        var byId = new LinkedHashMap<ServiceName, ServiceDefinition>();
        for (var service : defined) {
            if (byId.put(service.id(), service) != null) {
                throw new IllegalArgumentException("two services " + service.id());
            }
        }
        var all = new LinkedHashMap<ServiceName, ServiceDefinition>();
        BUILT_IN.forEach(b -> all.put(b.id(), byId.getOrDefault(b.id(), b)));
        byId.values().stream()
                .filter(s -> !all.containsKey(s.id()))
                .sorted(Comparator.comparing(s -> s.id().name()))
                .forEach(s -> all.put(s.id(), s));
        return new Catalogue(Collections.unmodifiableMap(all));
    }

    /** The category of a stored service id; {@code OTHER} for one the catalogue does not hold. */
    public ServiceCategory categoryOf(String serviceId) {
        return ServiceName.parse(serviceId).flatMap(this::find).map(ServiceDefinition::category)
                .orElse(ServiceCategory.OTHER);
    }

    /** The services in a category, in catalogue order. */
    public List<ServiceName> in(ServiceCategory category) {
        return services.values().stream().filter(s -> s.category() == category).map(ServiceDefinition::id).toList();
    }

    public Optional<ServiceDefinition> find(ServiceName id) {
        return Optional.ofNullable(services.get(id));
    }

    /**
     * The service a request names by its id or label ({@code AI_AGENT}, {@code ai-agent}), or a 400 naming the
     * field: when it is absent, not an id, or not in the catalogue.
     */
    public ServiceDefinition require(String field, String label) {
        Fields.required(field, label);
        return ServiceName.parse(label)
                .flatMap(this::find)
                .orElseThrow(() -> Refusal.invalid(field, field
                        + ": not a service of the catalogue (GET /v1/services lists them)"));
    }

    /**
     * The services a list names (a lot's or a package's {@code services}), each checked as {@link #require} does
     * under {@code field[i]}; empty for an absent or empty list (all services).
     */
    public List<ServiceName> requireAll(String field, List<String> labels) {
        if (labels == null) {
            return List.of();
        }
        var found = new ArrayList<ServiceName>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            found.add(require(field + "[" + i + "]", labels.get(i)).id());
        }
        return found;
    }

    /**
     * The entries of a lot's {@code services}: ids of the catalogue, or {@code category:<category>} for every service
     * of a category (docs/catalogue.md "Lots"); answered as the ledger names them, an id or {@code @<category>}.
     */
    public List<String> requireLotEntries(String field, List<String> labels) {
        if (labels == null) {
            return List.of();
        }
        var found = new ArrayList<String>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            var label = labels.get(i);
            var spelled = label == null ? "" : label.trim().toLowerCase(Locale.ROOT);
            if (spelled.startsWith(CATEGORY_PREFIX)) {
                found.add("@" + category(field + "[" + i + "]", spelled.substring(CATEGORY_PREFIX.length())).label());
            } else {
                found.add(require(field + "[" + i + "]", label).id().name());
            }
        }
        return found;
    }

    private static ServiceCategory category(String field, String name) {
        for (var category : ServiceCategory.values()) {
            if (category.label().equals(name)) {
                return category;
            }
        }
        throw Refusal.invalid(field, field + ": category:<category>, one of calling, messaging, fax, ai, other");
    }

    /** How a lot's services name a category: {@code category:calling}. */
    public static final String CATEGORY_PREFIX = "category:";

    /** Built-in services first, then the others by id. */
    public List<ServiceDefinition> services() {
        return List.copyOf(services.values());
    }

    private static ServiceDefinition builtIn(ServiceName id, String name, ServiceCategory category,
            ServiceUnit unit) {
        return new ServiceDefinition(id, name, category, unit,
                unit.timed() ? Optional.of(Billing.PER_MINUTE) : Optional.empty(), List.of(), true);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Catalogue c && c.services.equals(services);
    }

    @Override
    public int hashCode() {
        return services.hashCode();
    }

    @Override
    public String toString() {
        return services.values().toString();
    }
}
