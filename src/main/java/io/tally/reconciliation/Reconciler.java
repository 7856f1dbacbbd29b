package io.tally.reconciliation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.tally.account.AccountDirectory;
import io.tally.account.AccountProfile;
import io.tally.ledger.LedgerKeys;
import io.tally.platform.ProblemException;

/**
 * Compares an account's Redis hash with what PostgreSQL's ledger entries sum to, and rebuilds the Redis state from
 * them (docs/usage.md "Reconciliation").
 */
@Singleton
class Reconciler {
    private final AccountDirectory directory;
    private final RedisAccountState redis;
    private final ReconciliationRepository entries;
    private final Clock clock;

    Reconciler(AccountDirectory directory, RedisAccountState redis, ReconciliationRepository entries, Clock clock) {
        this.directory = directory;
        this.redis = redis;
        this.entries = entries;
        this.clock = clock;
    }

    /** The account's differences; when it has unwritten events they may be transient ({@code settled = false}). */
    record Report(String account, boolean settled, Instant checkedAt, String readAt,
            List<Reconciliation.Difference> differences) {
    }

    /** What a rebuild wrote. */
    record Rebuilt(String account, int fields, int lots, int holds, LedgerSums sums) {
    }

    Uni<Report> reconcile(String account) {
        return profile(account)
                .chain(profile -> compare(account));
    }

    /** The comparison alone, for an account known to exist. */
    Uni<Report> compare(String account) {
        var checkedAt = clock.instant();
        return redis.snapshot(account)
                .chain(snapshot -> entries.sums(account, snapshot.lastId())
                        .map(sums -> new Report(account, !snapshot.unwritten(), checkedAt,
                                snapshot.lastId().map(Object::toString).orElse(null),
                                Reconciliation.differences(snapshot.hash(), sums.hash()))));
    }

    Uni<Rebuilt> rebuild(String account) {
        return profile(account)
                .chain(profile -> redis.snapshot(account)
                        .invoke(Reconciler::requireWritten)
                        .chain(snapshot -> rebuild(profile, snapshot)));
    }

    private Uni<Rebuilt> rebuild(AccountProfile profile, AccountSnapshot snapshot) {
        var account = profile.account().id();
        // Every entry, like the open holds: whatever the stream's ids say, an entry of the account after the snapshot
        // makes rebuild.lua refuse (moved), so the whole history is the state at the snapshot.
        return entries.sums(account, Optional.empty())
                .chain(sums -> entries.openHolds(account, profile.account().timeZone())
                        .chain(holds -> redis.rebuild(account, snapshot.lastId(), sums.hash(), holds)
                                .map(outcome -> rebuilt(account, outcome, sums, holds))));
    }

    private static Rebuilt rebuilt(String account, RedisAccountState.Rebuild outcome, LedgerSums sums,
            List<OpenHold> holds) {
        switch (outcome) {
            case WRITTEN:
                return new Rebuilt(account, sums.hash().size(), sums.metas().size(), holds.size(), sums);
            case UNWRITTEN_EVENTS:
                throw unwritten();
            default:
                throw ProblemException.conflict("account-moved", "account " + account + " moved while it was "
                        + "being rebuilt; nothing was written, try again", null);
        }
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
            return Uni.createFrom().failure(ProblemException.invalid("account",
                    "account: 1 to 64 characters of A-Z, a-z, 0-9, '-' and '_'"));
        }
        return directory.profile(account)
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("no account " + account)));
    }
}
