package io.tally.metering;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.tally.account.AccountDirectory;
import io.tally.account.AccountProfile;
import io.tally.account.SubAccount;
import io.tally.auth.Caller;
import io.tally.auth.Role;
import io.tally.auth.Scopes;
import io.tally.ledger.Adjust;
import io.tally.ledger.AdjustOutcome;
import io.tally.ledger.Fingerprint;
import io.tally.ledger.Ledger;
import io.tally.ledger.SubAccountPolicy;
import io.tally.ledger.VoidLot;
import io.tally.platform.Fields;
import io.tally.platform.Refusal;
import io.tally.pricing.Credits;

/** Adjustments: the edge checks, who may make them, then one ledger script (docs/ledger.md "Adjustments"). */
@Singleton
public class Adjustments {
    private static final Pattern LOT = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final Ledger ledger;
    private final AccountDirectory directory;
    private final Clock clock;

    Adjustments(Ledger ledger, AccountDirectory directory, Clock clock) {
        this.ledger = ledger;
        this.directory = directory;
        this.clock = clock;
    }

    /** The kinds of adjustment. */
    enum Type {
        CREDIT,
        DEBIT,
        VOID
    }

    Uni<AdjustmentResource.AdjustmentView> adjust(String account, AdjustmentResource.AdjustmentRequest request,
            Caller caller) {
        Scopes.requireWholeAccount(caller, account);
        IdempotencyKeys.require(request.idempotencyKey());
        var type = type(request.type());
        var reason = reason(request.reason());
        return directory.profile(account)
                .map(found -> found.orElseThrow(() -> Refusal.notFound("no account " + account)))
                .chain(profile -> {
                    if (caller.role() == Role.COMPANY_ADMIN && !profile.account().ledger().adjustmentsByAdmins()) {
                        throw Refusal.outOfScope("the operator does not allow this account's company admins"
                                + " adjustments (ledger.adjustmentsByAdmins)");
                    }
                    return type == Type.VOID ? voidLot(profile, request, reason, caller)
                            : adjustBudget(profile, type, request, reason, caller);
                });
    }

    private Uni<AdjustmentResource.AdjustmentView> adjustBudget(AccountProfile profile, Type type,
            AdjustmentResource.AdjustmentRequest request, String reason, Caller caller) {
        if (request.lot() != null) {
            throw Refusal.invalid("lot", "lot: only a void names a lot");
        }
        long amount = Amounts.positive("amount", request.amount());
        var sub = Optional.ofNullable(request.subAccount())
                .map(id -> allocatedSubAccount(profile, Fields.id("subAccount", id)).id());
        long signed = type == Type.CREDIT ? amount : -amount;
        var lotId = type == Type.CREDIT ? lotId(profile.account().id(), request.idempotencyKey()) : "";
        var fingerprint = Fingerprint.of(type.name(), amount, sub.orElse(""), reason);
        var command = new Adjust(profile.account().id(), request.idempotencyKey(), fingerprint, newEventId(), sub,
                signed, lotId, profile.account().ledger().burn(), clock.instant(), reason, caller.keyId());
        return ledger.adjust(command)
                .map(outcome -> view(type, adjusted(outcome, amount), type == Type.CREDIT ? lotId : null,
                        sub.orElse(null), caller));
    }

    private Uni<AdjustmentResource.AdjustmentView> voidLot(AccountProfile profile,
            AdjustmentResource.AdjustmentRequest request, String reason, Caller caller) {
        if (request.amount() != null) {
            throw Refusal.invalid("amount", "amount: a void takes what is left of the lot; give no amount");
        }
        if (request.subAccount() != null) {
            throw Refusal.invalid("subAccount", "subAccount: a void takes a lot's credits from wherever they are");
        }
        var lot = Fields.required("lot", request.lot());
        if (!LOT.matcher(lot).matches()) {
            throw Refusal.invalid("lot", "lot: a lot id, 1 to 64 characters of A-Z, a-z, 0-9, '-' and '_'");
        }
        var fingerprint = Fingerprint.of(Type.VOID.name(), lot, reason);
        var command = new VoidLot(profile.account().id(), request.idempotencyKey(), fingerprint, newEventId(), lot,
                clock.instant(), reason, caller.keyId());
        return ledger.voidLot(command)
                .map(outcome -> {
                    if (outcome instanceof AdjustOutcome.Unknown) {
                        throw Refusal.notFound("no lot " + lot + " in " + profile.account().id());
                    }
                    return view(Type.VOID, adjusted(outcome, 0), lot, null, caller);
                });
    }

    private static AdjustOutcome.Adjusted adjusted(AdjustOutcome outcome, long amount) {
        if (outcome instanceof AdjustOutcome.Adjusted adjusted) {
            return adjusted;
        }
        if (outcome instanceof AdjustOutcome.Insufficient refused) {
            throw ReservationView.insufficient(refused.limit(), refused.available(), amount);
        }
        if (outcome instanceof AdjustOutcome.Unknown) {
            throw new IllegalStateException("a credit or debit answered unknown");
        }
        throw ReservationView.conflict();
    }

    private static AdjustmentResource.AdjustmentView view(Type type, AdjustOutcome.Adjusted adjusted, String lot,
            String sub, Caller caller) {
        return new AdjustmentResource.AdjustmentView(type.name().toLowerCase(Locale.ROOT),
                Credits.decimal(adjusted.amount()), lot, sub, Credits.decimal(adjusted.pool()),
                sub == null ? null : Credits.decimal(adjusted.allocation()), Credits.decimal(adjusted.debtPaid()),
                caller.keyId(), adjusted.replayed());
    }

    private static Type type(String text) {
        var label = Fields.required("type", text);
        return switch (label) {
            case "credit" -> Type.CREDIT;
            case "debit" -> Type.DEBIT;
            case "void" -> Type.VOID;
            default -> throw Refusal.invalid("type", "type: credit, debit or void");
        };
    }

    private static String reason(String text) {
        var reason = Fields.text("reason", text, Adjust.MAX_REASON);
        if (reason.chars().anyMatch(Character::isISOControl)) {
            throw Refusal.invalid("reason", "reason: must be one line, without control characters");
        }
        return reason;
    }

    private static SubAccount allocatedSubAccount(AccountProfile profile, String id) {
        var sub = profile.subAccount(id).orElseThrow(() -> Refusal.notFound(
                "no sub-account " + id + " in " + profile.account().id()));
        if (sub.mode() != SubAccountPolicy.Mode.ALLOCATED) {
            throw Refusal.invalid("subAccount", "subAccount: " + id + " draws on the shared pool; "
                    + "only allocated sub-accounts hold allocations to adjust");
        }
        return sub;
    }

    /** The lot a credit adds, named from its idempotency key, so that a repeat answers the lot the first made. */
    static String lotId(String account, String idempotencyKey) {
        try {
            var digest = MessageDigest.getInstance("SHA-256")
                    .digest((account + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
            return "adj_" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String newEventId() {
        return UUID.randomUUID().toString();
    }
}
