package io.tally.history;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.tally.account.AccountDirectory;
import io.tally.auth.Caller;
import io.tally.auth.Scopes;
import io.tally.ledger.Service;
import io.tally.platform.Refusal;
import io.tally.pricing.Direction;
import io.tally.usage.UsageRecord;

/**
 * Reading the history back: the scope check before anything else, then the query string (400 naming the parameter),
 * the sub-accounts the caller may see (an office admin: its own, always), the account (404), and one query.
 */
@Singleton
class History {
    static final Set<String> USAGE_FILTERS = Set.of("service", "direction", "subAccount", "product", "user", "group",
            "contact", "country", "status", "minCredits", "maxCredits", "minCost", "maxCost");
    static final Set<String> LEDGER_FILTERS = Set.of("type", "subAccount", "service", "reservation", "lot",
            "minAmount", "maxAmount");

    private final HistoryRepository repository;
    private final AccountDirectory directory;

    History(HistoryRepository repository, AccountDirectory directory) {
        this.repository = repository;
        this.directory = directory;
    }

    Uni<HistoryPage<UsageRecordView>> usage(String account, Map<String, List<String>> parameters, Caller caller) {
        Scopes.requireAccount(caller, account);
        var query = usageQuery(account, new QueryParameters(parameters, USAGE_FILTERS), caller);
        return requireAccount(account)
                .chain(() -> repository.usage(query));
    }

    Uni<HistoryPage<LedgerEntryView>> ledger(String account, Map<String, List<String>> parameters, Caller caller) {
        Scopes.requireAccount(caller, account);
        var query = ledgerQuery(account, new QueryParameters(parameters, LEDGER_FILTERS), caller);
        return requireAccount(account)
                .chain(() -> repository.ledger(query));
    }

    /** The usage query the parameters ask for, within the caller's sub-accounts; after the scope check. */
    static UsageQuery usageQuery(String account, QueryParameters p, Caller caller) {
        var service = p.label("service", Service.class);
        var direction = p.label("direction", Direction.class);
        var status = p.label("status", UsageRecord.Status.class);
        return new UsageQuery(account, p.time(), visibleSubAccounts(p, account, caller),
                service == null ? null : service.name(), direction == null ? null : direction.name(),
                p.text("product"), p.text("user"), p.text("group"), p.text("contact"), p.country("country"),
                status == null ? null : status.label(), p.amount("credits"), p.amount("cost"), p.limit(), p.cursor());
    }

    /** The ledger query the parameters ask for, within the caller's sub-accounts; after the scope check. */
    static LedgerQuery ledgerQuery(String account, QueryParameters p, Caller caller) {
        var service = p.label("service", Service.class);
        return new LedgerQuery(account, p.time(), visibleSubAccounts(p, account, caller),
                p.oneOf("type", LedgerQuery.TYPES), service == null ? null : service.name(), p.text("reservation"),
                p.text("lot"), p.amount("amount"), p.limit(), p.cursor());
    }

    /**
     * The sub-accounts the rows must belong to, or null for every row. A {@code subAccount} filter outside an office
     * admin's scope is refused; without one, an office admin sees its sub-accounts and nothing else.
     */
    private static Set<String> visibleSubAccounts(QueryParameters p, String account, Caller caller) {
        var subAccount = p.id("subAccount");
        if (subAccount != null) {
            Scopes.requireSubAccount(caller, account, subAccount);
            return Set.of(subAccount);
        }
        return caller.reachesWhole(account) ? null : caller.subAccounts();
    }

    private Uni<Void> requireAccount(String account) {
        return directory.profile(account)
                .invoke(found -> found.orElseThrow(() -> Refusal.notFound("no account " + account)))
                .replaceWithVoid();
    }
}
