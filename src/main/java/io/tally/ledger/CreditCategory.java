package io.tally.ledger;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The credit categories that reports, plan usage and exports group services into (docs/reports.md "Credit
 * categories"): the one place a service is given its category. AI agent services are {@code apart}: the plan usage
 * table lists them in a section of their own.
 */
public enum CreditCategory {
    CALLING(false, Service.VOICE),
    MESSAGING(false, Service.SMS, Service.MMS),
    FAX(false, Service.FAX),
    AI(true, Service.AI_AGENT);

    private final boolean apart;
    private final Set<Service> services;

    CreditCategory(boolean apart, Service first, Service... rest) {
        this.apart = apart;
        this.services = Set.copyOf(EnumSet.of(first, rest));
    }

    /** Whether plan usage lists this category apart from the others (AI agent services). */
    public boolean apart() {
        return apart;
    }

    /** The services of this category, in declaration order. */
    public List<Service> services() {
        return EnumSet.copyOf(services).stream().toList();
    }

    /** The category a service belongs to. */
    public static CreditCategory of(Service service) {
        for (var category : values()) {
            if (category.services.contains(service)) {
                return category;
            }
        }
        throw new IllegalStateException("a service without a credit category: " + service);
    }

    /** The categories a lot paying for {@code services} serves ({@code services} empty: every service). */
    public static Set<CreditCategory> of(Set<Service> services) {
        if (services.isEmpty()) {
            return EnumSet.allOf(CreditCategory.class);
        }
        var categories = EnumSet.noneOf(CreditCategory.class);
        services.forEach(service -> categories.add(of(service)));
        return categories;
    }
}
