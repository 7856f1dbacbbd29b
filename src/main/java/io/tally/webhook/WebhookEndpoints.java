package io.tally.webhook;

import java.time.Clock;
import java.util.List;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.tally.account.AccountDirectory;
import io.tally.auth.Caller;
import io.tally.auth.Scopes;
import io.tally.platform.Refusal;

/** An account's webhook endpoints as {@code GET /v1/accounts/{account}/webhook-endpoints} and the dashboard list them. */
@Singleton
public class WebhookEndpoints {
    private final EndpointRepository endpoints;
    private final AccountDirectory directory;
    private final Clock clock;

    WebhookEndpoints(EndpointRepository endpoints, AccountDirectory directory, Clock clock) {
        this.endpoints = endpoints;
        this.directory = directory;
        this.clock = clock;
    }

    /** Every endpoint of the account (never a secret): the whole account's callers only. */
    public Uni<List<EndpointView>> list(String account, Caller caller) {
        Scopes.requireWholeAccount(caller, account);
        var now = clock.instant();
        return directory.profile(account)
                .invoke(found -> found.orElseThrow(() -> Refusal.notFound("no account " + account)))
                .chain(() -> endpoints.list(account))
                .map(found -> found.stream().map(e -> EndpointView.of(e, now)).toList());
    }
}
