package io.tally.reconciliation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tally.ledger.RedisLedger;

/**
 * Restores the partitions Redis lost from PostgreSQL (docs/ledger.md "Losing Redis"), one bounded step per call: a
 * page of accounts (id order) is walked, each account of a lost partition rebuilt ({@link Reconciler#rebuild}, its
 * holds in bounded scripts), and the position recorded in PostgreSQL, so that the next call (from any replica, after
 * any failure) goes on from there. When the walk reaches the last account the partitions are reopened: their epoch
 * is written again and their money calls are served.
 */
@Singleton
class LedgerRestore {
    private static final Logger LOG = Logger.getLogger(LedgerRestore.class);

    /**
     * What one step did.
     *
     * @param restoring the partitions being restored (lost) when the step began
     * @param accounts accounts rebuilt by this step
     * @param holds open holds they got back
     * @param after the last account looked at, '' when the walk is over
     * @param open every partition is open now
     * @param unrestorable accounts of this step whose ledger entries do not make a ledger (a malformed history): left
     *        empty or incomplete in Redis and logged, so that one bad history does not keep every other account
     *        closed
     */
    record Step(List<Integer> restoring, int accounts, int holds, String after, boolean open,
            List<String> unrestorable) {
    }

    /** What the step found for one partition: accounts rebuilt, and the newest entry among them. */
    private static final class Tally {
        int accounts;
        Optional<Instant> newest = Optional.empty();

        void add(Optional<Instant> entry) {
            accounts++;
            if (entry.isPresent() && (newest.isEmpty() || entry.get().isAfter(newest.get()))) {
                newest = entry;
            }
        }
    }

    private final RedisLedger ledger;
    private final Reconciler reconciler;
    private final ReconciliationRepository entries;
    private final RestoreRepository restores;
    private final LedgerEpoch epoch;
    private final Clock clock;

    LedgerRestore(RedisLedger ledger, Reconciler reconciler, ReconciliationRepository entries,
            RestoreRepository restores, LedgerEpoch epoch, Clock clock) {
        this.ledger = ledger;
        this.reconciler = reconciler;
        this.entries = entries;
        this.restores = restores;
        this.epoch = epoch;
        this.clock = clock;
    }

    /** One step over at most {@code limit} accounts. */
    Uni<Step> step(int limit) {
        return ledger.lostPartitions()
                .chain(lost -> lost.isEmpty()
                        ? Uni.createFrom().item(new Step(List.of(), 0, 0, "", true, List.of()))
                        : restores.found(lost, clock.instant())
                                .map(restoring -> restoring.stream()
                                        .filter(r -> lost.contains(r.partition()))
                                        .collect(Collectors.toMap(RestoreRepository.Restoring::partition, r -> r)))
                                .chain(restoring -> step(restoring, limit)));
    }

    /** Every partition being restored shares one position in the walk ({@link RestoreRepository#found}). */
    private Uni<Step> step(Map<Integer, RestoreRepository.Restoring> restoring, int limit) {
        var after = restoring.values().iterator().next().after();
        var tallies = new HashMap<Integer, Tally>();
        restoring.keySet().forEach(partition -> tallies.put(partition, new Tally()));
        var holds = new AtomicInteger();
        var unrestorable = new ArrayList<String>();
        return entries.accounts(after, limit)
                .chain(page -> Multi.createFrom().iterable(page)
                        .filter(account -> restoring.containsKey(ledger.keys().partition(account)))
                        .onItem().transformToUniAndConcatenate(account -> reconciler.rebuild(account)
                                .invoke(rebuilt -> holds.addAndGet(rebuilt.holds()))
                                .chain(() -> restores.newestEntry(account))
                                .invoke(newest -> tallies.get(ledger.keys().partition(account)).add(newest))
                                .onFailure(Reconciler::malformed).recoverWithItem(failure -> {
                                    LOG.errorf(failure, "Account %s cannot be restored: its ledger entries do not "
                                            + "make a ledger; its Redis state is empty or incomplete", account);
                                    unrestorable.add(account);
                                    return Optional.empty();
                                }))
                        .collect().last()
                        .chain(() -> record(restoring, tallies, page.isEmpty() ? after : page.get(page.size() - 1)))
                        .chain(() -> page.size() < limit ? reopen(restoring) : Uni.createFrom().voidItem())
                        .map(ignored -> new Step(restoring.keySet().stream().sorted().toList(),
                                tallies.values().stream().mapToInt(t -> t.accounts).sum(), holds.get(),
                                page.size() < limit ? "" : page.get(page.size() - 1), page.size() < limit,
                                List.copyOf(unrestorable))));
    }

    private Uni<Void> record(Map<Integer, RestoreRepository.Restoring> restoring, Map<Integer, Tally> tallies,
            String after) {
        return Multi.createFrom().iterable(restoring.values())
                .onItem().transformToUniAndConcatenate(r -> restores.progress(r.partition(), r.detectedAt(), after,
                        tallies.get(r.partition()).accounts, tallies.get(r.partition()).newest))
                .collect().last().replaceWithVoid();
    }

    /** Every account was rebuilt: the partitions serve money calls again. */
    private Uni<Void> reopen(Map<Integer, RestoreRepository.Restoring> restoring) {
        var now = clock.instant();
        return epoch.epoch()
                .chain(value -> ledger.open(value, restoring.keySet()))
                .chain(() -> Multi.createFrom().iterable(restoring.values())
                        .onItem().transformToUniAndConcatenate(r -> restores.reopened(r.partition(), r.detectedAt(),
                                now))
                        .collect().last())
                .invoke(() -> LOG.warnf("Ledger partitions %s restored from PostgreSQL and reopened",
                        restoring.keySet()))
                .replaceWithVoid();
    }
}
