package io.tally.history;

import static io.tally.Api.as;
import static io.tally.history.HistoryRows.entry;
import static io.tally.history.HistoryRows.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;
import io.vertx.mutiny.sqlclient.Pool;

/** Who sees which rows: an office admin only those of its sub-accounts, never rows without one. */
@QuarkusTest
class UsageHistoryScopeTest {
    @Inject
    Pool database;

    /** An account with a usage record and a ledger entry in rome, in milan and without a sub-account. */
    private String account() {
        var account = Api.newAccount();
        var rows = new HistoryRows(database);
        for (var sub : new String[] { "rome", "milan", null }) {
            var name = sub == null ? "none" : sub;
            var record = usage(account, account + "." + name, "2026-03-02T10:00:00Z");
            var event = entry(account, account + ".e." + name, "2026-03-02T10:00:00Z");
            if (sub != null) {
                record.set("sub_account", sub);
                event.set("sub_account", sub);
            }
            rows.insert(record, event);
        }
        return account;
    }

    @Test
    void anOfficeAdminSeesOnlyItsSubAccounts() {
        var account = account();
        var rome = Api.accountKey(account, "office-admin", List.of("rome"));
        var both = Api.accountKey(account, "office-admin", List.of("rome", "milan"));

        assertThat(subAccounts(rome, account, "usage")).containsExactly("rome");
        assertThat(subAccounts(rome, account, "ledger")).containsExactly("rome");
        assertThat(subAccounts(both, account, "usage")).containsExactlyInAnyOrder("rome", "milan");
        assertThat(subAccounts(both, account, "ledger")).containsExactlyInAnyOrder("rome", "milan");
    }

    @Test
    void anOfficeAdminMayFilterWithinItsScopeButNotBeyond() {
        var account = account();
        var both = Api.accountKey(account, "office-admin", List.of("rome", "milan"));

        assertThat(as(both).queryParam("subAccount", "milan").get("/v1/accounts/" + account + "/usage")
                .then().statusCode(200).extract().<List<String>> path("items.subAccount")).containsExactly("milan");
        for (var listing : List.of("usage", "ledger")) {
            as(Api.accountKey(account, "office-admin", List.of("rome"))).queryParam("subAccount", "milan")
                    .get("/v1/accounts/" + account + "/" + listing)
                    .then().statusCode(403).body("type", endsWith("/forbidden"));
        }
    }

    @Test
    void companyAdminsServicesAndOperatorsSeeEveryRow() {
        var account = account();
        for (var key : List.of(Api.accountKey(account, "company-admin", List.of()),
                Api.accountKey(account, "service", List.of()), Api.OPERATOR_KEY)) {
            assertThat(as(key).get("/v1/accounts/" + account + "/usage").then().statusCode(200)
                    .extract().<List<String>> path("items.id")).hasSize(3);
            assertThat(as(key).get("/v1/accounts/" + account + "/ledger").then().statusCode(200)
                    .extract().<List<String>> path("items.eventId")).hasSize(3);
        }
    }

    @Test
    void anotherAccountsKeyIsRefusedBeforeAnyLookup() {
        var account = account();
        var stranger = Api.accountKey(Api.newAccount(), "company-admin", List.of());
        for (var target : List.of(account, "no-such-account-s")) {
            as(stranger).get("/v1/accounts/" + target + "/usage").then().statusCode(403);
            as(stranger).get("/v1/accounts/" + target + "/ledger").then().statusCode(403);
        }
    }

    private static List<String> subAccounts(String key, String account, String listing) {
        return as(key).get("/v1/accounts/" + account + "/" + listing).then().statusCode(200)
                .extract().path("items.subAccount");
    }
}
