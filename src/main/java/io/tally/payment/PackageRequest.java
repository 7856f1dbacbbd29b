package io.tally.payment;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.Period;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.tally.ledger.LotKind;
import io.tally.ledger.Service;
import io.tally.ledger.Validity;
import io.tally.platform.Fields;
import io.tally.platform.Labels;
import io.tally.platform.Refusal;
import io.tally.pricing.Catalogue;
import io.tally.pricing.Credits;

/**
 * The body of {@code POST /v1/packages} and {@code PUT /v1/packages/{id}}: {@code price} in minor units of
 * {@code currency} (ISO 4217), {@code credits} as a JSON number or string (at most 6 decimals), {@code kind} of the
 * lot (default {@code package}), {@code validity} an ISO-8601 period, {@code "never"}, or absent for the kind's
 * default ({@code tally.ledger.validity}), {@code services} (default all).
 */
record PackageRequest(String id, String name, Long price, String currency, String credits, String kind,
        String validity, List<String> services) {

    /** The package; its services must be in the {@code catalogue}. */
    CreditPackage toPackage(String packageId, Validity defaults, Instant now, Catalogue catalogue) {
        var name = Fields.text("name", this.name, 200);
        long minor = Fields.required("price", price);
        if (minor <= 0) {
            throw Refusal.invalid("price", "price: minor units of the currency, more than 0");
        }
        var code = Fields.required("currency", currency);
        if (!code.matches("[A-Z]{3}")) {
            throw Refusal.invalid("currency", "currency: an ISO 4217 code such as EUR");
        }
        long micros = parsedCredits();
        var lotKind = kind == null ? LotKind.PACKAGE : Labels.parse("kind", kind, LotKind.class);
        return new CreditPackage(packageId, name, minor, code, micros, lotKind, parsedValidity(lotKind, defaults),
                parsedServices(catalogue), now);
    }

    private long parsedCredits() {
        var parsed = Credits.parse(Fields.required("credits", credits));
        if (parsed instanceof Credits.Parsed.Invalid invalid) {
            throw Refusal.invalid("credits", "credits: " + invalid.reason());
        }
        long micros = ((Credits.Parsed.Valid) parsed).micros();
        if (micros == 0) {
            throw Refusal.invalid("credits", "credits: must be more than 0");
        }
        return micros;
    }

    private Optional<Period> parsedValidity(LotKind lotKind, Validity defaults) {
        if (validity == null) {
            return Optional.ofNullable(defaults.periods().get(lotKind));
        }
        if (validity.equals("never")) {
            return Optional.empty();
        }
        try {
            var period = Period.parse(validity);
            if (period.isNegative() || period.isZero()) {
                throw Refusal.invalid("validity", "validity: a positive period");
            }
            return Optional.of(period);
        } catch (DateTimeException e) {
            throw Refusal.invalid("validity", "validity: an ISO-8601 period such as P2Y, or never");
        }
    }

    /** Services the catalogue has; listing every service there is today still means these alone, not all. */
    private Set<Service> parsedServices(Catalogue catalogue) {
        var parsed = new HashSet<Service>();
        catalogue.requireLotEntries("services", services).forEach(name -> parsed.add(new Service(name)));
        return parsed;
    }
}
