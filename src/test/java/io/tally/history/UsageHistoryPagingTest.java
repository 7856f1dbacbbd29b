package io.tally.history;

import static io.tally.Api.asOperator;
import static io.tally.history.HistoryRows.usage;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;
import io.vertx.mutiny.sqlclient.Pool;

/** Keyset pages: every row exactly once, in order, whatever the page size, also among rows of the same instant. */
@QuarkusTest
class UsageHistoryPagingTest {
    @Inject
    Pool database;

    /** A record in the expected order: time descending, then id descending. */
    private record Expected(Instant at, String id, String subAccount) {
    }

    @ParameterizedTest(name = "pages of {0}")
    @ValueSource(ints = { 1, 4, 5, 7, 25, 1000 })
    void walkingTheCursorVisitsEveryRecordOnceInOrder(int limit) {
        var account = Api.newAccount();
        var expected = insert(account, 25, new Random(limit));

        assertThat(walk(account, Map.of("limit", limit))).containsExactlyElementsOf(ids(expected));
    }

    @Test
    void theCursorKeepsTheFilters() {
        var account = Api.newAccount();
        var expected = insert(account, 25, new Random(7));
        var rome = expected.stream().filter(e -> "rome".equals(e.subAccount())).toList();

        assertThat(walk(account, Map.of("limit", 3, "subAccount", "rome"))).containsExactlyElementsOf(ids(rome));
    }

    @Test
    void aFullLastPageHasNoNext() {
        var account = Api.newAccount();
        insert(account, 4, new Random(1));

        var page = asOperator().queryParam("limit", 2).get("/v1/accounts/" + account + "/usage").then().statusCode(200)
                .extract();
        asOperator().queryParam("limit", 2).queryParam("cursor", page.<String> path("next"))
                .get("/v1/accounts/" + account + "/usage").then().statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.equalTo(2))
                .body("next", org.hamcrest.Matchers.nullValue());
    }

    /**
     * Rows over two months, five to an instant, ids shuffled so that insertion order tells nothing. Ids carry the
     * account, as reservation ids do: the primary key is (id, occurred_at) across all accounts.
     */
    private List<Expected> insert(String account, int count, Random random) {
        var subs = new String[] { "rome", "milan", null };
        var rows = new ArrayList<Expected>();
        for (int i = 0; i < count; i++) {
            var at = Instant.parse("2026-02-27T00:00:00Z").plusSeconds(86_400L * (i / 5));
            rows.add(new Expected(at, String.format("%s.r%06d", account, random.nextInt(1000) * 100 + i), subs[i % 3]));
        }
        java.util.Collections.shuffle(rows, random);
        var fixtures = new HistoryRows(database);
        for (var row : rows) {
            var fixture = usage(account, row.id(), row.at().toString());
            if (row.subAccount() != null) {
                fixture.set("sub_account", row.subAccount());
            }
            fixtures.insert(fixture);
        }
        rows.sort(Comparator.comparing(Expected::at).thenComparing(Expected::id).reversed());
        return rows;
    }

    private static List<String> walk(String account, Map<String, Object> query) {
        var seen = new ArrayList<String>();
        String cursor = null;
        for (int pages = 0; pages < 100; pages++) {
            var request = asOperator().queryParams(query);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get("/v1/accounts/" + account + "/usage").then().statusCode(200).extract();
            seen.addAll(page.<List<String>> path("items.id"));
            cursor = page.path("next");
            if (cursor == null) {
                return seen;
            }
        }
        throw new AssertionError("no last page after 100 pages");
    }

    private static List<String> ids(List<Expected> rows) {
        return rows.stream().map(Expected::id).toList();
    }
}
