package io.tally.metering;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.UUID;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.tally.account.AccountDirectory;
import io.tally.account.AccountProfile;
import io.tally.account.SubAccount;
import io.tally.auth.Caller;
import io.tally.auth.Scopes;
import io.tally.ledger.Allocate;
import io.tally.ledger.CreditOutcome;
import io.tally.ledger.Fingerprint;
import io.tally.ledger.Grant;
import io.tally.ledger.Ledger;
import io.tally.ledger.LedgerConfig;
import io.tally.ledger.Service;
import io.tally.ledger.SubAccountPolicy;
import io.tally.ledger.Validity;
import io.tally.platform.Fields;
import io.tally.platform.JsonObject;
import io.tally.platform.Refusal;
import io.tally.pricing.Credits;
import io.tally.pricing.ServiceCatalogue;

/** Grants, allocations and balances: each one script over the account's keys. */
@Singleton
public class Wallets {
    private final Ledger ledger;
    private final AccountDirectory directory;
    private final Clock clock;
    private final Validity validity;
    private final ServiceCatalogue catalogue;
    private final SecureRandom random = new SecureRandom();

    Wallets(Ledger ledger, AccountDirectory directory, Clock clock, LedgerConfig config,
            ServiceCatalogue catalogue) {
        this.ledger = ledger;
        this.catalogue = catalogue;
        this.directory = directory;
        this.clock = clock;
        this.validity = Validity.parse(config.validity());
    }

    Uni<GrantResource.GrantView> grant(String account, GrantRequest request, Caller caller) {
        Scopes.requireWholeAccount(caller, account);
        return Uni.combine().all().unis(profile(account), catalogue.current()).asTuple()
                .chain(found -> {
                    var profile = found.getItem1();
                    var now = clock.instant();
                    var lot = request.toLot(newLotId(), now, profile.account().timeZone(), validity,
                            found.getItem2());
                    // sorted: a set's order differs from one JVM to the next, a fingerprint must not
                    var services = lot.services().stream().map(Service::name).sorted().toList();
                    var fingerprint = Fingerprint.of(request.kind(), lot.granted(), services, lot.priority(),
                            request.effectiveFrom(), lot.expiresAt(), lot.refresh(), request.note());
                    var detail = new JsonObject().put("note", request.note()).toString();
                    // never a boundary before the grant: a backdated lot is not renewed for cycles already gone
                    var from = lot.effectiveFrom().isAfter(now) ? lot.effectiveFrom() : now;
                    var refreshAt = lot.refresh().map(refresh -> profile.account().cycle()
                            .nextBoundary(from, refresh.months()));
                    return ledger.grant(new Grant(account, request.idempotencyKey(), fingerprint, newEventId(), lot,
                            now, detail, refreshAt)).map(outcome -> {
                                var credited = credited(outcome);
                                return new GrantResource.GrantView(lot.id(), Credits.decimal(lot.granted()),
                                        Credits.decimal(credited.debtPaid()), Credits.decimal(credited.pool()),
                                        credited.replayed());
                            });
                });
    }

    Uni<AllocationResource.AllocationView> allocate(String account, AllocationResource.AllocationRequest request,
            Caller caller) {
        Scopes.requireWholeAccount(caller, account);
        IdempotencyKeys.require(request.idempotencyKey());
        long amount = Amounts.nonZeroSigned("amount", request.amount());
        return profile(account)
                .chain(profile -> {
                    var sub = allocatedSubAccount(profile, Fields.id("subAccount", request.subAccount()));
                    var fingerprint = Fingerprint.of(sub.id(), amount);
                    return ledger.allocate(new Allocate(account, request.idempotencyKey(), fingerprint, newEventId(),
                            sub.id(), amount, clock.instant())).map(outcome -> {
                                var credited = credited(outcome);
                                return new AllocationResource.AllocationView(Credits.decimal(credited.allocation()),
                                        Credits.decimal(credited.pool()), credited.replayed());
                            });
                });
    }

    public Uni<BalanceView> balance(String account, Caller caller) {
        Scopes.requireWholeAccount(caller, account);
        return profile(account)
                .chain(profile -> {
                    var month = profile.account().limitMonth(clock.instant());
                    return ledger.balance(account, month)
                            .map(balance -> BalanceView.of(account, month, balance, profile, clock.instant()));
                });
    }

    /**
     * One sub-account's part of the balance (allocation, monthly limit, spend this month): what an office admin of
     * that sub-account may read.
     */
    public Uni<SubAccountBalanceView> subAccountBalance(String account, String subAccount,
            Caller caller) {
        Scopes.requireSubAccount(caller, account, subAccount);
        return profile(account)
                .chain(profile -> {
                    profile.subAccount(subAccount).orElseThrow(() -> Refusal.notFound(
                            "no sub-account " + subAccount + " in " + account));
                    var month = profile.account().limitMonth(clock.instant());
                    return ledger.balance(account, month)
                            .map(balance -> BalanceView.of(account, month, balance, profile, clock.instant()))
                            .map(view -> view.subAccounts().stream()
                                    .filter(sub -> sub.id().equals(subAccount))
                                    .findFirst()
                                    .map(sub -> new SubAccountBalanceView(account, month,
                                            sub.id(), sub.mode(), sub.allocation(), sub.monthlyLimit(),
                                            sub.spentThisMonth()))
                                    .orElseThrow());
                });
    }

    private Uni<AccountProfile> profile(String account) {
        return directory.profile(account)
                .map(found -> found.orElseThrow(() -> Refusal.notFound("no account " + account)));
    }

    private static SubAccount allocatedSubAccount(AccountProfile profile, String id) {
        var sub = profile.subAccount(id).orElseThrow(() -> Refusal.notFound(
                "no sub-account " + id + " in " + profile.account().id()));
        if (sub.mode() != SubAccountPolicy.Mode.ALLOCATED) {
            throw Refusal.invalid("subAccount", "subAccount: " + id + " draws on the shared pool; "
                    + "only allocated sub-accounts hold allocations");
        }
        return sub;
    }

    private static CreditOutcome.Credited credited(CreditOutcome outcome) {
        if (outcome instanceof CreditOutcome.Credited credited) {
            return credited;
        }
        if (outcome instanceof CreditOutcome.Insufficient refused) {
            throw ReservationView.insufficient(refused.limit(), refused.available(), 0);
        }
        throw ReservationView.conflict();
    }

    private String newLotId() {
        var bytes = new byte[8];
        random.nextBytes(bytes);
        return "lot_" + HexFormat.of().formatHex(bytes);
    }

    private static String newEventId() {
        return UUID.randomUUID().toString();
    }
}
