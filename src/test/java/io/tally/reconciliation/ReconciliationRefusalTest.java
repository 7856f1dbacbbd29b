package io.tally.reconciliation;

import static io.tally.Api.asOperator;
import static io.tally.reconciliation.ReconciliationFlowTest.grant;
import static io.tally.reconciliation.ReconciliationFlowTest.reconciliation;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tally.Api;
import io.tally.ledger.Partitions;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.sqlclient.Pool;

/** With the usage writer off, the test decides which events are written: unwritten ones block a rebuild. */
@QuarkusTest
@TestProfile(ReconciliationRefusalTest.WriterOff.class)
class ReconciliationRefusalTest {
    public static class WriterOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tally.usage.writer.enabled", "false");
        }
    }

    @Inject
    RedisPipes redis;
    @Inject
    Pool pg;
    @ConfigProperty(name = "tally.ledger.partitions")
    int partitions;

    @Test
    void anUndeliveredOrPendingEventMakesReconciliationUnsettledAndRefusesARebuild() {
        var writer = new EntryWriter(redis, pg, partitions);
        var account = Api.newAccount();
        grant(account, "package", "5");
        writer.write(account);
        reconciliation(account).body("settled", equalTo(true)).body("agrees", equalTo(true));

        grant(account, "promotional", "1");
        reconciliation(account).body("settled", equalTo(false)).body("agrees", equalTo(false));
        asOperator().post("/v1/accounts/" + account + "/rebuild")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", endsWith("/unwritten-events"));

        writer.deliverOnly(account);
        asOperator().post("/v1/accounts/" + account + "/rebuild")
                .then().statusCode(409).body("type", endsWith("/unwritten-events"));
    }

    /** A new account in the same partition as {@code account}. */
    private String neighbourOf(String account) {
        String id;
        do {
            id = "n-" + java.util.UUID.randomUUID().toString().substring(0, 12);
        } while (Partitions.of(id, partitions) != Partitions.of(account, partitions));
        asOperator().body(Map.of("id", id, "name", "Neighbour", "timeZone", "Europe/Rome")).post("/v1/accounts")
                .then().statusCode(201);
        return id;
    }

    @Test
    void anotherAccountsBacklogInThePartitionDoesNotHoldTheAccountBack() {
        var writer = new EntryWriter(redis, pg, partitions);
        var account = Api.newAccount();
        grant(account, "package", "5");
        writer.write(account);
        var neighbour = neighbourOf(account);
        grant(neighbour, "package", "1");
        reconciliation(account).body("settled", equalTo(true)).body("agrees", equalTo(true));
        asOperator().post("/v1/accounts/" + account + "/rebuild").then().statusCode(200).body("lots", equalTo(1));
    }
}
