package io.tally.history;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.tally.account.AccountDirectory;
import io.tally.auth.Caller;
import io.tally.auth.Scopes;
import io.tally.platform.Labels;
import io.tally.platform.Refusal;
import io.tally.pricing.Direction;
import io.tally.pricing.ServiceCategory;
import io.tally.receipt.DeliveryStatus;
import io.tally.usage.UsageRecord;

/**
 * Reading the history back: the scope check before anything else, then the query string (400 naming the parameter),
 * the sub-accounts the caller may see (an office admin: its own, always), the account (404), and one query.
 */
@Singleton
public class History {
    static final Set<String> USAGE_FILTERS = Set.of("service", "direction", "subAccount", "product", "user", "group",
            "contact", "title", "country", "city", "phone", "minQuantity", "maxQuantity", "status", "carrier",
            "carrierMessageId", "deliveryStatus", "minCredits", "maxCredits",
            "minCost", "maxCost", "category");
    static final Set<String> LEDGER_FILTERS = Set.of("type", "subAccount", "service", "reservation", "lot",
            "minAmount", "maxAmount", "category");

    private final HistoryRepository repository;
    private final AccountDirectory directory;

    History(HistoryRepository repository, AccountDirectory directory) {
        this.repository = repository;
        this.directory = directory;
    }

    public Uni<HistoryPage<UsageRecordView>> usage(String account, Map<String, List<String>> parameters, Caller caller) {
        Scopes.requireAccount(caller, account);
        var query = usageQuery(account, new QueryParameters(parameters, USAGE_FILTERS), caller);
        return zone(account).chain(zone -> repository.usage(query.apply(zone)));
    }

    Uni<HistoryPage<LedgerEntryView>> ledger(String account, Map<String, List<String>> parameters, Caller caller) {
        Scopes.requireAccount(caller, account);
        var query = ledgerQuery(account, new QueryParameters(parameters, LEDGER_FILTERS), caller);
        return zone(account).chain(zone -> repository.ledger(query.apply(zone)));
    }

    /**
     * One usage record with the ledger entries behind it (its reserve and settle, or its meter); 404 when the account
     * has no such record or it belongs to a sub-account outside the caller's scope.
     */
    public Uni<UsageRecordDetailView> record(String account, String recordId, Caller caller) {
        Scopes.requireAccount(caller, account);
        if (recordId.isBlank() || recordId.length() > 200 || recordId.chars().anyMatch(Character::isISOControl)) {
            throw Refusal.invalid("recordId", "recordId: 1-200 characters without control characters");
        }
        var visible = caller.reachesWhole(account) ? null : caller.subAccounts();
        return zone(account)
                .chain(ignored -> repository.record(account, recordId))
                .map(found -> found
                        .filter(detail -> visible == null || detail.record().subAccount() != null
                                && visible.contains(detail.record().subAccount()))
                        .orElseThrow(() -> Refusal.notFound("no usage record " + recordId + " in account " + account)));
    }

    /** The query of the parameters (all read and checked now), in the account's zone (its months). */
    static Function<ZoneId, UsageQuery> usageQuery(String account, QueryParameters p, Caller caller) {
        var service = p.service("service");
        var direction = p.label("direction", Direction.class);
        var status = p.label("status", UsageRecord.Status.class);
        var period = p.time();
        var subAccounts = visibleSubAccounts(p, account, caller);
        var product = p.text("product");
        var user = p.text("user");
        var group = p.text("group");
        var contact = p.text("contact");
        var title = p.text("title");
        var country = p.country("country");
        var city = p.text("city");
        var phone = p.phone("phone");
        var quantity = p.count("quantity");
        var carrier = p.text("carrier");
        var carrierMessageId = p.text("carrierMessageId");
        var deliveryStatus = p.label("deliveryStatus", DeliveryStatus.class);
        var credits = p.amount("credits");
        var cost = p.amount("cost");
        var category = category(p);
        var limit = p.limit();
        var cursor = p.cursor();
        return zone -> new UsageQuery(account, period.in(zone), subAccounts, service,
                direction == null ? null : direction.name(), product, user, group, contact, title, country,
                city, phone, quantity, status == null ? null : status.label(), carrier, carrierMessageId,
                deliveryStatus == null ? null : Labels.of(deliveryStatus), credits, cost, category, limit, cursor);
    }

    /** The query of the parameters (all read and checked now), in the account's zone (its months). */
    static Function<ZoneId, LedgerQuery> ledgerQuery(String account, QueryParameters p, Caller caller) {
        var service = p.service("service");
        var period = p.time();
        var subAccounts = visibleSubAccounts(p, account, caller);
        var type = p.oneOf("type", LedgerQuery.TYPES);
        var reservation = p.text("reservation");
        var lot = p.text("lot");
        var amount = p.amount("amount");
        var category = category(p);
        var limit = p.limit();
        var cursor = p.cursor();
        return zone -> new LedgerQuery(account, period.in(zone), subAccounts, type,
                service, category, reservation, lot, amount, limit, cursor);
    }

    /** The catalogue category asked for ({@code messaging}), or null when none is. */
    static String category(QueryParameters p) {
        var category = p.label("category", ServiceCategory.class);
        return category == null ? null : category.label();
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

    /** The account's time zone (its months); 404 when there is no such account. */
    private Uni<ZoneId> zone(String account) {
        return directory.profile(account)
                .map(found -> found.orElseThrow(() -> Refusal.notFound("no account " + account)).account()
                        .timeZone());
    }
}
