package io.tally.reconciliation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.tally.account.AccountDirectory;
import io.tally.account.AccountProfile;
import io.tally.ledger.LedgerConfig;
import io.tally.ledger.LedgerKeys;
import io.tally.platform.ProblemException;
import io.tally.platform.Refusal;

/**
 * Compares an account's Redis hash with what PostgreSQL's ledger entries sum to, and rebuilds the Redis state from
 * them (docs/usage.md "Reconciliation").
 */
@Singleton
class Reconciler {
    private static final Logger LOG = Logger.getLogger(Reconciler.class);
    private final AccountDirectory directory;
    private final RedisAccountState redis;
    private final ReconciliationRepository entries;
    private final RestoreRepository restores;
    private final LedgerKeys keys;
    private final Clock clock;
    /** Open holds per script of a rebuild. */
    private final int chunk;

    Reconciler(AccountDirectory directory, RedisAccountState redis, ReconciliationRepository entries,
            RestoreRepository restores, LedgerConfig ledger, Clock clock, ReconciliationConfig config) {
        this.directory = directory;
        this.redis = redis;
        this.entries = entries;
        this.restores = restores;
        this.keys = new LedgerKeys(ledger.partitions());
        this.clock = clock;
        this.chunk = config.rebuildChunk();
        if (chunk < 1) {
            throw new IllegalArgumentException("tally.reconciliation.rebuild-chunk must be at least 1: " + chunk);
        }
    }

    /**
     * The account's differences; when it has unwritten events they may be transient ({@code settled = false}). A
     * lost partition ({@code lost}: Redis lost its data) never agrees; {@code restore} is the partition's last restore
     * (read by {@link #reconcile} only), which says when its unwritten events were lost.
     */
    record Report(String account, boolean settled, boolean lost, Instant checkedAt, String readAt,
            List<Reconciliation.Difference> differences, Optional<RestoreRepository.LostWindow> restore) {

        boolean agrees() {
            return !lost && differences.isEmpty();
        }
    }

    /** What a rebuild wrote. */
    record Rebuilt(String account, int fields, int lots, int holds, LedgerSums sums) {
    }

    Uni<Report> reconcile(String account) {
        return profile(account)
                .chain(profile -> compare(account))
                .chain(report -> restores.lastRestore(keys.partition(account))
                        .map(restore -> new Report(report.account(), report.settled(), report.lost(),
                                report.checkedAt(), report.readAt(), report.differences(), restore)));
    }

    /** The comparison alone, for an account known to exist. */
    Uni<Report> compare(String account) {
        var checkedAt = clock.instant();
        return redis.snapshot(account)
                .chain(snapshot -> entries.sums(account, snapshot.lastId())
                        .map(sums -> new Report(account, !snapshot.unwritten(), snapshot.lost(), checkedAt,
                                snapshot.lastId().map(Object::toString).orElse(null),
                                Reconciliation.differences(snapshot.hash(), sums.hash()), Optional.empty())));
    }

    Uni<Rebuilt> rebuild(String account) {
        return profile(account)
                .chain(profile -> redis.snapshot(account)
                        .invoke(Reconciler::requireWritten)
                        .chain(snapshot -> rebuild(profile, snapshot)));
    }

    private Uni<Rebuilt> rebuild(AccountProfile profile, AccountSnapshot snapshot) {
        var account = profile.account().id();
        var holds = new AtomicInteger();
        // Every entry, like the open holds: whatever the stream's ids say, an entry of the account after the snapshot
        // makes rebuild.lua refuse (moved), so the whole history is the state at the snapshot.
        return entries.sums(account, Optional.empty())
                .chain(sums -> entries.refreshStarts(account)
                        .map(starts -> RefreshSchedule.of(starts, sums.metas(), profile.account().cycle()))
                        .map(schedule -> new Sums(sums, schedule)))
                .chain(read -> rebuild(profile, snapshot, read.sums(), read.schedule(), holds));
    }

    /** The summed entries and the refresh schedule they give. */
    private record Sums(LedgerSums sums, List<RefreshSchedule.Next> schedule) {
    }

    private Uni<Rebuilt> rebuild(AccountProfile profile, AccountSnapshot snapshot, LedgerSums sums,
            List<RefreshSchedule.Next> schedule, AtomicInteger holds) {
        var account = profile.account().id();
        return redis.rebuild(account, snapshot.lastId(), sums.hash(), schedule)
                .onFailure().transform(failure -> incomplete(account, holds.get(), failure))
                .invoke(outcome -> requireRebuilt(account, outcome))
                .chain(() -> writeHolds(account, profile.account().timeZone(), "", holds))
                .map(ignored -> new Rebuilt(account, sums.hash().size(), sums.metas().size(), holds.get(), sums));
    }

    /** The open holds after {@code after}, one page from PostgreSQL and one bounded script at a time. */
    private Uni<Void> writeHolds(String account, ZoneId zone, String after, AtomicInteger written) {
        return entries.openHolds(account, zone, after, chunk)
                .chain(page -> page.isEmpty() ? Uni.createFrom().voidItem()
                        : redis.writeHolds(account, page)
                                .invoke(written::addAndGet)
                                .chain(() -> page.size() < chunk ? Uni.createFrom().voidItem()
                                        : writeHolds(account, zone, page.get(page.size() - 1).reservationId(),
                                                written)))
                .onFailure(failure -> !(failure instanceof ProblemException) && !malformed(failure))
                .transform(failure -> incomplete(account, written.get(), failure));
    }

    /**
     * A failure of the data, not of the stores: a ledger entry without what a rebuild needs. Repeating the rebuild
     * would not help; an infrastructure failure or a refusal is something else.
     */
    static boolean malformed(Throwable failure) {
        return failure instanceof IllegalArgumentException || failure instanceof NullPointerException
                || failure instanceof NoSuchElementException;
    }

    private static void requireRebuilt(String account, RedisAccountState.Rebuild outcome) {
        switch (outcome) {
            case WRITTEN:
                return;
            case UNWRITTEN_EVENTS:
                throw unwritten();
            default:
                throw ProblemException.conflict("account-moved", "account " + account + " moved while it was "
                        + "being rebuilt; nothing was written, try again", null);
        }
    }

    /**
     * A rebuild that failed once it had started writing (a Redis timeout may even have applied the step): the answer
     * says so, since a rebuild is safe to repeat.
     */
    private static ProblemException incomplete(String account, int holds, Throwable failure) {
        if (failure instanceof ProblemException problem) {
            return problem;
        }
        LOG.warnf("Rebuild of %s stopped after %d open hold(s): %s", account, holds, failure.toString());
        return ProblemException.unavailable("rebuild-incomplete", "the rebuild of account " + account + " stopped "
                + "part way (" + failure.getMessage() + "): its balance may have been rewritten with " + holds
                + " of its open holds and not the rest; repeat the rebuild, which is safe to repeat",
                Duration.ofSeconds(1));
    }

    private static void requireWritten(AccountSnapshot snapshot) {
        if (snapshot.unwritten()) {
            throw unwritten();
        }
    }

    private static ProblemException unwritten() {
        return ProblemException.conflict("unwritten-events", "the account has ledger events that are not in "
                + "PostgreSQL yet; rebuild once the usage writer has caught up", null);
    }

    private Uni<AccountProfile> profile(String account) {
        try {
            LedgerKeys.requireId(account, "account");
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(Refusal.invalid("account",
                    "account: 1 to 64 characters of A-Z, a-z, 0-9, '-' and '_'"));
        }
        return directory.profile(account)
                .map(found -> found.orElseThrow(() -> Refusal.notFound("no account " + account)));
    }
}
