package io.tally.reconciliation;

import java.time.Duration;
import java.util.UUID;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.tally.ledger.RedisLedger;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The ledger's epoch (docs/ledger.md "Losing Redis"): recorded once in PostgreSQL, written to every partition's
 * {@code {pN}:epoch} in Redis when the ledger is new. A partition whose key is gone lost its data: the money scripts
 * refuse it until {@link LedgerRestore} rebuilt its accounts and wrote the key again. At start-up:
 * <ul>
 * <li>no epoch in PostgreSQL (a new deployment, or one from before epochs, whose Redis is taken as it is): one is
 * created and every partition opened;</li>
 * <li>an epoch but no ledger entry in PostgreSQL: nothing could be restored, so every partition is opened;</li>
 * <li>otherwise partitions without the key stay closed, and are logged.</li>
 * </ul>
 */
@Singleton
class LedgerEpoch {
    private static final Logger LOG = Logger.getLogger(LedgerEpoch.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Pool pg;
    private final RedisLedger ledger;

    LedgerEpoch(Pool pg, RedisLedger ledger) {
        this.pg = pg;
        this.ledger = ledger;
    }

    void onStart(@Observes StartupEvent event) {
        start().await().atMost(START_TIMEOUT);
    }

    Uni<Void> start() {
        return pg.query("SELECT epoch, NOT EXISTS (SELECT 1 FROM ledger_entries) AS empty FROM ledger_epoch")
                .execute()
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return create().chain(ledger::openAll);
                    }
                    var row = rows.iterator().next();
                    return row.getBoolean("empty") ? ledger.openAll(row.getString("epoch")) : reportLost();
                });
    }

    /** The epoch recorded in PostgreSQL. */
    Uni<String> epoch() {
        return pg.query("SELECT epoch FROM ledger_epoch").execute()
                .map(rows -> rows.iterator().next().getString("epoch"));
    }

    /** Two replicas starting together create one epoch: the first insert wins, both read it back. */
    private Uni<String> create() {
        return pg.preparedQuery("INSERT INTO ledger_epoch (epoch) VALUES ($1) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(UUID.randomUUID().toString()))
                .chain(this::epoch)
                .invoke(epoch -> LOG.infof("New ledger, epoch %s", epoch));
    }

    private Uni<Void> reportLost() {
        return ledger.lostPartitions()
                .invoke(lost -> {
                    if (!lost.isEmpty()) {
                        LOG.errorf("Redis lost the ledger of %d partition(s) %s: their money calls answer 503 until "
                                + "an operator restores them (POST /v1/ledger/restore)", lost.size(), lost);
                    }
                })
                .replaceWithVoid();
    }
}
