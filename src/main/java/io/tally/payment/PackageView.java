package io.tally.payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tally.ledger.Service;
import io.tally.platform.Labels;
import io.tally.pricing.Credits;

/** A package of the catalogue as the operator's endpoints answer it ({@code validity} absent: never expires). */
@JsonInclude(JsonInclude.Include.NON_NULL)
record PackageView(String id, String name, long price, String currency, BigDecimal credits, String kind,
        String validity, List<String> services, Instant updatedAt) {

    static PackageView of(CreditPackage p) {
        return new PackageView(p.id(), p.name(), p.priceMinor(), p.currency(), Credits.decimal(p.credits()),
                Labels.of(p.kind()), p.validity().map(Object::toString).orElse(null), services(p), p.updatedAt());
    }

    static List<String> services(CreditPackage p) {
        return p.services().stream().map(Service::label).sorted().toList();
    }

    /** The catalogue. */
    record ListView(List<PackageView> items) {
    }
}
