package io.tally.payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.tally.ledger.Service;
import io.tally.platform.Labels;
import io.tally.pricing.Credits;

/**
 * A purchase's answer: the payment (absent in a preview: {@code status} {@code preview}), what it costs, and the lot
 * it granted ({@code lot}, {@code kind}, {@code expiresAt}, the {@code subAccount} it was allocated to);
 * {@code extended} counts the package lots whose expiry this request moved; {@code replayed} a repeat of a purchase
 * already completed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PurchaseView(String id, String status, @JsonProperty("package") String packageId, BigDecimal credits, long amount,
        String currency,
        String paymentMethod, String provider, String reference, String lot, String kind, List<String> services,
        Instant expiresAt, String subAccount, Integer extended, Boolean replayed) {

    static PurchaseView preview(CreditPackage pkg, String method, Optional<String> sub, Optional<Instant> expires,
            String provider) {
        return new PurchaseView(null, "preview", pkg.id(), Credits.decimal(pkg.credits()), pkg.priceMinor(),
                pkg.currency(), method, provider, null, null, Labels.of(pkg.kind()), PackageView.services(pkg),
                expires.orElse(null), sub.orElse(null), null, null);
    }

    static PurchaseView of(Payment p, PurchaseTerms terms, String lot, int extended, boolean replayed) {
        return new PurchaseView(p.id(), Labels.of(p.status()), p.packageId().orElse(null),
                Credits.decimal(p.credits()), p.amountMinor(), p.currency(), p.paymentMethod(), p.provider(),
                p.reference().orElse(null), lot, Labels.of(terms.kind()),
                terms.services().stream().map(Service::label).sorted().toList(), terms.expiresAt().orElse(null),
                p.subAccount().orElse(null), extended, replayed);
    }
}
