package io.tally.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.smallrye.mutiny.Uni;

/**
 * The ledger port: one atomic money movement per call. Expected outcomes (insufficient, conflict, unknown) are
 * values; a failure of the {@code Uni} means the ledger could not be reached or answered, and nothing is known to
 * have happened (a retry with the same idempotency key is safe).
 */
public interface Ledger {
    Uni<ReserveOutcome> reserve(Reserve command);

    Uni<SettleOutcome> settle(Settle command);

    Uni<MeterOutcome> meter(Meter command);

    Uni<CreditOutcome> grant(Grant command);

    Uni<CreditOutcome> allocate(Allocate command);

    /** Credits or debits the pool or a sub-account's allocation (docs/ledger.md "Adjustments"). */
    Uni<AdjustOutcome> adjust(Adjust command);

    /** Takes a lot's credits left off the books (docs/ledger.md "Adjustments"). */
    Uni<AdjustOutcome> voidLot(VoidLot command);

    /** The account's balance; {@code monthSpend} for {@code month} (yyyy-MM). */
    Uni<Balance> balance(String account, String month);

    /** Takes what is left of a lot past its expiry off the books (the sweeper's; idempotent). */
    Uni<ExpireOutcome> expire(ExpireCredits command);

    /** Renews a lot at one boundary of its refresh cycle (the sweeper's; exactly once per lot and boundary). */
    Uni<RefreshOutcome> refresh(RefreshCredits command);

    /** Up to {@code limit} lots of a partition's schedule of refreshes due at or before {@code now}, soonest first. */
    Uni<List<RefreshingLot>> dueRefreshes(int partition, Instant now, int limit);

    /**
     * Moves the expiry of the account's unexpired package lots to the command's (one {@code extend-expiry} event
     * each); answers how many moved. Idempotent.
     */
    Uni<Integer> extendExpiry(ExtendExpiry command);

    /** Up to {@code limit} lots of a partition's schedule whose expiry is at or before {@code now}, soonest first. */
    Uni<List<ExpiringLot>> dueExpiries(int partition, Instant now, int limit);

    /**
     * Claims the sweep of a partition's expiries for {@code ttl}, or renews this owner's claim (false: another replica
     * holds it). Only saves work:
     * the expiry script is idempotent, so two sweepers would do no harm.
     */
    Uni<Boolean> claimExpiries(int partition, String owner, java.time.Duration ttl);

    /** Up to {@code limit} reservation ids of a partition whose deadline is at or before {@code now}, soonest first. */
    Uni<List<String>> dueHolds(int partition, Instant now, int limit);

    /**
     * Claims up to {@code limit} open auto-recharges of a partition that are due at {@code now}: each is due again
     * after {@code lease} unless {@link #endRecharge} ends it first (so a worker that died leaves it to another).
     */
    Uni<List<DueRecharge>> dueRecharges(int partition, Instant now, Duration lease, int limit);

    /**
     * Ends the account's open recharge {@code rechargeId} ({@code retryAt} is when a {@link RechargeEnd#RETRY} is due);
     * false when it is not the open one (another worker ended it).
     */
    default Uni<Boolean> endRecharge(String account, String rechargeId, RechargeEnd end, Instant retryAt) {
        return endRecharge(account, rechargeId, end, retryAt, retryAt, 0, "");
    }

    /**
     * Ends the account's open recharge, as {@link #endRecharge(String, String, RechargeEnd, Instant)}, and raises its
     * recharge alerts: a {@link RechargeEnd#DONE} that bought {@code credits} (micro-credits, > 0) as succeeded, a
     * {@link RechargeEnd#FAILED} as failed for {@code reason}; once, since only the open recharge ends.
     */
    Uni<Boolean> endRecharge(String account, String rechargeId, RechargeEnd end, Instant retryAt, Instant now,
            long credits, String reason);

    /** The accounts of a partition with a credits-expiring alert rule (docs/alerts.md). */
    Uni<List<String>> expiryWarningAccounts(int partition);

    /**
     * Raises the account's credits-expiring alerts due at {@code now}: once per lot, rule and expiry. Answers how many
     * were raised, or -1 when the account has no such rule any more (it leaves the partition's set).
     */
    Uni<Integer> warnExpiring(String account, String eventId, Instant now);
}
