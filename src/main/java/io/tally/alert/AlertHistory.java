package io.tally.alert;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.tally.account.AccountDirectory;
import io.tally.auth.Caller;
import io.tally.auth.Role;
import io.tally.auth.Scopes;
import io.tally.platform.Keyset;
import io.tally.platform.Refusal;
import io.tally.platform.StrictQuery;

/**
 * An account's alert history as the API and the dashboard read it: the scope check, the query string, one keyset
 * page newest first (office admins: their offices' alerts only); dismissal per API key.
 */
@Singleton
public class AlertHistory {
    private final AlertRepository alerts;
    private final AccountDirectory directory;
    private final Clock clock;

    AlertHistory(AlertRepository alerts, AccountDirectory directory, Clock clock) {
        this.alerts = alerts;
        this.directory = directory;
        this.clock = clock;
    }

    /** A page of the history: {@code type}, {@code state}, {@code from}, {@code to}, {@code limit}, {@code cursor}. */
    public Uni<AlertView.Page> page(String account, Map<String, List<String>> parameters, Caller who) {
        Scopes.requireAccount(who, account);
        var query = new StrictQuery(parameters, Set.of("type", "state", "from", "to", "limit", "cursor"));
        var page = AlertQuery.of(query.raw("type"), query.raw("state"), query.raw("from"), query.raw("to"),
                query.raw("limit"), query.raw("cursor"));
        return requireAccount(account)
                .chain(() -> alerts.page(account, who.keyId(), offices(who), page))
                .map(rows -> {
                    var items = rows.stream().limit(page.limit())
                            .map(row -> AlertView.of(row.alert(), row.dismissed())).toList();
                    var last = rows.size() > page.limit() ? rows.get(page.limit() - 1).alert() : null;
                    return new AlertView.Page(items,
                            last == null ? null : new Keyset(last.at(), last.id()).cursor());
                });
    }

    /** Dismisses an alert for the caller's key; 404 for an alert it cannot see. */
    public Uni<AlertView> dismiss(String account, String alert, Caller who) {
        Scopes.requireAccount(who, account);
        return requireAccount(account)
                .chain(() -> alerts.find(account, who.keyId(), alert))
                .map(found -> found.filter(row -> row.alert().visibleTo(offices(who)))
                        .orElseThrow(() -> Refusal.notFound("no alert " + alert)))
                .call(row -> alerts.dismiss(account, alert, who.keyId(), clock.instant()))
                .map(row -> AlertView.of(row.alert(), true));
    }

    private static Optional<Set<String>> offices(Caller who) {
        return who.role() == Role.OFFICE_ADMIN ? Optional.of(who.subAccounts()) : Optional.empty();
    }

    private Uni<Void> requireAccount(String account) {
        return directory.profile(account)
                .invoke(found -> found.orElseThrow(() -> Refusal.notFound("no account " + account)))
                .replaceWithVoid();
    }
}
