package io.tally.payment;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.tally.account.AccountDirectory;
import io.tally.account.AccountProfile;
import io.tally.auth.Caller;
import io.tally.auth.Role;
import io.tally.auth.Scopes;
import io.tally.ledger.CreditOutcome;
import io.tally.ledger.ExtendExpiry;
import io.tally.ledger.Grant;
import io.tally.ledger.Ledger;
import io.tally.ledger.SubAccountPolicy;
import io.tally.platform.JsonObject;
import io.tally.platform.Problem;
import io.tally.platform.ProblemException;
import io.tally.platform.Refusal;
import io.tally.pricing.RateCards;

/**
 * Packages offered to an account, and their purchase (docs/payments.md "Purchases"): the payment row first (with
 * what it grants), then the provider with the payment id as its idempotency key, then the lot through the grant
 * script with the same id as the grant's key (an office's purchase: allocated to the office by that same script, in
 * the grant's one movement), then (the account's {@code extendExpiryOnPurchase}) the expiry of its package lots. Every step is
 * safe to repeat, as in
 * {@link Recharger}: a retry with the same idempotency key finishes a purchase without charging or granting twice,
 * also when the provider charged but answered too late.
 */
@Singleton
public class Purchases {

    private final PackageRepository packages;
    private final PurchaseRepository purchases;
    private final PaymentRepository payments;
    private final PaymentProvider provider;
    private final AccountDirectory directory;
    private final RateCards rates;
    private final Ledger ledger;
    private final Clock clock;

    Purchases(PackageRepository packages, PurchaseRepository purchases, PaymentRepository payments,
            PaymentProvider provider, AccountDirectory directory, RateCards rates, Ledger ledger, Clock clock) {
        this.packages = packages;
        this.purchases = purchases;
        this.payments = payments;
        this.provider = provider;
        this.directory = directory;
        this.rates = rates;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Every package of the catalogue with the messages it buys this account, per destination country. */
    public Uni<OfferView.ListView> offers(String account, Caller caller) {
        Scopes.requireAccount(caller, account);
        return profile(account)
                .chain(() -> rates.forAccount(account))
                .chain(prices -> packages.all().map(all -> new OfferView.ListView(all.stream()
                        .map(pkg -> OfferView.of(pkg, PackageOffers.messages(pkg, prices)))
                        .toList())));
    }

    /** A purchase, or with {@code preview} what it would cost and grant (nothing is recorded, charged or granted). */
    public Uni<PurchaseView> buy(String account, PurchaseRequest body, boolean preview, Caller caller) {
        Scopes.requireAccount(caller, account);
        var request = body.validated();
        var sub = subAccount(request, caller);
        sub.ifPresent(id -> Scopes.requireSubAccount(caller, account, id));
        return profile(account).chain(profile -> {
            sub.ifPresent(id -> requireAllocated(profile, id));
            return packages.find(request.packageId()).chain(found -> {
                var pkg = found.orElseThrow(() -> Refusal.invalid("package",
                        "package: no package " + request.packageId() + " in the catalogue"));
                var now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
                var expires = pkg.expiry(now, profile.account().timeZone());
                if (preview) {
                    return Uni.createFrom().item(PurchaseView.preview(pkg, request.paymentMethod(), sub, expires,
                            provider.name()));
                }
                var id = PurchaseTerms.paymentId(account, request.idempotencyKey());
                var payment = new Payment(id, account, sub, Payment.Kind.PURCHASE, Optional.of(pkg.id()),
                        pkg.credits(), pkg.priceMinor(), pkg.currency(), request.paymentMethod(), provider.name(),
                        Payment.Status.PENDING, Optional.empty(), Optional.empty(), 0, Optional.empty(), now);
                var terms = new PurchaseTerms(request.idempotencyKey(), pkg.kind(), pkg.services(), now, expires);
                return purchases.insert(payment, terms)
                        .call(inserted -> inserted
                                ? payments.event(account, id, now, "purchase-requested", pkg.id())
                                : Uni.createFrom().voidItem())
                        .chain(() -> payments.find(account, id))
                        .map(Optional::orElseThrow)
                        .invoke(stored -> requireSameRequest(stored, request, sub))
                        .chain(stored -> advance(profile, stored, stored.status() == Payment.Status.SUCCEEDED));
            });
        });
    }

    /**
     * Finishes a purchase its client left (docs/payments.md "Unfinished purchases"): the provider asked again with the
     * same idempotency key while it is pending, the lot granted once it is paid, exactly as a retry of the client does
     * (every step is idempotent, so a resolver racing the client or another resolver charges and grants once). The
     * status it is left in: still pending when the provider's answer is unknown again.
     */
    Uni<Payment.Status> resolve(Payment payment) {
        return profile(payment.account())
                .chain(profile -> advance(profile, payment, false))
                .replaceWithVoid()
                .onFailure(ProblemException.class).recoverWithNull()
                .chain(() -> payments.find(payment.account(), payment.id()))
                .map(found -> found.orElseThrow().status());
    }

    /** An office admin buys for one of its offices: the one named, or its only one. */
    private static Optional<String> subAccount(PurchaseRequest request, Caller caller) {
        if (request.subAccount() != null || caller.role() != Role.OFFICE_ADMIN) {
            return Optional.ofNullable(request.subAccount());
        }
        if (caller.subAccounts().size() != 1) {
            throw Refusal.invalid("subAccount", "subAccount: required, this key manages several sub-accounts");
        }
        return Optional.of(caller.subAccounts().iterator().next());
    }

    private static void requireAllocated(AccountProfile profile, String id) {
        var sub = profile.subAccount(id).orElseThrow(() -> Refusal.notFound(
                "no sub-account " + id + " in " + profile.account().id()));
        if (sub.mode() != SubAccountPolicy.Mode.ALLOCATED) {
            throw Refusal.invalid("subAccount", "subAccount: " + id + " draws on the shared pool; "
                    + "only allocated sub-accounts hold credits of their own");
        }
    }

    /** The key names this payment: the same package, method and sub-account, else a conflict (nothing charged). */
    private static void requireSameRequest(Payment stored, PurchaseRequest request, Optional<String> sub) {
        if (!stored.packageId().equals(Optional.of(request.packageId()))
                || !stored.paymentMethod().equals(request.paymentMethod()) || !stored.subAccount().equals(sub)) {
            throw ProblemException.conflict("idempotency-conflict",
                    "this idempotencyKey was used with a different request", "idempotencyKey");
        }
    }

    private Uni<PurchaseView> advance(AccountProfile profile, Payment payment, boolean replayed) {
        return switch (payment.status()) {
            case SUCCEEDED -> deliver(profile, payment, replayed);
            case FAILED -> Uni.createFrom().failure(declined(payment.failure().orElse("declined")));
            case PENDING -> charge(profile, payment);
        };
    }

    private Uni<PurchaseView> charge(AccountProfile profile, Payment payment) {
        var request = new PaymentRequest(payment.id(), payment.account(), payment.amountMinor(), payment.currency(),
                payment.paymentMethod(), "package " + payment.packageId().orElse("") + " for " + payment.account());
        return payments.attempt(payment.account(), payment.id(), clock.instant())
                .chain(attempts -> attempts.isEmpty()
                        ? payments.find(payment.account(), payment.id())
                                .chain(again -> advance(profile, again.orElseThrow(), false))
                        : provider.charge(request)
                                .onFailure().recoverWithItem(failure -> new PaymentResult.Unknown(failure.toString()))
                                .chain(result -> outcome(profile, payment, result)));
    }

    private Uni<PurchaseView> outcome(AccountProfile profile, Payment payment, PaymentResult result) {
        var now = clock.instant();
        if (result instanceof PaymentResult.Succeeded succeeded) {
            return payments.succeeded(payment.account(), payment.id(), succeeded.reference(), now)
                    .call(() -> payments.event(payment.account(), payment.id(), now, "purchase-succeeded",
                            succeeded.reference()))
                    .chain(() -> payments.find(payment.account(), payment.id()))
                    .chain(stored -> deliver(profile, stored.orElseThrow(), false));
        }
        if (result instanceof PaymentResult.Declined declined) {
            return payments.event(payment.account(), payment.id(), now, "purchase-failed", declined.reason())
                    .chain(() -> payments.failed(payment.account(), payment.id(), declined.reason(), now))
                    .chain(() -> Uni.createFrom().failure(declined(declined.reason())));
        }
        var reason = ((PaymentResult.Unknown) result).reason();
        return payments.event(payment.account(), payment.id(), now, "purchase-failed", reason)
                .chain(() -> payments.failure(payment.account(), payment.id(), reason, now))
                .chain(() -> Uni.createFrom().failure(ProblemException.unavailable("payment-unknown",
                        "the payment provider did not settle the payment (" + reason + "); retry with the same "
                                + "idempotencyKey: it is never charged twice",
                        java.time.Duration.ofSeconds(5))));
    }

    /** The paid credits: the lot (once: the payment id is the grant's key) with the office's allocation, the expiries. */
    private Uni<PurchaseView> deliver(AccountProfile profile, Payment payment, boolean replayed) {
        return purchases.terms(payment.account(), payment.id())
                .map(Optional::orElseThrow)
                .chain(terms -> grant(payment, terms)
                        .chain(() -> extend(profile, payment, terms))
                        .map(extended -> PurchaseView.of(payment, terms, payment.id(), extended, replayed)));
    }

    private Uni<Void> grant(Payment payment, PurchaseTerms terms) {
        var now = clock.instant();
        var lot = terms.lot(payment.id(), payment.credits());
        var detail = new JsonObject().put("note", "purchase").put("payment", payment.id())
                .put("package", payment.packageId().orElse("")).toString();
        // an office's purchase: the credits are the office's in the grant's own movement, never in the pool between
        var grant = new Grant(payment.account(), payment.id(), terms.fingerprint(payment.id(), payment.credits()),
                UUID.randomUUID().toString(), lot, now, detail, Optional.empty(), payment.subAccount());
        return ledger.grant(grant)
                .invoke(outcome -> {
                    if (!(outcome instanceof CreditOutcome.Credited)) {
                        throw new IllegalStateException("the grant of purchase " + payment.id() + ": " + outcome);
                    }
                })
                .chain(() -> payments.granted(payment.account(), payment.id(), lot.id(), now));
    }

    /** With {@code extendExpiryOnPurchase}: the account's unexpired package lots expire with the new one. */
    private Uni<Integer> extend(AccountProfile profile, Payment payment, PurchaseTerms terms) {
        if (!profile.account().ledger().extendExpiryOnPurchase() || terms.expiresAt().isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return ledger.extendExpiry(new ExtendExpiry(payment.account(), payment.id(), terms.expiresAt().get(),
                UUID.randomUUID().toString(), clock.instant()));
    }

    private Uni<AccountProfile> profile(String account) {
        return directory.profile(account)
                .map(found -> found.orElseThrow(() -> Refusal.notFound("no account " + account)));
    }

    private static ProblemException declined(String reason) {
        return new ProblemException(Problem.of(402, "payment-declined", "Payment declined",
                "the payment provider declined the payment: " + reason, "paymentMethod"));
    }
}
